import { RouteOutcome, TraceReason } from '../../src';
import { backends, explain, explainer, service, to, traced, vs } from './support';

/** A Gateway with one plain HTTP server. */
function gateway(hosts: string[] = ['*'], extra = ''): string {
  return `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: gw, namespace: istio-ingress }
spec:
  selector: { istio: ingressgateway }
  servers:
    - port: { number: 80, name: http, protocol: HTTP }
      hosts: ${JSON.stringify(hosts)}
${extra}
---`;
}

const services = ['a', 'b', 'c', 'httpbin'].map((s) => service(s)).join('\n');

describe('Istio API: servers, hosts and virtual hosts', () => {
  test('Istio API: VirtualService hosts are intersected with the server hosts, and the request\'s Host picks the virtual host (istiod: buildGatewayHTTPRouteConfig, serverHosts.Intersection(virtualServiceHosts))', () => {
    const yaml = gateway(['*.example.com']) + vs('a', ['a.example.com', 'a.example.org'], `    - ${to('a')}`) + services;
    const hit = explain(yaml, 'http://a.example.com/anything');
    expect(hit.outcome).toBe(RouteOutcome.FORWARD);
    expect(backends(hit)).toStrictEqual(['a.default:8000']);
    expect(hit.route).toMatchObject({ object: { kind: 'VirtualService', namespace: 'default', name: 'a' }, field: 'spec.http[0]', virtualHost: 'a.example.com' });
    expect(hit.listener).toMatchObject({ gateway: { kind: 'Gateway', namespace: 'istio-ingress', name: 'gw' }, port: 80, protocol: 'HTTP', hosts: ['*.example.com'] });
    // a.example.org is a host of the VirtualService the server does not serve.
    const miss = explain(yaml, 'http://a.example.org/anything');
    expect(miss).toMatchObject({ outcome: RouteOutcome.NOT_FOUND, statusCode: 404 });
    expect(traced(miss, TraceReason.HOST_MISMATCH)).toStrictEqual(['Gateway istio-ingress/gw spec.servers[0]: no virtual host for a.example.org on port 80; the hosts served are a.example.com']);
  });

  test('Istio API: a wildcard VirtualService host on a server for concrete hosts gets a virtual host per server host (case 2 of buildGatewayHTTPRouteConfig)', () => {
    const yaml = gateway(['a.example.com', 'b.example.com']) + vs('wild', ['*.example.com'], `    - ${to('a')}`) + services;
    const table = explainer(yaml).routes();
    expect(table.gateways[0].listeners[0].virtualHosts.map((v) => v.domains[0])).toStrictEqual(['a.example.com', 'b.example.com']);
    expect(explain(yaml, 'http://b.example.com/').outcome).toBe(RouteOutcome.FORWARD);
    expect(explain(yaml, 'http://c.example.com/').outcome).toBe(RouteOutcome.NOT_FOUND);
  });

  test('Istio API: the most specific virtual host wins and only its routes are tried: *.example.com does not answer a.example.com when another VirtualService has that exact host (Envoy VirtualHost.domains search order)', () => {
    const yaml =
      gateway(['*']) +
      vs('wildcard', ['*.example.com'], `    - match: [{ uri: { prefix: /wild } }]\n      ${to('a')}`) +
      vs('exact', ['a.example.com'], `    - match: [{ uri: { prefix: /exact } }]\n      ${to('b')}`) +
      services;
    const result = explain(yaml, 'http://a.example.com/wild');
    expect(result).toMatchObject({ outcome: RouteOutcome.NOT_FOUND, statusCode: 404 });
    expect(traced(result, TraceReason.LESS_SPECIFIC_HOST)).toStrictEqual([
      'VirtualService default/wildcard spec.hosts: its host *.example.com also covers a.example.com, but Envoy takes the more specific virtual host a.example.com, whose routes alone are tried',
    ]);
    expect(backends(explain(yaml, 'http://x.example.com/wild'))).toStrictEqual(['a.default:8000']);
  });

  test('Istio API: a server host "namespace/host" admits VirtualServices of that namespace only (istiod: NamesForNamespace)', () => {
    const yaml = gateway(['apps/*']) + vs('a', ['a.example.com'], `    - ${to('a')}`) + services;
    const result = explain(yaml, 'http://a.example.com/');
    expect(result.outcome).toBe(RouteOutcome.NOT_FOUND);
    expect(traced(result, TraceReason.NAMESPACE_NOT_ALLOWED)).toStrictEqual([
      'VirtualService default/a spec.hosts: Gateway istio-ingress/gw spec.servers[0] serves apps/*, which does not admit VirtualServices of namespace default',
    ]);
    const allowed = gateway(['./*', 'default/*']) + vs('a', ['a.example.com'], `    - ${to('a')}`) + services;
    expect(explain(allowed, 'http://a.example.com/').outcome).toBe(RouteOutcome.FORWARD);
  });

  test('Istio API: VirtualService short host names are Services of its namespace, and destinations too (istiod: ResolveShortnameToFQDN)', () => {
    const yaml = gateway(['*']) + vs('short', ['httpbin'], '    - route: [{ destination: { host: httpbin, port: { number: 8000 } } }]') + services;
    expect(explainer(yaml).routes().gateways[0].listeners[0].virtualHosts[0].domains).toStrictEqual(['httpbin.default.svc.cluster.local']);
    expect(backends(explain(yaml, 'http://httpbin.default.svc.cluster.local/'))).toStrictEqual(['httpbin.default:8000']);
  });
});

