import { RouteOutcome, TraceReason } from '../../src';
import { backends, explain, explainer, service, traced } from './support';

function gateway(listeners: string, namespace = 'infra', className = 'istio'): string {
  return `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: gw, namespace: ${namespace} }
spec:
  gatewayClassName: ${className}
  listeners:
${listeners}
---`;
}

const http = (name = 'http', hostname?: string, from = 'All', port = 80) =>
  `    - name: ${name}\n      port: ${port}\n      protocol: HTTP\n${hostname ? `      hostname: "${hostname}"\n` : ''}      allowedRoutes: { namespaces: { from: ${from} } }\n`;

function route(name: string, spec: string, meta = '', namespace = 'apps'): string {
  return `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: ${name}, namespace: ${namespace}${meta} }
spec:
${spec}
---`;
}

const parent = '  parentRefs: [{ name: gw, namespace: infra }]';
const backend = (svc: string, port = 8000, extra = '') => `backendRefs: [{ name: ${svc}, port: ${port}${extra} }]`;
const services = ['a', 'b', 'c', 'd'].map((s) => service(s, 'apps')).join('\n');

describe('Gateway API: HTTPRoute match precedence', () => {
  test('Gateway API: "precedence must be given to the match having: Exact path match, Prefix path match with largest number of characters", across every HTTPRoute of the host (istiod: mergeHTTPRoutes, sortHTTPRoutes)', () => {
    const broad = route('broad', `${parent}\n  hostnames: [api.example.com]\n  rules:\n    - matches: [{ path: { type: PathPrefix, value: /api } }]\n      ${backend('a')}`, ', creationTimestamp: "2020-01-01T00:00:00Z"');
    const exact = route('exact', `${parent}\n  hostnames: [api.example.com]\n  rules:\n    - matches: [{ path: { type: Exact, value: /api/users } }]\n      ${backend('b')}`, ', creationTimestamp: "2025-01-01T00:00:00Z"');
    const longer = route('longer', `${parent}\n  hostnames: [api.example.com]\n  rules:\n    - matches: [{ path: { type: PathPrefix, value: /api/orders } }]\n      ${backend('c')}`, ', creationTimestamp: "2025-01-01T00:00:00Z"');
    const yaml = gateway(http()) + broad + exact + longer + services;
    const users = explain(yaml, 'http://api.example.com/api/users');
    expect(backends(users)).toStrictEqual(['b.apps:8000']);
    expect(traced(users, TraceReason.SHADOWED)).toStrictEqual(['HTTPRoute apps/broad spec.rules[0].matches[0]: path prefix /api: matches too, but HTTPRoute apps/exact spec.rules[0].matches[0] comes first: an exact path beats a path prefix']);
    expect(backends(explain(yaml, 'http://api.example.com/api/orders/7'))).toStrictEqual(['c.apps:8000']);
    expect(traced(explain(yaml, 'http://api.example.com/api/orders/7'), TraceReason.SHADOWED)[0]).toMatch(/the longer path \(11 characters against 4\) wins/);
    expect(backends(explain(yaml, 'http://api.example.com/api/other'))).toStrictEqual(['a.apps:8000']);
  });

  test('Gateway API: "The precedence of RegularExpression path matches are implementation-specific": istiod ranks them after prefixes (getURIRank: Exact > Prefix > Regex)', () => {
    const spec = `${parent}\n  hostnames: [v.example.com]\n  rules:\n    - matches: [{ path: { type: RegularExpression, value: "/v[0-9]+/.*" } }]\n      ${backend('a')}\n    - matches: [{ path: { type: PathPrefix, value: /v1 } }]\n      ${backend('b')}`;
    const yaml = gateway(http()) + route('versions', spec) + services;
    const result = explain(yaml, 'http://v.example.com/v1/users');
    expect(backends(result)).toStrictEqual(['b.apps:8000']);
    expect(traced(result, TraceReason.SHADOWED)[0]).toMatch(/a path prefix beats a regular expression$/);
    expect(backends(explain(yaml, 'http://v.example.com/v2/users'))).toStrictEqual(['a.apps:8000']);
  });

  test('Gateway API: then a method match, then the most header matches, then the most query param matches', () => {
    const spec = `${parent}\n  hostnames: [m.example.com]\n  rules:
    - matches: [{ path: { type: PathPrefix, value: /x }, queryParams: [{ name: q, value: "1" }] }]
      ${backend('a')}
    - matches: [{ path: { type: PathPrefix, value: /x }, headers: [{ name: h, value: "1" }] }]
      ${backend('b')}
    - matches: [{ path: { type: PathPrefix, value: /x }, method: GET }]
      ${backend('c')}`;
    const yaml = gateway(http()) + route('m', spec) + services;
    const all = { url: 'http://m.example.com/x?q=1', headers: { h: '1' } };
    expect(backends(explain(yaml, all))).toStrictEqual(['c.apps:8000']);
    expect(backends(explain(yaml, { ...all, method: 'POST' }))).toStrictEqual(['b.apps:8000']);
    expect(backends(explain(yaml, { url: all.url, method: 'POST' }))).toStrictEqual(['a.apps:8000']);
  });

  test('Gateway API: "If ties still exist across multiple Routes ... the oldest Route based on creation timestamp", then "{namespace}/{name}"; within a route "the FIRST matching rule"', () => {
    const rule = (svc: string, header: string) => `    - matches: [{ path: { type: PathPrefix, value: /t }, headers: [{ name: ${header}, value: "1" }] }]\n      ${backend(svc)}`;
    const old = route('zz-old', `${parent}\n  hostnames: [t.example.com]\n  rules:\n${rule('a', 'x')}`, ', creationTimestamp: "2020-01-01T00:00:00Z"');
    const young = route('aa-young', `${parent}\n  hostnames: [t.example.com]\n  rules:\n${rule('b', 'y')}\n${rule('c', 'z')}`, ', creationTimestamp: "2025-01-01T00:00:00Z"');
    const request = { url: 'http://t.example.com/t', headers: { x: '1', y: '1', z: '1' } };
    const result = explain(gateway(http()) + old + young + services, request);
    expect(backends(result)).toStrictEqual(['a.apps:8000']);
    expect(traced(result, TraceReason.SHADOWED)).toStrictEqual([
      'HTTPRoute apps/aa-young spec.rules[0].matches[0]: path prefix /t, header y "1": matches too, but HTTPRoute apps/zz-old spec.rules[0].matches[0] comes first: equal precedence, and its HTTPRoute is older (or first by namespace/name)',
      'HTTPRoute apps/aa-young spec.rules[1].matches[0]: path prefix /t, header z "1": matches too, but HTTPRoute apps/zz-old spec.rules[0].matches[0] comes first: equal precedence, and its HTTPRoute is older (or first by namespace/name)',
    ]);
    // Without timestamps, namespace then name decides (sortRoutesByCreationTime).
    const strip = (text: string) => text.replace(/, creationTimestamp: "[^"]*"/, '');
    expect(backends(explain(gateway(http()) + strip(old) + strip(young) + services, request))).toStrictEqual(['b.apps:8000']);
  });

  test('Gateway API: a rule without matches gets the CRD default, PathPrefix "/", which ranks before regular expressions; istiod sends nothing after that catch-all, so the regex rule never answers (sortHTTPRoutes, BuildHTTPRoutesForVirtualService)', () => {
    const spec = `${parent}\n  hostnames: [c.example.com]\n  rules:\n    - ${backend('a')}\n    - matches: [{ path: { type: RegularExpression, value: "/r.*" } }]\n      ${backend('b')}`;
    const yaml = gateway(http()) + route('catch', spec) + services;
    const result = explain(yaml, 'http://c.example.com/report');
    expect(backends(result)).toStrictEqual(['a.apps:8000']);
    expect(traced(result, TraceReason.DROPPED)).toStrictEqual(['HTTPRoute apps/catch spec.rules[1]: never reached: spec.rules[0] of HTTPRoute apps/catch before it matches every request (any request)']);
    const table = explainer(yaml).routes();
    expect(table.gateways[0].listeners[0].virtualHosts[0].routes.map((r) => `${r.match}${r.catchAll ? ' (catch-all)' : ''}`)).toStrictEqual(['any request (catch-all)']);
    // With a condition it is no catch-all: the regex rule is kept, and ranks after it.
    const conditioned = yaml.replace(`    - ${backend('a')}`, `    - matches: [{ path: { type: PathPrefix, value: / }, method: GET }]\n      ${backend('a')}`);
    expect(backends(explain(conditioned, { method: 'POST', url: 'http://c.example.com/report' }))).toStrictEqual(['b.apps:8000']);
  });

  test('Gateway API: PathPrefix matches whole path segments and "a trailing / is ignored" (istiod: createURIMatch, path_separated_prefix)', () => {
    const spec = `${parent}\n  hostnames: [p.example.com]\n  rules:\n    - matches: [{ path: { type: PathPrefix, value: /status/ } }]\n      ${backend('a')}`;
    const yaml = gateway(http()) + route('p', spec) + services;
    expect(explain(yaml, 'http://p.example.com/status').outcome).toBe(RouteOutcome.FORWARD);
    expect(explain(yaml, 'http://p.example.com/status/200').outcome).toBe(RouteOutcome.FORWARD);
    const boundary = explain(yaml, 'http://p.example.com/statusx');
    expect(boundary).toMatchObject({ outcome: RouteOutcome.NOT_FOUND, statusCode: 404 });
    expect(traced(boundary, TraceReason.NO_MATCH)[0]).toMatch(/path \/statusx is not \/status or under \/status\/ \(prefixes match whole segments\)/);
  });
});

