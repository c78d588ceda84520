import {
  BackendRefModel,
  ResolvedGatewayModel as GatewayModel,
  HttpRuleModel,
  IngressApiKind,
  ListenerModel,
  ListenerProtocol,
  MatchModel,
  PathMatchType,
  PathModifierType,
  RouteModel,
  StringMatchModel,
  StringMatchType,
  TlsMode,
} from '../model/types';
import { re2FullMatcher } from '../checks/regex';
import { compareMatches } from '../model/precedence';
import { DomainIndex, domainCovers, intersect } from './hosts';
import { HttpRequest } from './matching';
import { ordered, redirectInfo } from './evaluate';
import { BackendInfo, ExplainResult, ListenerInfo, ObjectRef, PolicyInfo, PolicyKind, RouteOutcome, TraceEntry, TraceReason } from './result';
import { extended } from '../model/objects';

/**
 * The library's own meaning of a gateway model, independent of any API's
 * YAML: what the constructs promise, so that a property test can check that
 * each renderer's output, read back the way istiod reads it, means the same.
 *
 * - A request on a port is taken by the listeners of its scheme there: the
 *   plain HTTP listeners together, or the TLS listener whose hostname is the
 *   most specific for the SNI.
 * - An HTTP route is served by the plain HTTP listeners of its port (unless
 *   they redirect to HTTPS) and by every HTTPS listener, on the hosts where
 *   its hosts and the listener's intersect.
 * - The most specific host wins (exact, then the longest wildcard, then `*`);
 *   only the routes of that host are tried.
 * - Among them the most specific match wins (`compareMatches`), then the
 *   order of routes and rules.
 * - A path prefix is a plain string prefix with the Istio API and whole path
 *   segments with the Gateway API and Ingress, as `PathMatch.prefix` says.
 */

const BASIS = 'the route model (src/explain/model.ts): the library\'s meaning of listeners, hosts and route precedence';

interface Candidate {
  readonly route: RouteModel;
  readonly routeIndex: number;
  readonly rule: HttpRuleModel;
  readonly ruleIndex: number;
  readonly match: MatchModel;
  readonly matchIndex: number;
}

interface Domain {
  readonly domain: string;
  readonly candidates: Candidate[];
  readonly listeners: ListenerModel[];
  redirectTo?: number;
}

export function explainModel(model: GatewayModel, request: HttpRequest, sni: string | undefined): ExplainResult {
  return ordered(explainModelUnordered(model, request, sni));
}

function explainModelUnordered(model: GatewayModel, request: HttpRequest, sni: string | undefined): ExplainResult {
  const trace: TraceEntry[] = [];
  const gateway = `${model.namespace}/${model.name}`;
  const base = { request: { method: request.method, scheme: request.scheme, host: request.host, port: request.port, path: request.path, query: request.query }, gateway, backends: [], policies: [], trace, warnings: [] };
  const onPort = model.listeners.filter((l) => l.port === request.port);
  const wanted = request.scheme === 'http' ? [ListenerProtocol.HTTP] : [ListenerProtocol.HTTPS, ListenerProtocol.TLS];
  const listeners = onPort.filter((l) => wanted.includes(l.protocol));
  if (listeners.length === 0) {
    trace.push({ object: gatewayRef(model), reason: onPort.length > 0 ? TraceReason.PROTOCOL_MISMATCH : TraceReason.PORT_MISMATCH, message: `no ${request.scheme} listener on port ${request.port}`, basis: BASIS });
    return extended(base, { outcome: RouteOutcome.NO_LISTENER });
  }
  let config = listeners;
  if (request.scheme === 'https') {
    const chosen = mostSpecific(listeners, sni);
    if (!chosen) {
      trace.push({ object: gatewayRef(model), reason: TraceReason.SNI_MISMATCH, message: `no TLS listener on port ${request.port} for SNI ${sni ?? '(none)'}`, basis: BASIS });
      return extended(base, { outcome: RouteOutcome.NO_LISTENER });
    }
    if (chosen.protocol === ListenerProtocol.TLS) return passthrough(model, chosen, base, sni ?? request.host);
    config = [chosen];
  }
  const domains = domainsOf(model, config);
  const found = domains.covering(request.host);
  if (found.length === 0) {
    trace.push({ object: gatewayRef(model), reason: TraceReason.HOST_MISMATCH, message: `no route serves ${request.host} on port ${request.port}`, basis: BASIS });
    return extended(base, { outcome: RouteOutcome.NOT_FOUND, statusCode: 404, listener: listenerInfo(model, config[0]) });
  }
  const domain = found[0].value;
  const listener = listenerInfo(model, domain.listeners[0] ?? config[0]);
  if (domain.redirectTo !== undefined && request.scheme === 'http') {
    return extended(base, { outcome: RouteOutcome.REDIRECT, statusCode: 301, listener, redirect: redirectInfo('https', request.host, domain.redirectTo, request.path, request.query, 301) });
  }
  const ordered = [...domain.candidates].sort((a, b) => compareMatches(a.match, b.match) || a.routeIndex - b.routeIndex || a.ruleIndex - b.ruleIndex || a.matchIndex - b.matchIndex);
  const winner = ordered.find((c) => matches(c.match, request, model.api));
  if (!winner) return extended(base, { outcome: RouteOutcome.NOT_FOUND, statusCode: 404, listener });
  const object: ObjectRef = { kind: 'Route', namespace: winner.route.namespace, name: winner.route.name, source: winner.route.source };
  const field = `rules[${winner.ruleIndex}]${winner.rule.matches.length > 0 ? `.matches[${winner.matchIndex}]` : ''}`;
  trace.push({ object, field, reason: TraceReason.SELECTED, message: 'the most specific matching rule of the host', basis: BASIS });
  const route = { object, field, rule: winner.ruleIndex, ...(winner.rule.name ? { ruleName: winner.rule.name } : {}), match: JSON.stringify(winner.match), virtualHost: domain.domain };
  const policies = policiesOf(winner.rule);
  const { rule } = winner;
  if (rule.redirect) {
    const r = rule.redirect;
    const scheme = r.scheme ?? request.scheme;
    // RequestRedirect.port: "the new scheme's default port (80 or 443) when `scheme` is set, else the request's port".
    const port = r.port ?? (r.scheme !== undefined ? (scheme === 'https' ? 443 : 80) : request.port);
    let path = request.path;
    if (r.path?.type === PathModifierType.FULL_PATH) path = r.path.value;
    else if (r.path?.type === PathModifierType.PREFIX_MATCH) path = replacePrefix(request.path, winner.match, r.path.value);
    const redirect = redirectInfo(scheme, r.hostname ?? request.host, port, path, request.query, r.statusCode);
    return extended(base, { outcome: RouteOutcome.REDIRECT, statusCode: r.statusCode, listener, route, redirect, policies });
  }
  if (rule.directResponse) {
    const { status, body } = rule.directResponse;
    return extended(base, { outcome: RouteOutcome.DIRECT_RESPONSE, statusCode: status, listener, route, directResponse: { status, ...(body !== undefined ? { body } : {}) }, policies });
  }
  return extended(base, { outcome: RouteOutcome.FORWARD, listener, route, backends: backendsOf(rule.backends), policies });
}

