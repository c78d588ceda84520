import { HostMap } from './hosts';
import { IrDestination, IrRedirect, IrServer, Note, ServerHost } from './ir';
import { ManifestIndex, serviceOfHost, showRef } from './manifests';
import { HttpRequest, mismatch } from './matching';
import {
  BackendInfo,
  ExplainResult,
  ListenerInfo,
  RedirectInfo,
  RouteInfo,
  RouteOutcome,
  TraceEntry,
  TraceReason,
} from './result';
import { chainFor, hostMapOf, Proxy, RouteConfig, TableRoute, VirtualHost } from './table';

export interface EvaluationContext {
  readonly index: ManifestIndex;
  readonly notes: HostMap<Note>;
  readonly warnings: readonly string[];
  readonly clusterDomain: string;
}

const BASIS = {
  port: 'istiod buildGatewayListeners: the proxy listens on the ports of its Gateways\' servers (listeners) only',
  plainOnTls: 'istiod mergeGateways (pilot/pkg/model/gateway.go): a TLS server\'s port takes TLS connections, chosen by SNI',
  tlsOnPlain: 'istiod mergeGateways: a plain HTTP server\'s port has no TLS filter chain, so a TLS handshake fails',
  sni: 'Envoy filter chain match by server_names (SNI): an exact name, then the longest wildcard',
  vhost: 'Envoy VirtualHost.domains: an exact domain first, then the longest suffix wildcard, then the longest prefix wildcard, then * (route_components.proto)',
  noVhost: 'istiod buildGatewayHTTPRouteConfig: a virtual host exists only for hosts where a server host and a VirtualService host intersect; other hosts get 404 (NR route_not_found)',
  requireTls: 'Istio Server.tls.httpsRedirect: "If set to true, the load balancer will send a 301 redirect for all http connections, asking the clients to use HTTPS" (Envoy require_tls ALL)',
  firstMatch: 'istiod BuildHTTPRoutesForVirtualService (pilot/pkg/networking/core/route/route.go): Envoy matches a virtual host\'s routes in order, the first match wins',
  catchAll: 'istiod SortVHostRoutes (pilot/pkg/networking/core/route/route.go): catch-all routes move to the end of the virtual host',
  gatewayOrder:
    'Gateway API HTTPRouteRule.matches: "precedence must be given to the match having: Exact path match, Prefix path match with largest number of characters, Method match, Largest number of header matches, Largest number of query param matches"; RegularExpression last (istiod getURIRank)',
  gatewayTie:
    'Gateway API: "If ties still exist across multiple Routes, matching precedence MUST be determined in order of: the oldest Route based on creation timestamp, the Route appearing first in alphabetical order by {namespace}/{name}. If ties still exist within an HTTPRoute, matching precedence MUST be granted to the FIRST matching rule"',
  ingressOrder: 'istiod ingress sortHTTPRoutes (pilot/pkg/config/kube/ingress/virtualservices.go): the longest path first, Exact before Prefix at equal length',
  vsOrder: 'istiod VirtualServicesForGateway and sortConfigByCreationTime (pilot/pkg/model/push_context.go, config.go): VirtualServices of a host are concatenated oldest first, then by name, then namespace',
  invalidBackend: 'istiod applyHTTPRouteDestination: Gateway API routes answer 500 for an invalid backend (ClusterNotFoundResponseCode)',
};

/** The answer when the input has no gateway at all: the notes say why (an Ingress or Gateway of another class, ...). */
export function withoutGateway(context: EvaluationContext, request: HttpRequest): ExplainResult {
  const trace: TraceEntry[] = [];
  const warnings = [...context.warnings, "the input has no gateway: no Istio Gateway, Gateway API Gateway of an Istio class, or Ingress of Istio's class"];
  for (const note of new Set(context.notes.matching(request.host))) {
    trace.push(note.entry);
    if (note.warning) warnings.push(note.warning);
  }
  return ordered({ request: requestInfo(request), outcome: RouteOutcome.NO_LISTENER, backends: [], policies: [], trace, warnings: [...new Set(warnings)] });
}

