import {
  BackendRefModel,
  CorsModel,
  FaultModel,
  GatewayModel,
  HeaderModifierModel,
  HttpRuleModel,
  ListenerModel,
  ListenerProtocol,
  MatchModel,
  PathMatchType,
  PathModifierType,
  RedirectModel,
  RewriteModel,
  RouteModel,
  StringMatchModel,
  StringMatchType,
  TlsMode,
  TlsSourceModel,
} from '../model/types';
import { prefixRemovalRegex } from '../checks/regex';
import { serviceFqdn } from '../model/names';
import { compareMatches } from '../model/precedence';
import * as istio from '../imports/networking.istio.io';
import { ApiRenderer, RenderContext } from './api';
import { metadata, RenderedObject } from './manifest';
import { Mutable } from '../model/mutable';
import { extended } from '../model/objects';

const API_VERSION = istio.Gateway.GVK.apiVersion;

/**
 * The Istio API: a `networking.istio.io/v1` Gateway selecting the proxy pods,
 * one VirtualService per route bound to it, and one per TLS passthrough.
 */
export const istioRenderer: ApiRenderer = {
  gateway({ model }: RenderContext): RenderedObject[] {
    return [
      {
        owner: model.source,
        id: 'Resource',
        manifest: {
          apiVersion: API_VERSION,
          kind: 'Gateway',
          metadata: metadata(model.name, model.namespace, model.metadata?.labels, model.metadata?.annotations),
          spec: renderIstioGateway(model.listeners!, model.proxy.selector),
        },
      },
    ];
  },

  route(route: RouteModel, context: RenderContext): RenderedObject[] {
    const { model } = context;
    return [
      {
        owner: route.source,
        id: 'Resource',
        manifest: {
          apiVersion: API_VERSION,
          kind: 'VirtualService',
          metadata: metadata(route.name, route.namespace, route.metadata?.labels, route.metadata?.annotations),
          spec: renderVirtualService(route, gatewayRef(model), model.clusterDomain, pinnedPorts(route, context)),
        },
      },
    ];
  },

  tls(tls: TlsSourceModel, { model }: RenderContext): RenderedObject[] {
    if (tls.tls.mode !== TlsMode.PASSTHROUGH) return [];
    return [
      {
        owner: tls.source,
        id: 'Resource',
        manifest: {
          apiVersion: API_VERSION,
          kind: 'VirtualService',
          metadata: metadata(tls.name, tls.namespace, tls.metadata?.labels, tls.metadata?.annotations),
          spec: renderPassthroughVirtualService(tls, gatewayRef(model), model.clusterDomain),
        },
      },
    ];
  },
};

/** How a VirtualService names its Gateway (`gateways: [<namespace>/<name>]`). */
function gatewayRef(model: Pick<GatewayModel, 'name' | 'namespace'>): string {
  return `${model.namespace}/${model.name}`;
}

/**
 * The Gateway spec: the proxy selector, and one server per group of
 * listeners that share port, protocol and TLS settings (Istio lists several
 * hosts on one server). Server port names are unique, which Istio needs to
 * keep the routes of HTTPS servers apart.
 */
export function renderIstioGateway(listeners: readonly ListenerModel[], selector: Readonly<Record<string, string>>): istio.GatewaySpec {
  const groups = new Map<string, ListenerModel[]>();
  for (const listener of listeners) {
    const key = JSON.stringify([listener.port, listener.protocol, listener.tls ?? null, listener.httpsRedirect ?? false]);
    const group = groups.get(key);
    if (group) group.push(listener);
    else groups.set(key, [listener]);
  }
  const groupsPerPort = new Map<number, number>();
  for (const [first] of groups.values()) groupsPerPort.set(first.port, (groupsPerPort.get(first.port) ?? 0) + 1);
  const used = new Set<string>();
  const servers = [...groups.values()].map((listeners): istio.GatewaySpecServers => {
    const [first] = listeners;
    const base = first.protocol.toLowerCase() + (first.port === 80 || first.port === 443 ? '' : `-${first.port}`);
    const wanted = groupsPerPort.get(first.port) === 1 ? base : `${base}-${serverSlug(first.hostname)}`;
    let name = wanted;
    for (let i = 2; used.has(name); i++) name = `${wanted}-${i}`;
    used.add(name);
    return {
      port: { number: first.port, name, protocol: first.protocol },
      hosts: listeners.map((l) => l.hostname),
      tls: renderServerTls(first),
    };
  });
  return { selector: { ...selector }, servers };
}