describe('Istio API: gateways a VirtualService binds', () => {
  test('Istio API: "gateways" takes namespace/name; a short name is a Gateway of the VirtualService\'s own namespace (istiod: resolveGatewayName)', () => {
    const yaml = gateway(['*']) + vs('short', ['a.example.com'], `    - ${to('a')}`, '', 'default', '["gw"]') + services;
    const result = explain(yaml, 'http://a.example.com/');
    expect(result.outcome).toBe(RouteOutcome.NOT_FOUND);
    expect(traced(result, TraceReason.GATEWAY_NOT_BOUND)).toStrictEqual([
      'VirtualService default/short spec.gateways: bound to default/gw, and no such Gateway is in the input (a short name is a Gateway of the VirtualService\'s own namespace, default)',
    ]);
    expect(result.warnings).toContain('VirtualService default/short is bound to default/gw, which is not in the input');
    const fqdn = gateway(['*']) + vs('fqdn', ['a.example.com'], `    - ${to('a')}`, '', 'default', '["gw.istio-ingress.svc.cluster.local"]') + services;
    expect(explain(fqdn, 'http://a.example.com/').outcome).toBe(RouteOutcome.FORWARD);
  });

  test('Istio API: a VirtualService without gateways configures sidecars only ("mesh"), never the ingress gateway', () => {
    const yaml = gateway(['*']) + vs('mesh', ['a.example.com'], `    - ${to('a')}`, '', 'default', '[]') + services;
    const result = explain(yaml, 'http://a.example.com/');
    expect(result.outcome).toBe(RouteOutcome.NOT_FOUND);
    expect(traced(result, TraceReason.GATEWAY_NOT_BOUND)[0]).toMatch(/has no gateways, so it configures sidecars only \("mesh"\)/);
  });

  test('Istio API: match.gateways limits a match to the gateways it names, and match.port to one port (istiod: sourceMatchHTTP, TranslateRoute)', () => {
    const http = `    - match: [{ uri: { prefix: /other }, gateways: [istio-ingress/other] }, { uri: { prefix: /port }, port: 8080 }, { uri: { prefix: /ok } }]\n      ${to('a')}`;
    const yaml = gateway(['*']) + vs('a', ['a.example.com'], http) + services;
    const other = explain(yaml, 'http://a.example.com/other');
    expect(other.outcome).toBe(RouteOutcome.NOT_FOUND);
    expect(traced(other, TraceReason.GATEWAY_NOT_BOUND)).toStrictEqual(['VirtualService default/a spec.http[0].match[0]: the match is for gateways istio-ingress/other, not istio-ingress/gw']);
    expect(traced(other, TraceReason.PORT_MISMATCH)).toStrictEqual(['VirtualService default/a spec.http[0].match[1]: the match is for port 8080, not 80']);
    expect(explain(yaml, 'http://a.example.com/ok').outcome).toBe(RouteOutcome.FORWARD);
  });

  test('Istio API: exportTo "." in a namespace other than the proxy\'s hides the VirtualService from the gateway (istiod: VirtualServicesForGateway)', () => {
    const proxy = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: istio-ingressgateway, namespace: istio-ingress }
spec:
  template:
    metadata: { labels: { istio: ingressgateway, app: istio-ingressgateway } }
---`;
    const hidden = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: private, namespace: default }
spec:
  hosts: [a.example.com]
  gateways: [istio-ingress/gw]
  exportTo: ["."]
  http:
    - ${to('a')}
---`;
    const result = explain(gateway(['*']) + proxy + hidden + services, 'http://a.example.com/');
    expect(result.outcome).toBe(RouteOutcome.NOT_FOUND);
    expect(traced(result, TraceReason.NOT_EXPORTED)).toStrictEqual(["VirtualService default/private spec.exportTo: VirtualService default/private is exported to default, not to the proxy's namespace istio-ingress"]);
    const exported = hidden.replace('exportTo: ["."]', 'exportTo: [".", istio-ingress]');
    expect(explain(gateway(['*']) + proxy + exported + services, 'http://a.example.com/').outcome).toBe(RouteOutcome.FORWARD);
  });

  test('Istio API: Gateways selecting the same proxy pods merge; their plain HTTP servers of a port share one route table (istiod: mergeGateways)', () => {
    const second = `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: second, namespace: apps }
spec:
  selector: { istio: ingressgateway }
  servers:
    - port: { number: 80, name: http, protocol: HTTP }
      hosts: [b.example.com]
---`;
    const yaml = gateway(['a.example.com']) + second + vs('a', ['a.example.com'], `    - ${to('a')}`) + vs('b', ['b.example.com'], `    - ${to('b')}`, '', 'default', '["apps/second"]') + services;
    const ex = explainer(yaml);
    expect(ex.gatewayNames()).toStrictEqual(['apps/second, istio-ingress/gw']);
    // Either Gateway's name reaches the same proxy, which serves both hosts.
    expect(backends(ex.explain({ url: 'http://b.example.com/', gateway: { namespace: 'istio-ingress', name: 'gw' } }))).toStrictEqual(['b.default:8000']);
    expect(backends(ex.explain({ url: 'http://a.example.com/', gateway: { name: 'second' } }))).toStrictEqual(['a.default:8000']);
  });
});