/** The request's answer on one proxy: listener, virtual host, route, action. */
export function evaluate(context: EvaluationContext, proxy: Proxy, request: HttpRequest, sni: string | undefined): ExplainResult {
  const trace: TraceEntry[] = [];
  const warnings: string[] = [...context.warnings];
  const gateway = proxy.names.join(', ');
  // Notes about refused attachments concern the listeners the request reached: the whole proxy until one is chosen.
  let keys: ReadonlySet<string> = proxy.gatewayKeys;
  const reached = (servers: readonly IrServer[]) => {
    keys = new Set(servers.map((s) => s.gatewayKey));
  };
  const done = (result: Partial<ExplainResult> & Pick<ExplainResult, 'outcome'>): ExplainResult => {
    addNotes(context, proxy, keys, request, trace, warnings);
    return ordered({ request: requestInfo(request), gateway, backends: [], policies: [], ...result, trace, warnings: [...new Set(warnings)] });
  };
  const table = proxy.ports.get(request.port);
  if (!table) {
    for (const other of proxy.ports.values()) {
      const server = other.plainServers[0] ?? other.tlsServers[0] ?? other.otherServers[0];
      trace.push({ object: server.object, field: server.field, reason: TraceReason.PORT_MISMATCH, message: `listens on port ${other.port} (${server.protocol}), not ${request.port}`, basis: BASIS.port });
    }
    return done({ outcome: RouteOutcome.NO_LISTENER });
  }
  let routeConfig: RouteConfig | undefined;
  if (request.scheme === 'http') {
    if (!table.plain) {
      const server = table.tlsServers[0] ?? table.otherServers[0];
      trace.push({
        object: server.object,
        field: server.field,
        reason: TraceReason.PROTOCOL_MISMATCH,
        message: `port ${request.port} is served as ${server.protocol}${server.tls ? ' (TLS)' : ''}, so a plain HTTP request is refused; use https://`,
        basis: server.tls ? BASIS.plainOnTls : BASIS.port,
      });
      return done({ outcome: RouteOutcome.NO_LISTENER });
    }
    routeConfig = table.plain;
    reached(table.plain.servers);
  } else {
    if (table.chains.length === 0) {
      const server = table.plainServers[0] ?? table.otherServers[0] ?? table.tlsServers[0];
      trace.push({
        object: server.object,
        field: server.field,
        reason: TraceReason.PROTOCOL_MISMATCH,
        message: table.plainServers.length > 0 ? `port ${request.port} serves plain ${server.protocol}, so a TLS handshake fails; use http://` : `no TLS route on port ${request.port}`,
        basis: BASIS.tlsOnPlain,
      });
      return done({ outcome: RouteOutcome.NO_LISTENER });
    }
    const chain = chainFor(table.chains, sni);
    if (!chain) {
      for (const other of table.chains) {
        const source = other.passthrough?.route ?? other.server;
        trace.push({ object: source.object, field: source.field, reason: TraceReason.SNI_MISMATCH, message: `TLS for ${other.sniHosts.join(', ')}, not SNI ${sni ?? '(none)'}`, basis: BASIS.sni });
      }
      return done({ outcome: RouteOutcome.NO_LISTENER });
    }
    reached([chain.server]);
    if (chain.passthrough) {
      const { route, match } = chain.passthrough;
      trace.push({ object: route.object, field: `${route.field}.match[${match}]`, reason: TraceReason.SELECTED, message: `TLS with SNI ${sni} passes through to ${route.destinations.map((d) => d.host).join(', ')}`, basis: BASIS.sni });
      const backends = backendsOf(context, route.destinations, warnings);
      return done({
        outcome: RouteOutcome.TLS_PASSTHROUGH,
        listener: listenerInfo(chain.server, sni ?? request.host),
        route: { object: route.object, field: `${route.field}.match[${match}]`, rule: route.rule, match: `SNI ${chain.sniHosts.join(', ')}`, virtualHost: chain.sniHosts[0] },
        backends,
      });
    }
    routeConfig = chain.routeConfig;
  }
  return routeRequest(context, request, routeConfig!, trace, warnings, done);
}

