import { ListenerIndex, serves } from '../model/attachment';
import { HostIndex, hostCovers, hostsIntersect } from '../model/hosts';
import { compareMatches } from '../model/precedence';
import { ModelProblem } from '../model/problems';
import { HttpRuleModel, IngressApiKind, ListenerModel, ListenerProtocol, MatchModel, PathMatchType, PathModifierType, RedirectModel, ResolvedGatewayModel, RouteModel } from '../model/types';
import { re2FullMatcher } from './regex';
import { extended } from '../model/objects';

/** A request as far as routing and redirects see it: what a rule without header or query conditions matches on. */
interface Request {
  readonly scheme: 'http' | 'https';
  readonly port: number;
  readonly host: string;
  readonly path: string;
  readonly method: string;
}

/** Hops followed before a redirect that keeps matching its own rule counts as a loop (a path growing at every hop never repeats). */
const MAX_HOPS = 8;
const DEFAULT_PORT = { http: 80, https: 443 } as const;

/**
 * A rule that redirects a request to a URL the gateway answers with the same
 * rule again: the client follows redirects until it gives up
 * (`ERR_TOO_MANY_REDIRECTS`).
 *
 * What loops and what does not, from the proxies' behaviour:
 * - the gateway's own HTTP-to-HTTPS redirect (a TlsIngress's `httpsRedirect`:
 *   Istio's `tls.httpsRedirect` on the plain HTTP server, which istiod turns
 *   into `require_tls: ALL` on that port's virtual hosts only,
 *   pilot/pkg/networking/core/gateway.go; or the Gateway API redirect
 *   HTTPRoute attached to the plain HTTP listener) never loops: the HTTPS
 *   listener serves the routes instead;
 * - a route's own redirect is served on every listener the route is (its
 *   plain HTTP port and every HTTPS listener of its hosts, see `serves`): a
 *   redirect to `https` on a host with TLS lands on the HTTPS listener, whose
 *   copy of the route redirects to `https` again. Istio keeps the request's
 *   scheme, host, port and path unless the redirect sets them, and derives
 *   the port from the scheme when only the scheme is set
 *   (pilot/pkg/networking/core/route/route.go `ApplyRedirect`; the Gateway
 *   API's rule, pilot/pkg/config/kube/gateway/conversion.go
 *   `createRedirectFilter`).
 *
 * The redirected request is followed hop by hop through the listeners; only
 * a request that provably comes back to the same rule is reported. Matches
 * on headers or query parameters are left alone (a header such as
 * `X-Forwarded-Proto` may differ after the redirect); a regular expression
 * path is followed from the fixed path a redirect sets; 301, 302 and 303
 * turn the method into GET, as clients do.
 */
export function checkRedirectLoops(model: ResolvedGatewayModel, index: ListenerIndex): ModelProblem[] {
  const problems: ModelProblem[] = [];
  // Routes by host, built only when a loop is found (to rule out another route taking the request).
  let byHost: HostIndex<RouteModel> | undefined;
  const others = () => {
    if (!byHost) {
      byHost = new HostIndex<RouteModel>();
      for (const route of model.routes) for (const host of new Set(route.hosts)) byHost.add(host, route);
    }
    return byHost;
  };
  for (const route of model.routes) {
    let serving: ListenerModel[] | undefined;
    route.rules.forEach((rule, r) => {
      if (!rule.redirect) return;
      serving ??= index.serving(route);
      const loop = findLoop(model, route, r, rule.redirect, serving, others);
      if (!loop) return;
      const { from, to, listener } = loop;
      const classic = rule.redirect.scheme === 'https' && listener.protocol === ListenerProtocol.HTTPS;
      problems.push({
        source: route.source,
        field: `routes[${r}].redirect`,
        message:
          `redirects ${url(from)} to ${url(to)}, which gateway ${model.namespace}/${model.name} answers with this same route and redirect ` +
          `(listener ${listener.name}, port ${listener.port}${listener.protocol === ListenerProtocol.HTTPS ? ', HTTPS' : ''}), so clients would be redirected forever; ` +
          (classic
            ? 'to send plain HTTP to HTTPS, remove this route and keep the TlsIngress\'s httpsRedirect (on by default): the gateway then answers port 80 with the redirect itself and serves the routes over HTTPS'
            : 'change the redirect\'s target, or the route\'s matches, so that the redirected request is not matched by this route again'),
      });
    });
  }
  return problems;
}