describe('Istio API: route order', () => {
  test('Istio API: within a VirtualService the first match wins, even when a later one is more specific (istiod: BuildHTTPRoutesForVirtualService)', () => {
    const http = `    - match: [{ uri: { prefix: /api } }]\n      ${to('a')}\n    - match: [{ uri: { exact: /api/users } }]\n      ${to('b')}`;
    const result = explain(gateway() + vs('api', ['api.example.com'], http) + services, 'http://api.example.com/api/users');
    expect(backends(result)).toStrictEqual(['a.default:8000']);
    expect(traced(result, TraceReason.SHADOWED)).toStrictEqual([
      'VirtualService default/api spec.http[1].match[0]: exact /api/users: matches too, but VirtualService default/api spec.http[0].match[0] comes first: it comes earlier in the VirtualService (first match wins)',
    ]);
  });

  test('Istio API: an Istio prefix is a plain string prefix: /status also matches /statusx', () => {
    const yaml = gateway() + vs('httpbin', ['httpbin.example.com'], `    - match: [{ uri: { prefix: /status } }]\n      ${to('httpbin')}`) + services;
    expect(explain(yaml, 'http://httpbin.example.com/statusx').outcome).toBe(RouteOutcome.FORWARD);
    expect(explain(yaml, 'http://httpbin.example.com/statu').outcome).toBe(RouteOutcome.NOT_FOUND);
  });

  test('Istio API: the first VirtualService for a host (oldest by creation time) answers before a newer one, whatever their specificity (istiod: sortConfigByCreationTime)', () => {
    const older = vs('zz-older', ['api.example.com'], `    - match: [{ uri: { prefix: /api } }]\n      ${to('a')}`, ', creationTimestamp: "2024-01-01T00:00:00Z"');
    const newer = vs('aa-newer', ['api.example.com'], `    - match: [{ uri: { exact: /api/users } }]\n      ${to('b')}`, ', creationTimestamp: "2025-01-01T00:00:00Z"');
    const result = explain(gateway() + older + newer + services, 'http://api.example.com/api/users');
    expect(backends(result)).toStrictEqual(['a.default:8000']);
    expect(traced(result, TraceReason.SHADOWED)[0]).toMatch(/VirtualService default\/zz-older is older than VirtualService default\/aa-newer/);
    expect(result.warnings).toStrictEqual([]);
  });

  test('Istio API: without creation timestamps the order of VirtualServices is by name, and the answer says it depends on what the manifests cannot tell', () => {
    const one = vs('zz-prefix', ['api.example.com'], `    - match: [{ uri: { prefix: /api } }]\n      ${to('a')}`);
    const two = vs('aa-exact', ['api.example.com'], `    - match: [{ uri: { exact: /api/users } }]\n      ${to('b')}`);
    const result = explain(gateway() + one + two + services, 'http://api.example.com/api/users');
    expect(backends(result)).toStrictEqual(['b.default:8000']);
    expect(result.warnings).toStrictEqual([
      'the answer depends on the order of VirtualService default/aa-exact and VirtualService default/zz-prefix, which istiod sets by creation time; the manifests carry no creation timestamps, so the order by name was assumed',
    ]);
  });

  test('Istio API: a route without match is a catch-all: the routes after it in its VirtualService are never sent ("Routes are matched in order, so we will never go beyond this match")', () => {
    const http = `    - ${to('a')}\n    - match: [{ uri: { prefix: /b } }]\n      ${to('b')}`;
    const result = explain(gateway() + vs('x', ['x.example.com'], http) + services, 'http://x.example.com/b');
    expect(backends(result)).toStrictEqual(['a.default:8000']);
    expect(traced(result, TraceReason.DROPPED)).toStrictEqual(['VirtualService default/x spec.http[1]: never reached: spec.http[0] of VirtualService default/x before it matches every request (any request)']);
  });

  test('Istio API: catch-all routes move after the other routes of the host, even those of a newer VirtualService (istiod: SortVHostRoutes)', () => {
    const old = vs('old', ['x.example.com'], `    - match: [{ uri: { prefix: / } }]\n      ${to('a')}`, ', creationTimestamp: "2024-01-01T00:00:00Z"');
    const young = vs('young', ['x.example.com'], `    - match: [{ uri: { prefix: /b } }]\n      ${to('b')}`, ', creationTimestamp: "2025-01-01T00:00:00Z"');
    const result = explain(gateway() + old + young + services, 'http://x.example.com/b/1');
    expect(backends(result)).toStrictEqual(['b.default:8000']);
    expect(traced(result, TraceReason.SHADOWED)).toStrictEqual([
      'VirtualService default/old spec.http[0].match[0]: any request: matches too, but VirtualService default/young spec.http[0].match[0] comes first: catch-all routes come last',
    ]);
    const table = explainer(gateway() + old + young + services).routes();
    expect(table.gateways[0].listeners[0].virtualHosts[0].routes.map((r) => [r.object.name, r.catchAll])).toStrictEqual([
      ['young', false],
      ['old', true],
    ]);
  });

  test('Istio API: a match with a header or method is not a catch-all, even on the prefix / (istiod: IsCatchAllRoute looks at headers, and the method is the :method header)', () => {
    const old = vs('old', ['x.example.com'], `    - match: [{ uri: { prefix: / }, method: { exact: GET } }]\n      ${to('a')}`, ', creationTimestamp: "2024-01-01T00:00:00Z"');
    const young = vs('young', ['x.example.com'], `    - match: [{ uri: { prefix: /b } }]\n      ${to('b')}`, ', creationTimestamp: "2025-01-01T00:00:00Z"');
    expect(backends(explain(gateway() + old + young + services, 'http://x.example.com/b'))).toStrictEqual(['a.default:8000']);
    expect(backends(explain(gateway() + old + young + services, { method: 'POST', url: 'http://x.example.com/b' }))).toStrictEqual(['b.default:8000']);
  });
});