/**
 * The part of a host a server's port name carries, as Istio's own examples
 * name servers (`https-httpbin` for `httpbin.example.com`): the first label,
 * without dots, which EnvoyFilters matching on port names can use. Names
 * that would collide get a number.
 */
function serverSlug(host: string): string {
  if (host === '*') return 'any';
  if (host.startsWith('*.')) return `wildcard-${host.slice(2).split('.')[0]}`;
  return host.split('.')[0];
}

function renderServerTls(listener: ListenerModel): istio.GatewaySpecServersTls | undefined {
  if (listener.httpsRedirect) return { httpsRedirect: true };
  const tls = listener.tls;
  if (!tls) return undefined;
  if (tls.mode === TlsMode.PASSTHROUGH) return { mode: istio.GatewaySpecServersTlsMode.PASSTHROUGH };
  return {
    mode: tls.mode as unknown as istio.GatewaySpecServersTlsMode,
    credentialName: tls.certificate?.name,
    caCertCredentialName: tls.clientCa?.name,
    minProtocolVersion: tls.minProtocolVersion as unknown as istio.GatewaySpecServersTlsMinProtocolVersion,
    cipherSuites: tls.cipherSuites ? [...tls.cipherSuites] : undefined,
  };
}

/** A VirtualService passing a TlsIngress's TLS through, by SNI host, to its backends. */
export function renderPassthroughVirtualService(tls: TlsSourceModel, gateway: string, clusterDomain: string): istio.VirtualServiceSpec {
  const backends = tls.backends ?? [];
  return {
    hosts: [...tls.hosts],
    gateways: [gateway],
    tls: [
      {
        match: [{ port: tls.port, sniHosts: [...tls.hosts] }],
        route: backends.map((backend) => renderDestination(backend, clusterDomain, backends.length > 1)),
      },
    ],
  };
}

/** The VirtualService spec of one route, its rules ordered by precedence. */
export function renderVirtualService(route: RouteModel, gateway: string, clusterDomain: string, ports?: readonly number[]): istio.VirtualServiceSpec {
  return {
    hosts: [...route.hosts],
    gateways: [gateway],
    http: orderRules(route.rules).map(({ rule, matches }) => renderHttpRoute(rule, ports ? pinned(matches, ports) : matches, clusterDomain)),
  };
}

/**
 * The gateway ports a route must be pinned to, when its hosts are served by
 * plain HTTP on another port too. A VirtualService bound to a Gateway applies
 * to every server whose hosts it shares (istiod, `BuildGatewayListeners` and
 * `buildGatewayHTTPRouteConfig` in pilot/pkg/networking/core/gateway.go), so
 * without `match.port` a route for port 80 would also answer on the 8080
 * server of the same host. Pinned, it keeps to its port and the HTTPS
 * listeners that serve it.
 */
function pinnedPorts(route: RouteModel, { listeners }: RenderContext): number[] | undefined {
  if (!listeners.plainHttpOnSeveralPorts) return undefined;
  const candidates = listeners.intersecting(route.hosts);
  if (!candidates.some((l) => l.protocol === ListenerProtocol.HTTP && !l.httpsRedirect && l.port !== route.port)) return undefined;
  const https = listeners.serving(route).filter((l) => l.protocol === ListenerProtocol.HTTPS).map((l) => l.port);
  return [...new Set([route.port, ...https])].sort((a, b) => a - b);
}

/** Each match once per port (a rule without matches: a match on the port alone). */
function pinned(matches: readonly MatchModel[], ports: readonly number[]): MatchModel[] {
  return matches.flatMap((match) => ports.map((port) => extended(match, { port })));
}

/** The match of a rule without matches. */
const EVERY_REQUEST: MatchModel = {};

/**
 * Istio takes the first VirtualService route that matches, while the route
 * model promises "most specific match wins". Each (rule, match) pair is sorted
 * by precedence; consecutive pairs of the same rule are merged back, so a rule
 * stays one route unless a more specific match of another rule must come
 * between its matches.
 */