describe('Gateway API: attaching routes to listeners', () => {
  test('Gateway API: "If both the Listener and HTTPRoute have specified hostnames, and none match ... the HTTPRoute is not accepted"', () => {
    const yaml = gateway(http('http', '*.example.com')) + route('r', `${parent}\n  hostnames: [r.example.org]\n  rules:\n    - ${backend('a')}`) + services;
    const result = explain(yaml, 'http://r.example.org/');
    expect(result.outcome).toBe(RouteOutcome.NOT_FOUND);
    expect(traced(result, TraceReason.HOST_MISMATCH)).toContain('HTTPRoute apps/r spec.parentRefs[0]: no hostname of the route (r.example.org) matches listener http (port 80, *.example.com)');
  });

  test('Gateway API: "any HTTPRoute hostnames that do not match the Listener hostname MUST be ignored"; the listener\'s wildcard narrows to the route\'s host', () => {
    const yaml = gateway(http('http', '*.example.com')) + route('r', `${parent}\n  hostnames: [a.example.com, a.example.org]\n  rules:\n    - ${backend('a')}`) + services;
    expect(explain(yaml, 'http://a.example.com/').outcome).toBe(RouteOutcome.FORWARD);
    expect(explain(yaml, 'http://a.example.org/').outcome).toBe(RouteOutcome.NOT_FOUND);
    expect(explainer(yaml).routes().gateways[0].listeners[0].virtualHosts.map((v) => v.domains[0])).toStrictEqual(['a.example.com']);
  });

  test('Gateway API: allowedRoutes "Same" (the default) refuses routes of other namespaces; "All" admits them', () => {
    const same = gateway(`    - name: http\n      port: 80\n      protocol: HTTP\n`) + route('r', `${parent}\n  rules:\n    - ${backend('a')}`) + services;
    const refused = explain(same, 'http://any.example.com/');
    expect(refused.outcome).toBe(RouteOutcome.NOT_FOUND);
    expect(traced(refused, TraceReason.NAMESPACE_NOT_ALLOWED)).toStrictEqual(['HTTPRoute apps/r spec.parentRefs[0]: listener http (port 80, *) does not accept routes from namespace apps (allowedRoutes admits infra)']);
    expect(explain(gateway(http('http', undefined, 'All')) + route('r', `${parent}\n  rules:\n    - ${backend('a')}`) + services, 'http://any.example.com/').outcome).toBe(RouteOutcome.FORWARD);
  });

  test('Gateway API: allowedRoutes "Selector" admits the namespaces whose labels match, read from the Namespaces of the input; an unknown Namespace is a warning', () => {
    const selector = `    - name: http\n      port: 80\n      protocol: HTTP\n      allowedRoutes: { namespaces: { from: Selector, selector: { matchLabels: { team: shop } } } }\n`;
    const ns = (labels: string) => `
apiVersion: v1
kind: Namespace
metadata: { name: apps, labels: { ${labels} } }
---`;
    const r = route('r', `${parent}\n  rules:\n    - ${backend('a')}`);
    expect(explain(gateway(selector) + ns('team: shop') + r + services, 'http://x.example.com/').outcome).toBe(RouteOutcome.FORWARD);
    expect(traced(explain(gateway(selector) + ns('team: other') + r + services, 'http://x.example.com/'), TraceReason.NAMESPACE_NOT_ALLOWED)).toHaveLength(1);
    const unknown = explain(gateway(selector) + r + services, 'http://x.example.com/');
    expect(unknown.outcome).toBe(RouteOutcome.NOT_FOUND);
    expect(unknown.warnings).toContain(
      'Namespace apps is not in the input, so its labels are unknown: Gateway infra/gw listener http selects namespaces by {"team":"shop"}, and routes from apps are taken to be refused',
    );
  });

  test('Gateway API: a parentRef with sectionName attaches to that listener only; with port, to the listeners of that port', () => {
    const listeners = http('one', 'one.example.com') + http('two', 'two.example.com') + http('alt', 'one.example.com', 'All', 8080);
    const bySection = route('r', `  parentRefs: [{ name: gw, namespace: infra, sectionName: one }]\n  rules:\n    - ${backend('a')}`);
    const yaml = gateway(listeners) + bySection + services;
    expect(explain(yaml, 'http://one.example.com/').outcome).toBe(RouteOutcome.FORWARD);
    const other = explain(yaml, 'http://two.example.com/');
    expect(traced(other, TraceReason.SECTION_NAME_MISMATCH)).toStrictEqual(['HTTPRoute apps/r spec.parentRefs[0]: the parentRef names sectionName one, so it does not attach to listener two (port 80, two.example.com)']);
    expect(explain(yaml, 'http://one.example.com:8080/').outcome).toBe(RouteOutcome.NOT_FOUND);
    const byPort = gateway(listeners) + route('r', `  parentRefs: [{ name: gw, namespace: infra, port: 8080 }]\n  rules:\n    - ${backend('a')}`) + services;
    expect(explain(byPort, 'http://one.example.com:8080/').outcome).toBe(RouteOutcome.FORWARD);
    expect(traced(explain(byPort, 'http://one.example.com/'), TraceReason.PORT_MISMATCH)).toContain('HTTPRoute apps/r spec.parentRefs[0]: the parentRef asks for port 8080, not listener one (port 80, one.example.com)');
  });

  test('Gateway API: a wildcard listener leaves a host to the more specific listener of the same port (istiod: hostnameAllowedByIsolation)', () => {
    const listeners = http('wild', '*.example.com') + http('a', 'a.example.com');
    const r = route('r', `${parent}\n  hostnames: [a.example.com]\n  rules:\n    - ${backend('a')}`);
    const result = explain(gateway(listeners) + r + services, 'http://a.example.com/');
    expect(result.outcome).toBe(RouteOutcome.FORWARD);
    expect(result.listener?.name).toBe('a');
    expect(traced(result, TraceReason.HOST_MISMATCH)).toStrictEqual(['HTTPRoute apps/r spec.hostnames: host a.example.com is left to the more specific listener of port 80, not listener wild (*.example.com)']);
    const table = explainer(gateway(listeners) + r + services).routes();
    expect(table.gateways[0].listeners[0].virtualHosts.map((v) => v.domains[0])).toStrictEqual(['a.example.com']);
  });

  test('Gateway API: a Gateway of a class another controller owns is not Istio\'s; a class missing from the input is a warning', () => {
    const foreign = `
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: { name: nginx }
spec: { controllerName: k8s.nginx.org/nginx-gateway-controller }
---`;
    const r = route('r', `${parent}\n  rules:\n    - ${backend('a')}`);
    const result = explain(gateway(http(), 'infra', 'nginx') + foreign + r + services, 'http://x.example.com/');
    expect(result.outcome).toBe(RouteOutcome.NO_LISTENER);
    expect(traced(result, TraceReason.CLASS_NOT_ISTIO)).toContain('Gateway infra/gw spec.gatewayClassName: GatewayClass nginx has controller k8s.nginx.org/nginx-gateway-controller, not istio.io/gateway-controller: istiod generates no routes for this Gateway');
    const missing = explain(gateway(http(), 'infra', 'custom') + r + services, 'http://x.example.com/');
    expect(missing.warnings).toContain('GatewayClass custom of Gateway infra/gw is not in the input; if its controller is istio.io/gateway-controller, Istio serves the Gateway');
    // Istio creates its "istio" class itself: it need not be in the input.
    expect(explain(gateway(http()) + r + services, 'http://x.example.com/').outcome).toBe(RouteOutcome.FORWARD);
  });
});