describe('Istio API: matches', () => {
  const http = `
    - match: [{ uri: { regex: "/v[0-9]+/users" }, headers: { x-canary: { exact: always } } }]
      ${to('a')}
    - match: [{ uri: { prefix: /q }, queryParams: { debug: { regex: "(on|yes)" } } }]
      ${to('b')}
    - match: [{ method: { exact: DELETE } }]
      ${to('c')}
    - match: [{ uri: { prefix: /present }, headers: { x-any: {} } }]
      ${to('httpbin')}`;
  const yaml = gateway() + vs('m', ['m.example.com'], http) + services;

  test('Istio API: a regular expression must match the whole path (Envoy safe_regex, RE2 full match), header names are case-insensitive', () => {
    expect(backends(explain(yaml, { url: 'http://m.example.com/v2/users', headers: { 'X-Canary': 'always' } }))).toStrictEqual(['a.default:8000']);
    const partial = explain(yaml, { url: 'http://m.example.com/v2/users/1', headers: { 'x-canary': 'always' } });
    expect(partial.outcome).toBe(RouteOutcome.NOT_FOUND);
    expect(traced(partial, TraceReason.NO_MATCH)[0]).toBe('VirtualService default/m spec.http[0].match[0]: regex /v[0-9]+/users, header x-canary "always": path /v2/users/1 does not match the regular expression /v[0-9]+/users in full');
    const noHeader = explain(yaml, 'http://m.example.com/v2/users');
    expect(traced(noHeader, TraceReason.NO_MATCH)[0]).toMatch(/header x-canary is absent, not "always"$/);
  });

  test('Istio API: query parameters and methods match as written; an empty StringMatch only asks for presence (istiod: canBeConvertedToPresentMatch)', () => {
    expect(backends(explain(yaml, 'http://m.example.com/q?debug=yes'))).toStrictEqual(['b.default:8000']);
    expect(explain(yaml, 'http://m.example.com/q?debug=yess').outcome).toBe(RouteOutcome.NOT_FOUND);
    expect(backends(explain(yaml, { method: 'delete', url: 'http://m.example.com/anything' }))).toStrictEqual(['c.default:8000']);
    expect(backends(explain(yaml, { url: 'http://m.example.com/present', headers: { 'x-any': '' } }))).toStrictEqual(['httpbin.default:8000']);
  });
});