export function orderRules(rules: readonly HttpRuleModel[]): { rule: HttpRuleModel; matches: MatchModel[] }[] {
  const entries: { rule: HttpRuleModel; match: MatchModel }[] = [];
  for (const rule of rules) {
    if (rule.matches.length === 0) entries.push({ rule, match: EVERY_REQUEST });
    for (const match of rule.matches) entries.push({ rule, match });
  }
  // Array.prototype.sort is stable: equal matches keep their declaration order.
  entries.sort((a, b) => compareMatches(a.match, b.match));
  const ordered: { rule: HttpRuleModel; matches: MatchModel[] }[] = [];
  for (const entry of entries) {
    const last = ordered[ordered.length - 1];
    if (last && last.rule === entry.rule) last.matches.push(entry.match);
    else ordered.push({ rule: entry.rule, matches: [entry.match] });
  }
  return ordered;
}

function renderHttpRoute(rule: HttpRuleModel, matches: MatchModel[], clusterDomain: string): istio.VirtualServiceSpecHttp {
  const route: Mutable<istio.VirtualServiceSpecHttp> = {};
  if (rule.name !== undefined) route.name = rule.name;
  // A match with no condition matches everything, and so does a route with one among its
  // matches (they are ORed): Istio expresses that by omitting `match`.
  const unconditional = matches.some((m) => !(m.path || m.method || m.headers?.length || m.queryParams?.length || (m as PortMatch).port !== undefined));
  if (!unconditional && matches.length > 0) route.match = matches.map(renderMatch);
  const weighted = rule.backends.length > 1;
  if (rule.backends.length > 0) route.route = rule.backends.map((backend) => renderDestination(backend, clusterDomain, weighted));
  if (rule.timeout !== undefined) route.timeout = rule.timeout;
  if (rule.retries) route.retries = { attempts: rule.retries.attempts, perTryTimeout: rule.retries.perTryTimeout, retryOn: rule.retries.retryOn?.join(',') };
  if (rule.rewrite) route.rewrite = renderRewrite(rule.rewrite, rule.matches);
  if (rule.redirect) route.redirect = renderRedirect(rule.redirect);
  if (rule.requestHeaders || rule.responseHeaders) {
    route.headers = { request: renderHeaderOperations(rule.requestHeaders), response: renderHeaderOperations(rule.responseHeaders) };
  }
  if (rule.mirrors) {
    route.mirrors = rule.mirrors.map((mirror) => ({
      destination: renderDestination(mirror.backend, clusterDomain, false).destination,
      percentage: mirror.percentage === undefined ? undefined : { value: mirror.percentage },
    }));
  }
  if (rule.cors) route.corsPolicy = renderCorsPolicy(rule.cors);
  if (rule.fault) route.fault = renderFault(rule.fault);
  if (rule.directResponse) {
    route.directResponse = { status: rule.directResponse.status, body: rule.directResponse.body === undefined ? undefined : { string: rule.directResponse.body } };
  }
  return route;
}


/**
 * Istio's `rewrite.uri` replaces the matched prefix as a plain string, where
 * the model (the Gateway API's ReplacePrefixMatch) replaces whole path
 * segments and ignores trailing slashes. Choosing the replacement by the
 * prefix's trailing slash keeps exactly one `/` between the new prefix and
 * the rest (`/api` + `/users` -> `/v2/users`, never `/v2users` or
 * `//users`); removing a prefix needs a regex, as `uri: /` would leave `//users`.
 */
function renderRewrite(rewrite: RewriteModel, matches: readonly MatchModel[]): istio.VirtualServiceSpecHttpRewrite {
  const result: Mutable<istio.VirtualServiceSpecHttpRewrite> = { authority: rewrite.hostname };
  const path = rewrite.path;
  if (path?.type === PathModifierType.FULL_PATH) {
    result.uriRegexRewrite = { match: '^/.*$', rewrite: path.value };
  } else if (path?.type === PathModifierType.PREFIX_MATCH) {
    const prefix = matches[0].path!.value;
    const replacement = path.value.replace(/\/+$/, '');
    if (prefix.endsWith('/')) result.uri = `${replacement}/`;
    else if (replacement !== '') result.uri = replacement;
    else result.uriRegexRewrite = { match: prefixRemovalRegex(prefix), rewrite: '/' };
  }
  return result;
}

/**
 * The port follows the Gateway API's rule, which is not Istio's default, so
 * `derivePort` is always explicit (Istio's own translation of HTTPRoute
 * redirects does the same): the new scheme's default port when the scheme
 * changes, else the request's port.
 */