describe('Gateway API: backends, filters and actions', () => {
  test('Gateway API: a backend in another namespace without a ReferenceGrant answers 500 ("the implementation MUST return 500"); with one, it is forwarded', () => {
    const r = route('r', `${parent}\n  rules:\n    - backendRefs: [{ name: d, namespace: other, port: 8000 }]`);
    const result = explain(gateway(http()) + r + service('d', 'other'), 'http://x.example.com/');
    expect(result).toMatchObject({ outcome: RouteOutcome.BACKEND_UNRESOLVED, statusCode: 500 });
    expect(traced(result, TraceReason.REFERENCE_GRANT_MISSING)).toStrictEqual(['HTTPRoute apps/r spec.rules[0]: Service other/d is in another namespace, and no ReferenceGrant in other lets HTTPRoutes of apps reference it']);
    const grant = `
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: { name: allow, namespace: other }
spec:
  from: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: apps }]
  to: [{ group: "", kind: Service, name: d }]
---`;
    expect(backends(explain(gateway(http()) + r + grant + service('d', 'other'), 'http://x.example.com/'))).toStrictEqual(['d.other:8000']);
    const wrongName = grant.replace('name: d }', 'name: e }');
    expect(explain(gateway(http()) + r + wrongName + service('d', 'other'), 'http://x.example.com/').outcome).toBe(RouteOutcome.BACKEND_UNRESOLVED);
  });

  test('Gateway API: a rule without backendRefs answers 404, one whose backends all weigh 0 answers 500 (istiod: convertHTTPRoute)', () => {
    const none = route('r', `${parent}\n  rules:\n    - matches: [{ path: { type: PathPrefix, value: /none } }]\n    - matches: [{ path: { type: PathPrefix, value: /zero } }]\n      ${backend('a', 8000, ', weight: 0')}`);
    const yaml = gateway(http()) + none + services;
    expect(explain(yaml, 'http://x.example.com/none')).toMatchObject({ outcome: RouteOutcome.DIRECT_RESPONSE, statusCode: 404 });
    expect(explain(yaml, 'http://x.example.com/zero')).toMatchObject({ outcome: RouteOutcome.DIRECT_RESPONSE, statusCode: 500 });
  });

  test('Gateway API: weights split by their share; a zero weight sends nothing', () => {
    const r = route('r', `${parent}\n  rules:\n    - backendRefs: [{ name: a, port: 8000, weight: 3 }, { name: b, port: 8000, weight: 1 }, { name: c, port: 8000, weight: 0 }]`);
    expect(backends(explain(gateway(http()) + r + services, 'http://x.example.com/'))).toStrictEqual(['a.apps:8000 75%', 'b.apps:8000 25%']);
  });

  test('Gateway API: RequestRedirect: a new scheme without port gets the scheme\'s default port; without scheme, the request\'s port; statusCode defaults to 302 (istiod: createRedirectFilter)', () => {
    const filter = (redirect: string) => `    - filters: [{ type: RequestRedirect, requestRedirect: ${redirect} }]`;
    const r = (name: string, host: string, redirect: string) => route(name, `${parent}\n  hostnames: [${host}]\n  rules:\n${filter(redirect)}`);
    const yaml =
      gateway(http() + http('alt', undefined, 'All', 8080)) +
      r('s', 's.example.com', '{ scheme: https, statusCode: 301 }') +
      r('h', 'h.example.com', '{ hostname: new.example.com }') +
      r('p', 'p.example.com', '{ path: { type: ReplaceFullPath, replaceFullPath: /new } }');
    expect(explain(yaml, 'http://s.example.com:8080/x').redirect).toMatchObject({ location: 'https://s.example.com/x', statusCode: 301 });
    expect(explain(yaml, 'http://h.example.com:8080/x').redirect).toMatchObject({ location: 'http://new.example.com:8080/x', statusCode: 302 });
    expect(explain(yaml, 'http://p.example.com/x?y=1').redirect?.location).toBe('http://p.example.com/new?y=1');
  });

  test('Gateway API: URLRewrite, header modifiers, mirrors and timeouts are reported as the rule\'s policies', () => {
    const r = route('r', `${parent}\n  rules:
    - matches: [{ path: { type: PathPrefix, value: /api } }]
      filters:
        - { type: URLRewrite, urlRewrite: { path: { type: ReplacePrefixMatch, replacePrefixMatch: / } } }
        - { type: RequestHeaderModifier, requestHeaderModifier: { set: [{ name: X-A, value: "1" }, { name: x-a, value: ignored }] } }
        - { type: RequestMirror, requestMirror: { backendRef: { name: b, port: 8000 }, percent: 10 } }
      timeouts: { request: 5s }
      ${backend('a')}`);
    const result = explain(gateway(http()) + r + services, 'http://x.example.com/api/users');
    expect(result.policies.map((p) => `${p.kind}: ${p.description}`)).toStrictEqual([
      'rewrite: the matched path prefix is removed',
      'request-headers: set x-a: 1',
      'mirror: a copy of 10% of requests goes to b.apps.svc.cluster.local (its answers are ignored)',
      'timeout: the backend must answer within 5s',
      "retries: up to 2 retries on connect-failure, refused-stream, unavailable, cancelled (Istio's default)",
    ]);
  });

  test('Gateway API: a filter istiod does not support drops every rule of the HTTPRoute (istiod: convertHTTPRoute, InvalidFilter)', () => {
    const r = route('r', `${parent}\n  rules:\n    - filters: [{ type: ExtensionRef, extensionRef: { group: example.com, kind: Thing, name: t } }]\n      ${backend('a')}`);
    const result = explain(gateway(http()) + r + services, 'http://x.example.com/');
    expect(result.outcome).toBe(RouteOutcome.NOT_FOUND);
    expect(traced(result, TraceReason.DROPPED)).toStrictEqual(['HTTPRoute apps/r spec.rules[0].filters[0].type: filter type ExtensionRef is not supported by istiod, which then drops every rule of HTTPRoute apps/r']);
  });
});