function gatewayRef(model: GatewayModel): ObjectRef {
  return { kind: 'IngressGateway', namespace: model.namespace, name: model.name, source: model.source };
}

function listenerInfo(model: GatewayModel, listener: ListenerModel): ListenerInfo {
  return {
    gateway: gatewayRef(model),
    name: listener.name,
    port: listener.port,
    protocol: listener.protocol,
    hosts: [listener.hostname],
    ...(listener.tls ? { tlsMode: listener.tls.mode } : {}),
  };
}

/** The TLS listener for an SNI: exact hostname, then the longest wildcard, then `*`. */
function mostSpecific(listeners: readonly ListenerModel[], sni: string | undefined): ListenerModel | undefined {
  const covering = listeners.filter((l) => l.hostname === '*' || (sni !== undefined && domainCovers(l.hostname, sni)));
  const score = (l: ListenerModel) => (l.hostname === '*' ? 0 : l.hostname.startsWith('*') ? l.hostname.length : 1e6);
  return covering.sort((a, b) => score(b) - score(a))[0];
}

function passthrough(model: GatewayModel, listener: ListenerModel, base: Omit<ExplainResult, 'outcome'>, sni: string): ExplainResult {
  const sources = model.tls.filter((t) => t.tls.mode === TlsMode.PASSTHROUGH && t.port === listener.port && t.hosts.some((h) => h === '*' || domainCovers(h, sni)));
  const source = sources[0];
  if (!source) return extended(base, { outcome: RouteOutcome.NO_LISTENER });
  return extended(base, {
    outcome: RouteOutcome.TLS_PASSTHROUGH,
    listener: listenerInfo(model, listener),
    route: { object: { kind: 'TlsIngress', namespace: source.namespace, name: source.name, source: source.source }, field: 'hosts', rule: 0, match: `SNI ${source.hosts.join(', ')}`, virtualHost: listener.hostname },
    backends: backendsOf(source.backends ?? []),
  });
}