function routeRequest(
  context: EvaluationContext,
  request: HttpRequest,
  routeConfig: RouteConfig,
  trace: TraceEntry[],
  warnings: string[],
  done: (result: Partial<ExplainResult> & Pick<ExplainResult, 'outcome'>) => ExplainResult,
): ExplainResult {
  const candidates = routeConfig.index.covering(request.host);
  if (candidates.length === 0) {
    const server = routeConfig.servers[0];
    const all = routeConfig.virtualHosts;
    const domains = all.slice(0, LISTED_HOSTS).map((v) => v.domain);
    trace.push({
      object: server.object,
      field: server.field,
      reason: TraceReason.HOST_MISMATCH,
      message:
        all.length === 0
          ? `no route is bound to the ${server.protocol} listener(s) of port ${server.port}: every request gets 404`
          : `no virtual host for ${request.host} on port ${server.port}; the hosts served are ${domains.join(', ')}${all.length > LISTED_HOSTS ? `, ... (${all.length} in all)` : ''}`,
      basis: BASIS.noVhost,
    });
    return done({ outcome: RouteOutcome.NOT_FOUND, statusCode: 404, listener: listenerInfo(server, request.host) });
  }
  const vhost = candidates[0].value;
  for (const other of candidates.slice(1)) {
    const vs = other.value.virtualServices[0];
    const object = vs?.object ?? other.value.servers[0].object;
    trace.push({
      object,
      field: vs ? 'spec.hosts' : other.value.servers[0].field,
      reason: TraceReason.LESS_SPECIFIC_HOST,
      message: `its host ${other.domain} also covers ${request.host}, but Envoy takes the more specific virtual host ${vhost.domain}, whose routes alone are tried`,
      basis: BASIS.vhost,
    });
  }
  const server = vhost.servers[0] ?? routeConfig.servers[0];
  const listener = listenerInfo(server, request.host);
  if (vhost.requireTls && request.scheme === 'http') {
    const redirecting = vhost.servers.find((s) => s.tls?.httpsRedirect) ?? server;
    trace.push({ object: redirecting.object, field: `${redirecting.field}.tls.httpsRedirect`, reason: TraceReason.HTTPS_REDIRECT, message: `plain HTTP for ${vhost.domain} is redirected to HTTPS`, basis: BASIS.requireTls });
    const explicit = /:(\d+)$/.exec(request.headers.get(':authority') ?? '');
    const port = explicit && Number(explicit[1]) !== 80 ? Number(explicit[1]) : 443;
    return done({ outcome: RouteOutcome.REDIRECT, statusCode: 301, listener, redirect: redirectInfo('https', request.host, port, request.path, request.query, 301) });
  }
  let winner: TableRoute | undefined;
  for (const route of vhost.routes) {
    const problem = mismatch(route.compiled, request);
    const field = route.match?.field ?? route.http.field;
    if (!winner) {
      if (problem) {
        trace.push({ object: route.http.object, field, reason: TraceReason.NO_MATCH, message: `${route.text}: ${problem}`, basis: BASIS.firstMatch });
        continue;
      }
      winner = route;
      trace.push({ object: route.http.object, field, reason: TraceReason.SELECTED, message: `${route.text}: matches`, basis: BASIS.firstMatch });
      continue;
    }
    if (problem) continue;
    if (route.http === winner.http) continue;
    const why = whyFirst(winner, route);
    trace.push({ object: route.http.object, field, reason: TraceReason.SHADOWED, message: `${route.text}: matches too, but ${showRef(winner.http.object)} ${winner.match?.field ?? winner.http.field} comes first: ${why.text}`, basis: why.basis });
    if (why.byName) {
      warnings.push(
        `the answer depends on the order of ${showRef(winner.vs.object)} and ${showRef(route.vs.object)}, which istiod sets by creation time; the manifests carry ${winner.vs.creation === undefined || route.vs.creation === undefined ? 'no creation timestamps, so the order by name was assumed' : 'equal creation timestamps, so the order by name was assumed'}`,
      );
    }
  }
  trace.push(...vhost.dropped);
  if (!winner) return done({ outcome: RouteOutcome.NOT_FOUND, statusCode: 404, listener });
  const route = routeInfo(winner, vhost);
  const { action } = winner.http;
  const policies = [...winner.http.policies];
  if (action.kind === 'direct') {
    return done({ outcome: RouteOutcome.DIRECT_RESPONSE, statusCode: action.status, listener, route, directResponse: { status: action.status, ...(action.body !== undefined ? { body: action.body } : {}) }, policies });
  }
  if (action.kind === 'redirect') {
    const redirect = applyRedirect(action.redirect, request, winner, server);
    return done({ outcome: RouteOutcome.REDIRECT, statusCode: redirect.statusCode, listener, route, redirect, policies });
  }
  const backends = backendsOf(context, action.destinations, warnings);
  for (const backend of backends) {
    if (backend.problem) trace.push({ object: winner.http.object, field: winner.http.field, reason: TraceReason.REFERENCE_GRANT_MISSING, message: backend.problem, basis: BASIS.invalidBackend });
  }
  const usable = backends.filter((b) => !b.problem);
  if (usable.length === 0 && backends.length > 0) {
    return done({ outcome: RouteOutcome.BACKEND_UNRESOLVED, statusCode: action.invalidCode, listener, route, backends, policies });
  }
  if (usable.length < backends.length) {
    const failing = backends.filter((b) => b.problem).reduce((sum, b) => sum + b.weight, 0);
    warnings.push(`${failing}% of these requests go to a backend that cannot be used and get ${action.invalidCode}`);
  }
  return done({ outcome: RouteOutcome.FORWARD, listener, route, backends, policies });
}

