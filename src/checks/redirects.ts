import { ListenerIndex, serves } from '../model/attachment';
import { hostCovers, hostsIntersect } from '../model/hosts';
import { ModelProblem } from '../model/problems';
import { HttpRuleModel, IngressApiKind, ListenerModel, ListenerProtocol, MatchModel, PathMatchType, PathModifierType, RedirectModel, ResolvedGatewayModel, RouteModel } from '../model/types';

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
 * `X-Forwarded-Proto` may differ after the redirect), as are regular
 * expression paths; 301, 302 and 303 turn the method into GET, as clients do.
 */
export function checkRedirectLoops(model: ResolvedGatewayModel, index: ListenerIndex): ModelProblem[] {
  const problems: ModelProblem[] = [];
  for (const route of model.routes) {
    let serving: ListenerModel[] | undefined;
    route.rules.forEach((rule, r) => {
      if (!rule.redirect) return;
      serving ??= index.serving(route);
      const loop = findLoop(model, route, rule, rule.redirect, serving);
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
  rule: HttpRuleModel,
  redirect: RedirectModel,
  serving: readonly ListenerModel[],
): { from: Request; to: Request; listener: ListenerModel } | undefined {
  const starts = rule.matches.length > 0 ? rule.matches : [{}];
  for (const listener of serving) {
    for (const routeHost of route.hosts) {
      if (!hostsIntersect(routeHost, listener.hostname)) continue;
      const host = hostCovers(listener.hostname, routeHost) ? routeHost : listener.hostname;
      for (const match of starts) {
        const path = samplePath(match);
        if (path === undefined || !simple(match)) continue;
        const first: Request = { scheme: listener.protocol === ListenerProtocol.HTTPS ? 'https' : 'http', port: listener.port, host, path, method: match.method ?? 'GET' };
        const loop = follow(model, route, rule, redirect, first);
        if (loop) return { from: first, ...loop };
      }
    }
  }
  return undefined;
}

/** Follows the redirect from `start` while the same rule answers; the first hop and where it lands, when it never leaves the rule. */
function follow(model: ResolvedGatewayModel, route: RouteModel, rule: HttpRuleModel, redirect: RedirectModel, start: Request): { to: Request; listener: ListenerModel } | undefined {
  const seen = new Set<string>();
  let request = start;
  let first: { to: Request; listener: ListenerModel } | undefined;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const matched = matchingMatch(rule, request);
    if (matched === undefined) return undefined;
    const key = `${request.scheme}|${request.port}|${request.host}|${request.path}|${request.method}`;
    if (seen.has(key)) return first;
    seen.add(key);
    const next = redirected(request, redirect, matched, redirect.statusCode);
    const landed = land(model, next);
    if (!landed || !serves(landed.listener, route) || !route.hosts.some((h) => hostCovers(h, landed.request.host))) return undefined;
    first ??= { to: next, listener: landed.listener };
    request = landed.request;
  }
  // Still answered by the same rule after every hop: a path that grows at each redirect.
  return first;
}

/** The listener a request arrives on, after the gateway's own HTTP-to-HTTPS redirect if that port redirects. */
function land(model: ResolvedGatewayModel, request: Request): { listener: ListenerModel; request: Request } | undefined {
  const listener = listenerFor(model.listeners, request);
  if (!listener || !listener.httpsRedirect) return listener && { listener, request };
  // Istio's httpsRedirect always sends clients to 443; the Gateway API redirect route to the TLS port.
  const tls = model.tls.find((t) => t.redirectFromPort === request.port && t.hosts.some((h) => hostsIntersect(h, request.host)));
  const port = model.api === IngressApiKind.ISTIO || !tls ? 443 : tls.port;
  const secured: Request = { ...request, scheme: 'https', port, method: request.method === 'HEAD' ? 'HEAD' : 'GET' };
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
function redirected(request: Request, redirect: RedirectModel, matched: MatchModel | null, status: number): Request {
  const scheme = redirect.scheme ?? request.scheme;
  const port = redirect.port ?? (redirect.scheme !== undefined ? DEFAULT_PORT[scheme] : request.port);
  let path = request.path;
  if (redirect.path?.type === PathModifierType.FULL_PATH) path = redirect.path.value;
  else if (redirect.path?.type === PathModifierType.PREFIX_MATCH) path = replacePrefix(request.path, matched?.path?.type === PathMatchType.PREFIX ? matched.path.value : '/', redirect.path.value);
  const method = status === 307 || status === 308 || request.method === 'HEAD' ? request.method : 'GET';
  return { scheme, port, host: redirect.hostname ?? request.host, path, method };
}

function replacePrefix(path: string, prefix: string, replacement: string): string {
  const rest = path.slice(prefix.replace(/\/$/, '').length);
  if (rest === '' || rest === '/') return replacement + (rest === '/' && !replacement.endsWith('/') ? '/' : '');
  return replacement.replace(/\/$/, '') + rest;
}

/** The match of the rule the request meets (null for a rule matching every request), or undefined. */
function matchingMatch(rule: HttpRuleModel, request: Request): MatchModel | null | undefined {
  if (rule.matches.length === 0) return null;
  return rule.matches.find((m) => simple(m) && (m.method === undefined || m.method === request.method) && pathMatches(m, request.path));
}

/** A match decided by path and method alone. */
function simple(match: MatchModel): boolean {
  return (match.headers?.length ?? 0) === 0 && (match.queryParams?.length ?? 0) === 0;
}

function pathMatches(match: MatchModel, path: string): boolean {
  const p = match.path;
  if (!p) return true;
  if (p.type === PathMatchType.EXACT) return path === p.value;
  if (p.type === PathMatchType.PREFIX) {
    // Path elements, as the Gateway API defines PathPrefix (and Istio's rendering of it).
    const prefix = p.value.replace(/\/$/, '');
    return prefix === '' || path === prefix || path.startsWith(`${prefix}/`);
  }
  return false;
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