describe('Gateway API: TLS', () => {
  const tls = `    - name: https
      port: 443
      protocol: HTTPS
      hostname: "*.example.com"
      tls: { mode: Terminate, certificateRefs: [{ name: cert }] }
      allowedRoutes: { namespaces: { from: All } }
    - name: tls
      port: 443
      protocol: TLS
      hostname: secure.example.org
      tls: { mode: Passthrough }
      allowedRoutes: { namespaces: { from: All } }
`;
  const tlsRoute = `
apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata: { name: passthrough, namespace: apps }
spec:
  parentRefs: [{ name: gw, namespace: infra, sectionName: tls }]
  hostnames: [secure.example.org]
  rules:
    - backendRefs: [{ name: d, port: 8443 }]
---`;

  test('Gateway API: an HTTPRoute without sectionName attaches to the HTTPS listener too; SNI picks the listener', () => {
    const r = route('r', `${parent}\n  hostnames: [a.example.com]\n  rules:\n    - ${backend('a')}`);
    const result = explain(gateway(tls) + tlsRoute + r + services + service('d', 'apps', 8443), 'https://a.example.com/');
    expect(result).toMatchObject({ outcome: RouteOutcome.FORWARD, listener: { name: 'https', tlsMode: 'SIMPLE', port: 443 } });
    // The TLS listener only takes TLSRoutes (its default allowed kinds).
    expect(traced(result, TraceReason.KIND_NOT_ALLOWED)).toStrictEqual([]);
  });

  test('Gateway API: a TLSRoute passes TLS through to its backend by SNI', () => {
    const result = explain(gateway(tls) + tlsRoute + service('d', 'apps', 8443), 'https://secure.example.org/');
    expect(result).toMatchObject({ outcome: RouteOutcome.TLS_PASSTHROUGH, listener: { name: 'tls', tlsMode: 'PASSTHROUGH' }, route: { object: { kind: 'TLSRoute', name: 'passthrough' } } });
    expect(backends(result)).toStrictEqual(['d.apps:8443']);
  });
});