describe('Istio API: actions', () => {
  test('Istio API: weights split a route\'s requests, shares in percent', () => {
    const http = `    - route:\n        - { destination: { host: a.default.svc.cluster.local, port: { number: 8000 } }, weight: 90 }\n        - { destination: { host: b.default.svc.cluster.local, port: { number: 8000 } }, weight: 10 }`;
    expect(backends(explain(gateway() + vs('split', ['s.example.com'], http) + services, 'http://s.example.com/'))).toStrictEqual(['a.default:8000 90%', 'b.default:8000 10%']);
  });

  test('Istio API: redirects: derivePort FROM_PROTOCOL_DEFAULT writes no port, FROM_REQUEST_PORT the listener\'s (dropped when it is the scheme\'s default), default code 301 (istiod: ApplyRedirect)', () => {
    const http = `
    - match: [{ uri: { prefix: /secure } }]
      redirect: { scheme: https, derivePort: FROM_PROTOCOL_DEFAULT }
    - match: [{ uri: { prefix: /moved } }]
      redirect: { uri: /new, authority: new.example.com, derivePort: FROM_REQUEST_PORT, redirectCode: 308 }
    - match: [{ uri: { prefix: /port } }]
      redirect: { port: 8443, scheme: https }`;
    const yaml = gateway() + vs('r', ['r.example.com'], http);
    expect(explain(yaml, 'http://r.example.com/secure/x?y=1').redirect).toStrictEqual({ scheme: 'https', hostname: 'r.example.com', port: 443, path: '/secure/x', statusCode: 301, location: 'https://r.example.com/secure/x?y=1' });
    expect(explain(yaml, 'http://r.example.com/moved').redirect?.location).toBe('http://new.example.com/new');
    expect(explain(yaml, 'http://r.example.com/moved').statusCode).toBe(308);
    expect(explain(yaml, 'http://r.example.com/port').redirect?.location).toBe('https://r.example.com:8443/port');
  });

  test('Istio API: a direct response answers without a backend', () => {
    const yaml = gateway() + vs('d', ['d.example.com'], '    - directResponse: { status: 503, body: { string: maintenance } }');
    expect(explain(yaml, 'http://d.example.com/')).toMatchObject({ outcome: RouteOutcome.DIRECT_RESPONSE, statusCode: 503, directResponse: { status: 503, body: 'maintenance' } });
  });

  test('Istio API: the route\'s policies are reported: rewrite, headers, mirror, timeout, retries, CORS, fault', () => {
    const http = `
    - rewrite: { uri: /v2, authority: internal }
      headers: { request: { set: { x-a: "1" }, remove: [x-b] }, response: { add: { x-c: "2" } } }
      mirrors: [{ destination: { host: b.default.svc.cluster.local }, percentage: { value: 5 } }]
      timeout: 3s
      retries: { attempts: 4, retryOn: 5xx, perTryTimeout: 1s }
      corsPolicy: { allowOrigins: [{ exact: https://app.example.com }] }
      fault: { abort: { httpStatus: 418, percentage: { value: 1 } } }
      ${to('a')}`;
    const result = explain(gateway() + vs('p', ['p.example.com'], http) + services, 'http://p.example.com/');
    expect(result.policies.map((p) => `${p.kind}: ${p.description}`)).toStrictEqual([
      'rewrite: the matched path prefix becomes /v2; Host becomes internal',
      'request-headers: set x-a: 1; remove x-b',
      'response-headers: add x-c: 2',
      'mirror: a copy of 5% of requests goes to b.default.svc.cluster.local (its answers are ignored)',
      'timeout: the backend must answer within 3s',
      'retries: up to 4 retries on 5xx, 1s per try',
      'cors: origins https://app.example.com allowed; preflight requests are answered by the gateway',
      'fault: 1% of requests aborted with 418',
    ]);
  });

  test('Istio API: a destination Service missing from the input is a warning; a port the Service lacks makes the backend unusable (503)', () => {
    const missing = explain(gateway() + vs('m', ['m.example.com'], `    - ${to('ghost')}`), 'http://m.example.com/');
    expect(missing.outcome).toBe(RouteOutcome.FORWARD);
    expect(missing.warnings).toStrictEqual(['Service default/ghost is not in the input; if it does not exist, Istio answers 503 (500 for Gateway API routes)']);
    const wrongPort = explain(gateway() + vs('m', ['m.example.com'], `    - ${to('a', 9999)}`) + services, 'http://m.example.com/');
    expect(wrongPort).toMatchObject({ outcome: RouteOutcome.BACKEND_UNRESOLVED, statusCode: 503 });
    expect(wrongPort.backends[0].problem).toBe('Service default/a has no port 9999 (it has 8000)');
  });
});