function findLoop(
  model: ResolvedGatewayModel,
  route: RouteModel,
  ruleIndex: number,
  redirect: RedirectModel,
  serving: readonly ListenerModel[],
  others: () => HostIndex<RouteModel>,
): { from: Request; to: Request; listener: ListenerModel } | undefined {
  const rule = route.rules[ruleIndex];
  const starts: { path: string; method: string }[] = [];
  for (const match of rule.matches.length > 0 ? rule.matches : [{}]) {
    const path = samplePath(match);
    if (path !== undefined && simple(match)) starts.push({ path, method: match.method ?? 'GET' });
  }
  // A redirect to a fixed path the rule itself matches (a regular expression included) redirects that path to itself.
  if (redirect.path?.type === PathModifierType.FULL_PATH) starts.push({ path: redirect.path.value, method: 'GET' });
  for (const listener of serving) {
    for (const routeHost of route.hosts) {
      if (!hostsIntersect(routeHost, listener.hostname)) continue;
      const host = hostCovers(listener.hostname, routeHost) ? routeHost : listener.hostname;
      for (const { path, method } of starts) {
        const first: Request = { scheme: listener.protocol === ListenerProtocol.HTTPS ? 'https' : 'http', port: listener.port, host, path, method };
        const loop = follow(model, route, ruleIndex, redirect, first, listener, others);
        if (loop) return { from: first, ...loop };
      }
    }
  }
  return undefined;
}

/**
 * Follows the redirect from `start` (arriving on `listener`) while the same
 * rule answers; the first hop and where it lands, when it never leaves the rule.
 */
function follow(
  model: ResolvedGatewayModel,
  route: RouteModel,
  ruleIndex: number,
  redirect: RedirectModel,
  start: Request,
  startListener: ListenerModel,
  others: () => HostIndex<RouteModel>,
): { to: Request; listener: ListenerModel } | undefined {
  const rule = route.rules[ruleIndex];
  const seen = new Set<string>();
  const visited: { request: Request; listener: ListenerModel }[] = [];
  let request = start;
  let listener = startListener;
  let first: { to: Request; listener: ListenerModel } | undefined;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const matched = matchingMatch(rule, request, model.api);
    if (matched === undefined || shadowedInRoute(route, ruleIndex, matched ?? {}, request, model.api)) return undefined;
    const key = `${request.scheme}|${request.port}|${request.host}|${request.path}|${request.method}`;
    if (seen.has(key)) break;
    seen.add(key);
    visited.push({ request, listener });
    const next = redirected(request, redirect, matched);
    const landed = land(model, next);
    // Landing where this route does not answer: no loop.
    if (!landed || !serves(landed.listener, route) || !route.hosts.some((h) => hostCovers(h, landed.request.host))) return undefined;
    first ??= { to: next, listener: landed.listener };
    request = landed.request;
    listener = landed.listener;
  }
  // A loop (or a path growing at every hop, still answered by the rule after every hop), unless another route could take a request on the way.
  if (!first) return undefined;
  return visited.some((v) => shadowedByOtherRoute(others(), route, v.request, v.listener, model.api)) ? undefined : first;
}

/** Whether a rule of the same route comes first in precedence for the request (`compareMatches`, then declaration order). */
function shadowedInRoute(route: RouteModel, ruleIndex: number, matched: MatchModel, request: Request, api: IngressApiKind): boolean {
  for (let r = 0; r < route.rules.length; r++) {
    if (r === ruleIndex) continue;
    for (const other of route.rules[r].matches.length > 0 ? route.rules[r].matches : [{}]) {
      if (!couldMatch(other, request, api)) continue;
      const order = compareMatches(other, matched);
      if (order < 0 || (order === 0 && r < ruleIndex)) return true;
    }
  }
  return false;
}

/**
 * Whether a rule of another route served on the listener for the host
 * could take the request (its virtual host may be the one chosen, or share
 * it): kept conservative, so that only a loop for sure is reported.
 */
function shadowedByOtherRoute(byHost: HostIndex<RouteModel>, route: RouteModel, request: Request, listener: ListenerModel, api: IngressApiKind): boolean {
  for (const other of byHost.intersecting(request.host)) {
    if (other === route || !serves(listener, other)) continue;
    if (other.rules.some((rule) => (rule.matches.length > 0 ? rule.matches : [{}]).some((m) => couldMatch(m, request, api)))) return true;
  }
  return false;
}

/**
 * Whether a match may take the request. The requests followed carry no
 * header and no query string the rules look at (a client without them
 * loops), so a match with header or query conditions does not take them.
 */
function couldMatch(match: MatchModel, request: Request, api: IngressApiKind): boolean {
  if (!simple(match) || (match.method !== undefined && match.method !== request.method)) return false;
  const p = match.path;
  if (p?.type === PathMatchType.REGEX) return fullMatch(p.value, request.path, true);
  return pathMatches(match, request.path, api);
}