/** Why `first` is tried before `later` in one virtual host. */
function whyFirst(first: TableRoute, later: TableRoute): { text: string; basis: string; byName?: boolean } {
  if (!first.catchAll && later.catchAll) return { text: 'catch-all routes come last', basis: BASIS.catchAll };
  if (first.vs !== later.vs) {
    const byName = (first.vs.creation ?? 0) === (later.vs.creation ?? 0);
    return {
      text: `${showRef(first.vs.object)} is ${byName ? 'ordered before' : 'older than'} ${showRef(later.vs.object)}${byName ? ' by name (no creation time tells them apart)' : ''}, and the routes of VirtualServices for one host are concatenated in that order`,
      basis: BASIS.vsOrder,
      byName: byName && first.vs.semantics === 'istio',
    };
  }
  if (first.vs.semantics === 'gateway') {
    const a = precedence(first);
    const b = precedence(later);
    const reason =
      a.rank !== b.rank
        ? `${a.kind} beats ${b.kind}`
        : a.length !== b.length
          ? `the longer path (${a.length} characters against ${b.length}) wins`
          : a.method !== b.method
            ? 'a match with a method wins'
            : a.headers !== b.headers
              ? 'more header matches win'
              : a.query !== b.query
                ? 'more query parameter matches win'
                : undefined;
    if (reason) return { text: reason, basis: BASIS.gatewayOrder };
    return {
      text: first.http.object.name === later.http.object.name && first.http.object.namespace === later.http.object.namespace ? 'equal precedence, and its rule comes first' : 'equal precedence, and its HTTPRoute is older (or first by namespace/name)',
      basis: BASIS.gatewayTie,
    };
  }
  if (first.vs.semantics === 'ingress') {
    const a = precedence(first);
    const b = precedence(later);
    return { text: a.length !== b.length ? 'the longer path wins' : a.kind !== b.kind ? 'Exact wins over Prefix at equal length' : 'equal length, and it comes first (older Ingress, or first by name)', basis: BASIS.ingressOrder };
  }
  return { text: first.http === later.http ? 'an earlier match of the same route' : 'it comes earlier in the VirtualService (first match wins)', basis: BASIS.firstMatch };
}

function precedence(route: TableRoute) {
  const { path } = route.compiled;
  const rank = path.kind === 'exact' ? 3 : path.kind === 'regex' ? 1 : 2;
  return {
    rank,
    kind: path.kind === 'exact' ? 'an exact path' : path.kind === 'regex' ? 'a regular expression' : 'a path prefix',
    length: path.value.length,
    method: route.compiled.headers.some((h) => h.name === ':method'),
    headers: route.compiled.headers.filter((h) => !h.name.startsWith(':')).length,
    query: route.compiled.query.length,
  };
}

/** Notes about objects that never reached the route table, for the request's host and this proxy's gateways. */
function addNotes(context: EvaluationContext, proxy: Proxy, keys: ReadonlySet<string>, request: HttpRequest, trace: TraceEntry[], warnings: string[]): void {
  const seen = new Set<Note>();
  for (const note of [...proxy.notes.matching(request.host), ...context.notes.matching(request.host)]) {
    if (seen.has(note)) continue;
    seen.add(note);
    if (note.gatewayKeys && !note.gatewayKeys.some((k) => keys.has(k))) continue;
    trace.push(note.entry);
    if (note.warning) warnings.push(note.warning);
  }
}

/** The result's fields in reading order (outcome first), whatever order they were set in. */
export function ordered(result: ExplainResult): ExplainResult {
  const { request, outcome, statusCode, gateway, listener, route, backends, redirect, directResponse, policies, trace, warnings } = result;
  return {
    request,
    outcome,
    ...(statusCode !== undefined ? { statusCode } : {}),
    ...(gateway !== undefined ? { gateway } : {}),
    ...(listener ? { listener } : {}),
    ...(route ? { route } : {}),
    backends,
    ...(redirect ? { redirect } : {}),
    ...(directResponse ? { directResponse } : {}),
    policies,
    trace,
    warnings,
  };
}

function requestInfo(request: HttpRequest) {
  return { method: request.method, scheme: request.scheme, host: request.host, port: request.port, path: request.path, query: request.query };
}

/** Most hosts a result lists for a listener that covers none of the request's (a server of the Istio API may have thousands). */
const LISTED_HOSTS = 10;