/** The virtual hosts of the listeners serving a request: each route host on each listener host, the more specific of the two. */
function domainsOf(model: GatewayModel, listeners: readonly ListenerModel[]): DomainIndex<Domain> {
  const domains = new Map<string, Domain>();
  const domainOf = (name: string) => {
    let domain = domains.get(name);
    if (!domain) domains.set(name, (domain = { domain: name, candidates: [], listeners: [] }));
    return domain;
  };
  for (const listener of listeners) {
    if (listener.httpsRedirect) {
      const domain = domainOf(listener.hostname);
      const target = model.tls.find((t) => t.redirectFromPort === listener.port && t.hosts.includes(listener.hostname));
      domain.redirectTo = target?.port ?? 443;
      domain.listeners.push(listener);
      continue;
    }
    model.routes.forEach((route, routeIndex) => {
      if (!serves(listener, route)) return;
      for (const host of route.hosts) {
        const name = intersect(host, listener.hostname);
        if (name === undefined) continue;
        const domain = domainOf(name);
        if (!domain.listeners.includes(listener)) domain.listeners.push(listener);
        route.rules.forEach((rule, ruleIndex) => {
          const list = rule.matches.length > 0 ? rule.matches : [{}];
          list.forEach((match, matchIndex) => domain.candidates.push({ route, routeIndex, rule, ruleIndex, match, matchIndex }));
        });
      }
    });
  }
  const index = new DomainIndex<Domain>();
  for (const domain of domains.values()) index.add(domain.domain, domain);
  return index;
}

/** An HTTP route is served by the plain HTTP listeners of its port (not redirecting ones) and by every HTTPS listener. */
function serves(listener: ListenerModel, route: RouteModel): boolean {
  if (listener.protocol === ListenerProtocol.HTTPS) return true;
  return listener.protocol === ListenerProtocol.HTTP && listener.port === route.port && !listener.httpsRedirect;
}

function matches(match: MatchModel, request: HttpRequest, api: IngressApiKind): boolean {
  const path = match.path;
  if (path) {
    if (path.type === PathMatchType.EXACT && request.path !== path.value) return false;
    if (path.type === PathMatchType.REGEX && !re2FullMatcher(path.value)?.test(request.path)) return false;
    if (path.type === PathMatchType.PREFIX && !prefixMatches(path.value, request.path, api)) return false;
  }
  if (match.method !== undefined && match.method !== request.method) return false;
  const value = (list: readonly StringMatchModel[] | undefined, lookup: (name: string) => string | undefined) =>
    (list ?? []).every((m) => {
      const actual = lookup(m.name);
      if (actual === undefined) return false;
      return m.type === StringMatchType.EXACT ? actual === m.value : re2FullMatcher(m.value)?.test(actual) ?? false;
    });
  return value(match.headers, (name) => request.headers.get(name.toLowerCase())) && value(match.queryParams, (name) => request.params.get(name));
}

function prefixMatches(prefix: string, path: string, api: IngressApiKind): boolean {
  if (api === IngressApiKind.ISTIO) return path.startsWith(prefix);
  const trimmed = prefix === '/' ? '/' : prefix.replace(/\/+$/, '');
  return trimmed === '/' || path === trimmed || path.startsWith(`${trimmed}/`);
}

function replacePrefix(path: string, match: MatchModel, replacement: string): string {
  const prefix = match.path?.type === PathMatchType.PREFIX ? match.path.value.replace(/\/+$/, '') : '';
  const rest = path.slice(prefix.length);
  const head = replacement.replace(/\/+$/, '');
  const joined = `${head}${rest}`;
  return joined === '' ? '/' : joined.startsWith('/') ? joined : `/${joined}`;
}

function backendsOf(backends: readonly BackendRefModel[]): BackendInfo[] {
  const total = backends.length === 1 ? 100 : backends.reduce((sum, b) => sum + (b.weight ?? 0), 0);
  return backends
    .filter((b) => backends.length === 1 || (b.weight ?? 0) > 0)
    .map((b) => ({
      name: b.name,
      namespace: b.namespace,
      ...(b.port !== undefined ? { port: b.port } : {}),
      weight: backends.length === 1 ? 100 : Math.round((((b.weight ?? 0) / total) * 100) * 100) / 100,
    }));
}

function policiesOf(rule: HttpRuleModel): PolicyInfo[] {
  const policies: PolicyInfo[] = [];
  if (rule.rewrite) policies.push({ kind: PolicyKind.REWRITE, description: JSON.stringify(rule.rewrite) });
  if (rule.requestHeaders) policies.push({ kind: PolicyKind.REQUEST_HEADERS, description: JSON.stringify(rule.requestHeaders) });
  if (rule.responseHeaders) policies.push({ kind: PolicyKind.RESPONSE_HEADERS, description: JSON.stringify(rule.responseHeaders) });
  for (const mirror of rule.mirrors ?? []) policies.push({ kind: PolicyKind.MIRROR, description: `${mirror.backend.name}.${mirror.backend.namespace} ${mirror.percentage ?? 100}%` });
  if (rule.timeout) policies.push({ kind: PolicyKind.TIMEOUT, description: rule.timeout });
  if (rule.retries) policies.push({ kind: PolicyKind.RETRIES, description: `${rule.retries.attempts} attempts` });
  if (rule.cors) policies.push({ kind: PolicyKind.CORS, description: rule.cors.allowOrigins.join(', ') });
  if (rule.fault) policies.push({ kind: PolicyKind.FAULT, description: JSON.stringify(rule.fault) });
  return policies;
}