function renderRedirect(redirect: RedirectModel): istio.VirtualServiceSpecHttpRedirect {
  if (redirect.path?.type === PathModifierType.PREFIX_MATCH) {
    throw new Error(`a VirtualService redirect cannot replace only the matched prefix (${JSON.stringify(redirect.path.value)}); only the whole path`);
  }
  const derivePort = istio.VirtualServiceSpecHttpRedirectDerivePort;
  return {
    scheme: redirect.scheme,
    authority: redirect.hostname,
    port: redirect.port,
    derivePort:
      redirect.port !== undefined
        ? undefined
        : redirect.scheme !== undefined
          ? derivePort.FROM_UNDERSCORE_PROTOCOL_UNDERSCORE_DEFAULT
          : derivePort.FROM_UNDERSCORE_REQUEST_UNDERSCORE_PORT,
    uri: redirect.path?.value,
    redirectCode: redirect.statusCode,
  };
}

function renderHeaderOperations(modifier: HeaderModifierModel | undefined): istio.VirtualServiceSpecHttpHeadersRequest | undefined {
  if (!modifier) return undefined;
  const map = (values: HeaderModifierModel['set']) => (values ? Object.fromEntries(values.map(({ name, value }) => [name, value])) : undefined);
  return { set: map(modifier.set), add: map(modifier.add), remove: modifier.remove ? [...modifier.remove] : undefined };
}

function renderCorsPolicy(cors: CorsModel): istio.VirtualServiceSpecHttpCorsPolicy {
  return {
    allowOrigins: cors.allowOrigins.map((origin) => ({ exact: origin })),
    allowMethods: cors.allowMethods ? [...cors.allowMethods] : undefined,
    allowHeaders: cors.allowHeaders ? [...cors.allowHeaders] : undefined,
    exposeHeaders: cors.exposeHeaders ? [...cors.exposeHeaders] : undefined,
    allowCredentials: cors.allowCredentials,
    maxAge: cors.maxAgeSeconds === undefined ? undefined : `${cors.maxAgeSeconds}s`,
  };
}

function renderFault(fault: FaultModel): istio.VirtualServiceSpecHttpFault {
  return {
    delay: fault.delay ? { fixedDelay: fault.delay.fixedDelay, percentage: { value: fault.delay.percentage } } : undefined,
    abort: fault.abort ? { httpStatus: fault.abort.httpStatus, percentage: { value: fault.abort.percentage } } : undefined,
  };
}

function renderMatch(match: MatchModel): istio.VirtualServiceSpecHttpMatch {
  const rendered: Mutable<istio.VirtualServiceSpecHttpMatch> = {};
  if (match.path) rendered.uri = renderPath(match.path.type, match.path.value);
  if (match.headers?.length) rendered.headers = stringMatches(match.headers);
  if (match.queryParams?.length) rendered.queryParams = stringMatches(match.queryParams);
  if (match.method) rendered.method = { exact: match.method };
  if ((match as PortMatch).port !== undefined) rendered.port = (match as PortMatch).port;
  return rendered;
}

/** A match pinned to a gateway port (`match.port`), which only the Istio renderer adds. */
interface PortMatch extends MatchModel {
  readonly port?: number;
}

function renderPath(type: PathMatchType, value: string): istio.VirtualServiceSpecHttpMatchUri {
  switch (type) {
    case PathMatchType.EXACT:
      return { exact: value };
    case PathMatchType.REGEX:
      return { regex: value };
    default:
      return { prefix: value };
  }
}

function stringMatches(matches: readonly StringMatchModel[] | undefined): { [name: string]: { exact?: string; regex?: string } } | undefined {
  if (!matches || matches.length === 0) return undefined;
  return Object.fromEntries(matches.map((m) => [m.name, m.type === StringMatchType.REGEX ? { regex: m.value } : { exact: m.value }]));
}

function renderDestination(backend: BackendRefModel, clusterDomain: string, weighted: boolean): istio.VirtualServiceSpecHttpRoute {
  const host = serviceFqdn(backend.name, backend.namespace, clusterDomain);
  const destination = backend.port === undefined ? { host } : { host, port: { number: backend.port } };
  return weighted ? { destination, weight: backend.weight ?? 1 } : { destination };
}