/** The listener a request arrives on, after the gateway's own HTTP-to-HTTPS redirect if that port redirects. */
function land(model: ResolvedGatewayModel, request: Request): { listener: ListenerModel; request: Request } | undefined {
  const listener = listenerFor(model.listeners, request);
  if (!listener || !listener.httpsRedirect) return listener && { listener, request };
  // Istio's httpsRedirect always sends clients to 443; the Gateway API redirect route to the TLS port.
  const tls = model.tls.find((t) => t.redirectFromPort === request.port && t.hosts.some((h) => hostsIntersect(h, request.host)));
  const port = model.api === IngressApiKind.ISTIO || !tls ? 443 : tls.port;
  const secured: Request = extended(request, { scheme: 'https', port, method: request.method === 'HEAD' ? 'HEAD' : 'GET' });
  const target = listenerFor(model.listeners, secured);
  return target && { listener: target, request: secured };
}

/** The most specific listener for the request's scheme, port and host, as the proxy selects it (by SNI or Host). */
function listenerFor(listeners: readonly ListenerModel[], request: Request): ListenerModel | undefined {
  const protocol = request.scheme === 'https' ? ListenerProtocol.HTTPS : ListenerProtocol.HTTP;
  let best: ListenerModel | undefined;
  for (const listener of listeners) {
    if (listener.port !== request.port || listener.protocol !== protocol || !hostCovers(listener.hostname, request.host)) continue;
    if (listener.hostname === request.host) return listener;
    if (!best || specificity(listener.hostname) > specificity(best.hostname)) best = listener;
  }
  return best;
}

function specificity(hostname: string): number {
  return hostname === '*' ? 0 : hostname.length;
}

/** The request after the redirect: unset parts are kept, and the port follows a changed scheme unless given. */
function redirected(request: Request, redirect: RedirectModel, matched: MatchModel | null): Request {
  const scheme = redirect.scheme ?? request.scheme;
  const port = redirect.port ?? (redirect.scheme !== undefined ? DEFAULT_PORT[scheme] : request.port);
  let path = request.path;
  if (redirect.path?.type === PathModifierType.FULL_PATH) path = redirect.path.value;
  else if (redirect.path?.type === PathModifierType.PREFIX_MATCH) path = replacePrefix(request.path, matched?.path?.type === PathMatchType.PREFIX ? matched.path.value : '/', redirect.path.value);
  const status = redirect.statusCode;
  const method = status === 307 || status === 308 || request.method === 'HEAD' ? request.method : 'GET';
  return { scheme, port, host: redirect.hostname ?? request.host, path, method };
}

function replacePrefix(path: string, prefix: string, replacement: string): string {
  const rest = path.slice(prefix.replace(/\/$/, '').length);
  if (rest === '' || rest === '/') return replacement + (rest === '/' && !replacement.endsWith('/') ? '/' : '');
  return replacement.replace(/\/$/, '') + rest;
}

/** The match of the rule the request meets (null for a rule matching every request), or undefined. */
function matchingMatch(rule: HttpRuleModel, request: Request, api: IngressApiKind): MatchModel | null | undefined {
  if (rule.matches.length === 0) return null;
  return rule.matches.find((m) => simple(m) && (m.method === undefined || m.method === request.method) && pathMatches(m, request.path, api));
}

/** A match decided by path and method alone. */
function simple(match: MatchModel): boolean {
  return (match.headers?.length ?? 0) === 0 && (match.queryParams?.length ?? 0) === 0;
}

/**
 * Whether the path meets the match as the gateway reads what we render for
 * it (istiod's `TranslateRouteMatch`, pilot/pkg/networking/core/route/route.go,
 * as the explainer's `pathMatcher`): the Istio API's `uri.prefix` is a plain
 * string prefix (`/api` takes `/apiv2`); an HTTPRoute's or an Ingress's
 * PathPrefix matches whole path elements (`path_separated_prefix`).
 */
function pathMatches(match: MatchModel, path: string, api: IngressApiKind): boolean {
  const p = match.path;
  if (!p) return true;
  if (p.type === PathMatchType.EXACT) return path === p.value;
  if (p.type === PathMatchType.PREFIX) {
    if (api === IngressApiKind.ISTIO) return path.startsWith(p.value);
    const prefix = p.value.replace(/\/$/, '');
    return prefix === '' || path === prefix || path.startsWith(`${prefix}/`);
  }
  return fullMatch(p.value, path);
}

/**
 * Whether a regular expression matches the whole path, as Envoy's
 * `safe_regex` does (RE2, the matcher the explainer uses too); an expression
 * istiod or Envoy would refuse counts as `unreadable` (by default, not
 * matching: no loop is claimed).
 */
function fullMatch(regex: string, path: string, unreadable = false): boolean {
  return re2FullMatcher(regex)?.test(path) ?? unreadable;
}

/** A path the match takes, to start from; undefined for regular expressions. */
function samplePath(match: MatchModel): string | undefined {
  if (!match.path) return '/';
  return match.path.type === PathMatchType.REGEX ? undefined : match.path.value;
}

function url(request: Request): string {
  const port = request.port === DEFAULT_PORT[request.scheme] ? '' : `:${request.port}`;
  return `${request.scheme}://${request.host}${port}${request.path}`;
}