/** A listener as results show it: with a request host, only its hosts covering that host (in O(labels)), else all of them. */
export function listenerInfo(server: IrServer, host?: string): ListenerInfo {
  const show = (h: ServerHost) => (h.namespace === '*' ? h.host : `${h.namespace}/${h.host}`);
  let hosts: string[];
  if (host === undefined) hosts = server.hosts.map(show);
  else {
    const covering = hostMapOf(server).matching(host).map(show);
    hosts = covering.length > 0 ? covering : server.hosts.slice(0, LISTED_HOSTS).map(show);
  }
  return {
    gateway: server.object,
    ...(server.name ? { name: server.name } : {}),
    port: server.port,
    protocol: server.protocol,
    hosts,
    ...(server.tls && !server.tls.httpsRedirect ? { tlsMode: server.tls.mode } : {}),
  };
}

function routeInfo(route: TableRoute, vhost: VirtualHost): RouteInfo {
  return {
    object: route.http.object,
    field: route.match?.field ?? route.http.field,
    rule: route.http.rule,
    ...(route.http.ruleName ? { ruleName: route.http.ruleName } : {}),
    match: route.text,
    virtualHost: vhost.domain,
  };
}

/** Destinations as backends, each weight a share of the rule's requests; Services the input lacks are warned about. */
export function backendsOf(context: EvaluationContext, destinations: readonly IrDestination[], warnings: string[]): BackendInfo[] {
  const total = destinations.reduce((sum, d) => sum + d.weight, 0);
  return destinations.map((d) => {
    const service = d.host === '' ? undefined : serviceOfHost(d.host, context.clusterDomain);
    const known = service ? context.index.services.get(`${service.namespace}/${service.name}`) : undefined;
    let problem = d.problem;
    let port = d.port;
    if (!problem && service && known) {
      if (port === undefined && known.ports.length === 1) port = known.ports[0].port;
      if (port !== undefined && !known.ports.some((p) => p.port === port)) problem = `Service ${service.namespace}/${service.name} has no port ${port} (it has ${known.ports.map((p) => p.port).join(', ') || 'none'})`;
    } else if (!problem && service && !known) {
      warnings.push(`Service ${service.namespace}/${service.name} is not in the input; if it does not exist, Istio answers 503 (500 for Gateway API routes)`);
    }
    const weight = total === 0 ? 0 : Math.round((d.weight / total) * 10000) / 100;
    return {
      name: service?.name ?? d.host,
      ...(service ? { namespace: service.namespace } : {}),
      ...(port !== undefined ? { port } : {}),
      weight,
      ...(problem ? { problem } : {}),
    };
  });
}

/**
 * Where Envoy's redirect sends the client, as istiod configures it
 * (`ApplyRedirect` in pilot/pkg/networking/core/route/route.go): the new
 * scheme, host and path; the port from the request's listener
 * (`FROM_REQUEST_PORT`), the scheme's default (`FROM_PROTOCOL_DEFAULT`) or a
 * number, never written when it is the scheme's default; the query kept.
 */
function applyRedirect(redirect: IrRedirect, request: HttpRequest, route: TableRoute, server: IrServer): RedirectInfo {
  const scheme = redirect.scheme ?? request.scheme;
  const hostname = redirect.authority ?? request.host;
  const defaultPort = scheme === 'https' ? 443 : 80;
  let port: number;
  if (typeof redirect.port === 'number') port = redirect.port;
  else if (redirect.port === 'from-request') port = server.port;
  else if (redirect.port === 'from-protocol-default') port = defaultPort;
  else {
    const explicit = /:(\d+)$/.exec(request.headers.get(':authority') ?? '');
    port = explicit && scheme === request.scheme ? Number(explicit[1]) : defaultPort;
  }
  let path = request.path;
  if (redirect.uri !== undefined) path = redirect.uri;
  else if (redirect.prefixRewrite !== undefined) {
    const matched = route.compiled.path;
    const prefix = matched.kind === 'prefix' || matched.kind === 'path-separated-prefix' ? matched.value : '';
    path = redirect.prefixRewrite + request.path.slice(prefix === '/' ? 1 : prefix.length);
    if (!path.startsWith('/')) path = `/${path}`;
  }
  return redirectInfo(scheme, hostname, port, path, request.query, redirect.code);
}

export function redirectInfo(scheme: string, hostname: string, port: number, path: string, query: string, statusCode: number): RedirectInfo {
  const defaultPort = scheme === 'https' ? 443 : 80;
  const location = `${scheme}://${hostname}${port === defaultPort ? '' : `:${port}`}${path}${query ? `?${query}` : ''}`;
  return { scheme, hostname, port, path, statusCode, location };
}