describe('Istio API: ports, protocols and TLS', () => {
  const tls = `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: gw, namespace: istio-ingress }
spec:
  selector: { istio: ingressgateway }
  servers:
    - port: { number: 80, name: http, protocol: HTTP }
      hosts: [a.example.com]
      tls: { httpsRedirect: true }
    - port: { number: 443, name: https-a, protocol: HTTPS }
      hosts: [a.example.com]
      tls: { mode: SIMPLE, credentialName: a-cert }
    - port: { number: 443, name: https-b, protocol: HTTPS }
      hosts: [b.example.com]
      tls: { mode: SIMPLE, credentialName: b-cert }
    - port: { number: 443, name: passthrough, protocol: TLS }
      hosts: [c.example.com]
      tls: { mode: PASSTHROUGH }
---`;
  const routes = vs('a', ['a.example.com'], `    - ${to('a')}`) + vs('b', ['b.example.com'], `    - ${to('b')}`) + `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: c, namespace: default }
spec:
  hosts: [c.example.com]
  gateways: [istio-ingress/gw]
  tls:
    - match: [{ sniHosts: [c.example.com], port: 443 }]
      route: [{ destination: { host: c.default.svc.cluster.local, port: { number: 8000 } } }]
---` + services;

  test('Istio API: a server with httpsRedirect answers plain HTTP with a 301 to HTTPS ("the load balancer will send a 301 redirect for all http connections")', () => {
    const result = explain(tls + routes, 'http://a.example.com/status?x=1');
    expect(result).toMatchObject({ outcome: RouteOutcome.REDIRECT, statusCode: 301, redirect: { location: 'https://a.example.com/status?x=1', port: 443 } });
    expect(traced(result, TraceReason.HTTPS_REDIRECT)).toStrictEqual(['Gateway istio-ingress/gw spec.servers[0].tls.httpsRedirect: plain HTTP for a.example.com is redirected to HTTPS']);
  });

  test('Istio API: HTTPS servers of one port are told apart by SNI, each with its own routes (istiod: gatewayRDSRouteName https.<port>.<name>.<gateway>)', () => {
    const a = explain(tls + routes, 'https://a.example.com/');
    expect(a.listener).toMatchObject({ name: 'https-a', tlsMode: 'SIMPLE' });
    expect(backends(a)).toStrictEqual(['a.default:8000']);
    // SNI a.example.com picks server https-a, whose routes do not include b.example.com's.
    const crossed = explain(tls + routes, { url: 'https://a.example.com/', headers: { host: 'b.example.com' } });
    expect(crossed.outcome).toBe(RouteOutcome.NOT_FOUND);
    const unknown = explain(tls + routes, 'https://d.example.com/');
    expect(unknown.outcome).toBe(RouteOutcome.NO_LISTENER);
    expect(traced(unknown, TraceReason.SNI_MISMATCH)).toHaveLength(3);
  });

  test('Istio API: TLS passthrough is routed by SNI to the tls route of a VirtualService', () => {
    const result = explain(tls + routes, 'https://c.example.com/');
    expect(result).toMatchObject({ outcome: RouteOutcome.TLS_PASSTHROUGH, listener: { name: 'passthrough', tlsMode: 'PASSTHROUGH' }, route: { object: { name: 'c' }, field: 'spec.tls[0].match[0]' } });
    expect(backends(result)).toStrictEqual(['c.default:8000']);
  });

  test('Istio API: plain HTTP to a TLS port is refused, TLS to a plain port fails, and a port without servers has no listener', () => {
    const plainOnTls = explain(tls + routes, 'http://a.example.com:443/');
    expect(plainOnTls.outcome).toBe(RouteOutcome.NO_LISTENER);
    expect(traced(plainOnTls, TraceReason.PROTOCOL_MISMATCH)[0]).toMatch(/port 443 is served as HTTPS \(TLS\), so a plain HTTP request is refused/);
    const tlsOnPlain = explain(gateway() + vs('a', ['a.example.com'], `    - ${to('a')}`), 'https://a.example.com:80/');
    expect(traced(tlsOnPlain, TraceReason.PROTOCOL_MISMATCH)[0]).toMatch(/port 80 serves plain HTTP, so a TLS handshake fails/);
    const noPort = explain(gateway() + vs('a', ['a.example.com'], `    - ${to('a')}`), 'http://a.example.com:8080/');
    expect(noPort.outcome).toBe(RouteOutcome.NO_LISTENER);
    expect(traced(noPort, TraceReason.PORT_MISMATCH)).toStrictEqual(['Gateway istio-ingress/gw spec.servers[0]: listens on port 80 (HTTP), not 8080']);
  });

  test('Istio API: a second TLS server for a host already served on the port is skipped (istiod: mergeGateways, CheckDuplicates)', () => {
    const duplicate = `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: later, namespace: istio-ingress, creationTimestamp: "2030-01-01T00:00:00Z" }
spec:
  selector: { istio: ingressgateway }
  servers:
    - port: { number: 443, name: https, protocol: HTTPS }
      hosts: [a.example.com]
      tls: { mode: SIMPLE, credentialName: other }
---`;
    const result = explain(tls + duplicate + routes, { url: 'https://a.example.com/', gateway: { namespace: 'istio-ingress', name: 'later' } });
    expect(result.listener?.name).toBe('https-a');
    expect(traced(result, TraceReason.SERVER_REJECTED)).toStrictEqual(['Gateway istio-ingress/later spec.servers[0]: skipped: host a.example.com already has a TLS server on port 443 (an earlier Gateway\'s)']);
  });
});
