import { Chart, Duration } from 'cdk8s';
import {
  AllowedRoutes,
  Backend,
  ExposedService,
  HttpMethod,
  HttpRoute,
  IngressApi,
  IngressGateway,
  PathModifier,
  Percentage,
  RedirectScheme,
  RetryOn,
  RouteMatch,
} from '../src';
import { renderVirtualService } from '../src/render/istio';
import { PathModifierType, RouteModel } from '../src/model/types';
import { Manifest, newChart, ofKind, only, synth } from './support/synth';

type Api = 'istio' | 'gateway-api' | 'kubernetes-ingress';

const V1 = Backend.fromServiceName('app-v1', { port: 80, portName: 'http' });
const V2 = Backend.fromServiceName('app-v2', { port: 80, portName: 'http' });
const V1_HOST = 'app-v1.default.svc.cluster.local';
const V2_HOST = 'app-v2.default.svc.cluster.local';
const V1_DESTINATION = { destination: { host: V1_HOST, port: { number: 80 } } };

function gatewayFor(chart: Chart, api: Api): IngressGateway {
  if (api === 'gateway-api') return new IngressGateway(chart, 'gw', { namespace: 'default', api: IngressApi.gatewayApi({ allowedRoutes: AllowedRoutes.allNamespaces() }) });
  return new IngressGateway(chart, 'gw', { api: api === 'istio' ? IngressApi.istio() : IngressApi.kubernetesIngress() });
}

/** Exposes app-v1 on a.example.com with these routes through a gateway of `api`, and synthesises. */
function expose(api: Api, routes: HttpRoute[], namespace?: string): Manifest[] {
  const chart = newChart();
  new ExposedService(chart, 'app', { gateway: gatewayFor(chart, api), backend: V1, hosts: ['a.example.com'], routes, namespace });
  return synth(chart);
}

/** The VirtualService routes of an Istio API rendering. */
function istioHttp(...routes: HttpRoute[]): any[] {
  return only(expose('istio', routes), 'VirtualService').spec.http;
}

/** The HTTPRoute rules of a Gateway API rendering. */
function gatewayRules(...routes: HttpRoute[]): any[] {
  return only(expose('gateway-api', routes), 'HTTPRoute').spec.rules;
}

/** What adding these routes throws, at construct time or at synth time. */
function failure(api: Api, ...routes: HttpRoute[]): string {
  try {
    expose(api, routes);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the routes to be refused');
}

describe('weighted backends: a canary split', () => {
  const canary: HttpRoute = {
    matches: [RouteMatch.pathPrefix('/')],
    backends: [
      { backend: V1, weight: 90 },
      { backend: V2, weight: 10 },
    ],
  };

  test('Istio API: route destinations with weights that add up to 100', () => {
    expect(istioHttp(canary)).toStrictEqual([
      {
        match: [{ uri: { prefix: '/' } }],
        route: [
          { destination: { host: V1_HOST, port: { number: 80 } }, weight: 90 },
          { destination: { host: V2_HOST, port: { number: 80 } }, weight: 10 },
        ],
      },
    ]);
  });

  test('Gateway API: backendRefs with the same weights', () => {
    expect(gatewayRules(canary)).toStrictEqual([
      {
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: [
          { name: 'app-v1', port: 80, weight: 90 },
          { name: 'app-v2', port: 80, weight: 10 },
        ],
      },
    ]);
  });

  test('a weight of 0 keeps a backend in the route without traffic', () => {
    const http = istioHttp({ backends: [{ backend: V1, weight: 100 }, { backend: V2, weight: 0 }] });
    expect(http[0].route.map((r: any) => r.weight)).toStrictEqual([100, 0]);
  });

  test('a single backend replaces the service\'s backend for that route, in every API', () => {
    const route: HttpRoute = { matches: [RouteMatch.pathPrefix('/beta')], backends: [{ backend: V2 }] };
    expect(istioHttp(route)[0].route).toStrictEqual([{ destination: { host: V2_HOST, port: { number: 80 } } }]);
    expect(gatewayRules(route)[0].backendRefs).toStrictEqual([{ name: 'app-v2', port: 80 }]);
    const ingress = only(expose('kubernetes-ingress', [route]), 'Ingress');
    expect(ingress.spec.rules[0].http.paths).toStrictEqual([{ path: '/beta', pathType: 'Prefix', backend: { service: { name: 'app-v2', port: { number: 80 } } } }]);
  });

  test('Gateway API: a default backend no route uses gets no ReferenceGrant', () => {
    const chart = newChart();
    new ExposedService(chart, 'app', {
      gateway: gatewayFor(chart, 'gateway-api'),
      namespace: 'default',
      backend: Backend.fromServiceName('unused', { namespace: 'elsewhere', port: 80, portName: 'http' }),
      hosts: ['a.example.com'],
      routes: [{ backends: [{ backend: V1 }] }],
    });
    expect(ofKind(synth(chart), 'ReferenceGrant')).toStrictEqual([]);
  });

  test('Gateway API: weighted backends and mirrors in other namespaces get ReferenceGrants', () => {
    const objects = expose(
      'gateway-api',
      [
        {
          backends: [
            { backend: V1, weight: 50 },
            { backend: Backend.fromServiceName('app-v2', { namespace: 'canary', port: 80, portName: 'http' }), weight: 50 },
          ],
          mirrors: [{ backend: Backend.fromServiceName('shadow', { namespace: 'lab', port: 8080, portName: 'http' }) }],
        },
      ],
      'default',
    );
    expect(only(objects, 'HTTPRoute').spec.rules[0].backendRefs).toStrictEqual([
      { name: 'app-v1', port: 80, weight: 50 },
      { name: 'app-v2', namespace: 'canary', port: 80, weight: 50 },
    ]);
    expect(ofKind(objects, 'ReferenceGrant').map((g) => [g.metadata, g.spec])).toStrictEqual([
      [
        { name: 'default.app', namespace: 'canary' },
        { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'default' }], to: [{ group: '', kind: 'Service', name: 'app-v2' }] },
      ],
      [
        { name: 'default.app', namespace: 'lab' },
        { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'default' }], to: [{ group: '', kind: 'Service', name: 'shadow' }] },
      ],
    ]);
  });

  test.each([
    [[{ backend: V1, weight: 90 }, { backend: V2, weight: 20 }], /routes\[0\]\.backends: weights add up to 110, but they are percentages of the route's requests and must add up to 100 \(e\.g\. 90 and 10\)/],
    [[{ backend: V1, weight: 90 }, { backend: V2 }], /routes\[0\]\.backends\[1\]\.weight: is required when a route has several backends: give each a percentage, the weights adding up to 100/],
    [[{ backend: V1, weight: 101 }, { backend: V2, weight: -1 }], /routes\[0\]\.backends\[0\]\.weight: 101 must be a whole percentage from 0 to 100/],
    [[{ backend: V1, weight: 99.5 }, { backend: V2, weight: 0.5 }], /routes\[0\]\.backends\[0\]\.weight: 99\.5 must be a whole percentage from 0 to 100/],
    [[{ backend: V1, weight: 50 }], /routes\[0\]\.backends\[0\]\.weight: a single backend receives every request, so the weight 50 means nothing; leave it unset \(or 100\)/],
    [[{ backend: V1, weight: 50 }, { backend: V1, weight: 50 }], /routes\[0\]\.backends\[1\]\.backend: Service default\/app-v1 port 80 is already routes\[0\]\.backends\[0\]; give each backend once/],
    [[], /routes\[0\]\.backends: expected a non-empty list of \{ backend, weight \}; leave backends unset to use the service's backend/],
    [Array.from({ length: 17 }, (_, i) => ({ backend: Backend.fromServiceName(`v${i}`, { port: 80, portName: 'http' }), weight: i === 0 ? 100 : 0 })), /routes\[0\]\.backends: has 17 backends; at most 16 are allowed per route/],
    [[{ backend: Backend.fromServiceName('web', { port: 443, portName: 'https' }) }], /routes\[0\]\.backends\[0\]\.backend: port 443 of Service default\/web is declared as HTTPS, but an HTTP route sends plain HTTP to it/],
  ])('fails for invalid backends %#', (backends, message) => {
    expect(() => expose('istio', [{ backends }])).toThrow(message);
  });
});

describe('retries', () => {
  test('Istio API: attempts, per-try timeout and conditions', () => {
    const http = istioHttp({
      timeout: Duration.seconds(10),
      retries: { attempts: 3, perTryTimeout: Duration.seconds(2), retryOn: [RetryOn.GATEWAY_ERROR, RetryOn.CONNECT_FAILURE, RetryOn.statusCode(429)] },
    });
    expect(http).toStrictEqual([{ route: [V1_DESTINATION], timeout: '10s', retries: { attempts: 3, perTryTimeout: '2s', retryOn: 'gateway-error,connect-failure,429' } }]);
  });

  test('Istio API: attempts alone keep Istio\'s default conditions; 0 turns retries off', () => {
    expect(istioHttp({ retries: { attempts: 5 } })[0].retries).toStrictEqual({ attempts: 5 });
    expect(istioHttp({ retries: { attempts: 0 } })[0].retries).toStrictEqual({ attempts: 0 });
  });

  test('every condition renders as Envoy names it, each once', () => {
    const all = [
      RetryOn.SERVER_ERROR,
      RetryOn.GATEWAY_ERROR,
      RetryOn.RESET,
      RetryOn.CONNECT_FAILURE,
      RetryOn.REFUSED_STREAM,
      RetryOn.RETRIABLE_4XX,
      RetryOn.GRPC_CANCELLED,
      RetryOn.GRPC_DEADLINE_EXCEEDED,
      RetryOn.GRPC_INTERNAL,
      RetryOn.GRPC_RESOURCE_EXHAUSTED,
      RetryOn.GRPC_UNAVAILABLE,
      RetryOn.statusCode(503),
      RetryOn.RESET,
    ];
    expect(istioHttp({ retries: { attempts: 1, retryOn: all } })[0].retries.retryOn).toBe(
      '5xx,gateway-error,reset,connect-failure,refused-stream,retriable-4xx,cancelled,deadline-exceeded,internal,resource-exhausted,unavailable,503',
    );
  });

  test.each([
    [{ attempts: -1 }, /routes\[0\]\.retries\.attempts: -1 must be a whole number of retries from 0 \(0 turns retries off\)/],
    [{ attempts: 1.5 }, /routes\[0\]\.retries\.attempts: 1\.5 must be a whole number of retries from 0/],
    [{ attempts: 0, perTryTimeout: Duration.seconds(1) }, /routes\[0\]\.retries: attempts is 0, which turns retries off, so perTryTimeout and retryOn would have no effect \(Istio rejects them\); remove them, or allow at least 1 attempt/],
    [{ attempts: 2, perTryTimeout: Duration.millis(0) }, /routes\[0\]\.retries\.perTryTimeout: 0ms is too short: the minimum is 1ms/],
    [{ attempts: 2, retryOn: [RetryOn.statusCode(299)] }, /routes\[0\]\.retries\.retryOn\[0\]: 299 is not a standard 4xx or 5xx HTTP status code to retry on; allowed: 400, 401/],
    [{ attempts: 2, retryOn: [] }, /routes\[0\]\.retries\.retryOn: expected a non-empty list of RetryOn conditions; leave it unset for Istio's defaults/],
    [{ attempts: 2, retryOn: ['5xx' as unknown as RetryOn] }, /routes\[0\]\.retries\.retryOn\[0\]: expected a RetryOn, e\.g\. RetryOn\.GATEWAY_ERROR or RetryOn\.statusCode\(503\)/],
  ])('fails for an invalid retry policy %#', (retries, message) => {
    expect(() => expose('istio', [{ retries }])).toThrow(message);
  });

  test('fails when each attempt may take longer than the route\'s timeout', () => {
    expect(() => expose('istio', [{ timeout: Duration.seconds(2), retries: { attempts: 2, perTryTimeout: Duration.seconds(3) } }])).toThrow(
      /routes\[0\]\.retries\.perTryTimeout: 3s is longer than the route's timeout \(2s\), which bounds all attempts together; shorten it, or raise the timeout/,
    );
  });
});

describe('URL rewrite', () => {
  const api = (path: PathModifier, prefix = '/api') => ({ matches: [RouteMatch.pathPrefix(prefix)], rewrite: { path } });

  test('Istio API: a prefix replaced by another keeps one "/" between the new prefix and the rest of the path', () => {
    expect(istioHttp(api(PathModifier.replacePrefixMatch('/v2')))[0].rewrite).toStrictEqual({ uri: '/v2' });
    expect(istioHttp(api(PathModifier.replacePrefixMatch('/v2/')))[0].rewrite).toStrictEqual({ uri: '/v2' });
    expect(istioHttp(api(PathModifier.replacePrefixMatch('/v2'), '/api/'))[0].rewrite).toStrictEqual({ uri: '/v2/' });
    expect(istioHttp(api(PathModifier.replacePrefixMatch('/v2'), '/'))[0].rewrite).toStrictEqual({ uri: '/v2/' });
  });

  test('Istio API: removing a prefix uses a regex, since uri "/" would leave "//rest"', () => {
    expect(istioHttp(api(PathModifier.replacePrefixMatch('/'), '/a.b'))[0].rewrite).toStrictEqual({ uriRegexRewrite: { match: '^/a\\.b/?', rewrite: '/' } });
  });

  test('Istio API: a full path and a host', () => {
    expect(istioHttp({ rewrite: { path: PathModifier.replaceFullPath('/index.html'), hostname: 'internal.example.com' } })).toStrictEqual([
      { route: [V1_DESTINATION], rewrite: { authority: 'internal.example.com', uriRegexRewrite: { match: '^/.*$', rewrite: '/index.html' } } },
    ]);
  });

  test('Gateway API: a URLRewrite filter', () => {
    expect(gatewayRules({ ...api(PathModifier.replacePrefixMatch('/v2')), rewrite: { path: PathModifier.replacePrefixMatch('/v2'), hostname: 'internal.example.com' } })).toStrictEqual([
      {
        matches: [{ path: { type: 'PathPrefix', value: '/api' } }],
        filters: [{ type: 'URLRewrite', urlRewrite: { hostname: 'internal.example.com', path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/v2' } } }],
        backendRefs: [{ name: 'app-v1', port: 80 }],
      },
    ]);
    expect(gatewayRules({ rewrite: { path: PathModifier.replaceFullPath('/index.html') } })[0].filters).toStrictEqual([
      { type: 'URLRewrite', urlRewrite: { path: { type: 'ReplaceFullPath', replaceFullPath: '/index.html' } } },
    ]);
  });

  test.each([
    [{ rewrite: { path: PathModifier.replacePrefixMatch('/v2') } }, /routes\[0\]\.rewrite\.path: replacePrefixMatch needs to know which prefix it replaces, so the route must have exactly one match, a path prefix \(it has 0 matches\); split the route into one route per prefix, or use PathModifier\.replaceFullPath\(\)/],
    [{ matches: [RouteMatch.pathPrefix('/a'), RouteMatch.pathPrefix('/b')], rewrite: { path: PathModifier.replacePrefixMatch('/v2') } }, /it has 2 matches/],
    [{ matches: [RouteMatch.exactPath('/a')], rewrite: { path: PathModifier.replacePrefixMatch('/v2') } }, /it has a match without a path prefix/],
    [{ rewrite: {} }, /routes\[0\]\.rewrite: rewrites nothing: set path, hostname or both/],
    [{ rewrite: { hostname: '*.example.com' } }, /routes\[0\]\.rewrite\.hostname: "\*\.example\.com" must consist of lower-case letters, digits, "-" and "\."/],
    [{ rewrite: { hostname: 'Example.com' } }, /routes\[0\]\.rewrite\.hostname: "Example\.com" must consist of lower-case letters.*; give a host name without wildcard or port/],
    [{ rewrite: { path: PathModifier.replaceFullPath('index.html') } }, /routes\[0\]\.rewrite\.path: "index\.html" must start with "\/"/],
    [{ rewrite: { path: '/x' as unknown as PathModifier } }, /routes\[0\]\.rewrite\.path: expected a PathModifier: PathModifier\.replaceFullPath\(\) or \.replacePrefixMatch\(\)/],
  ])('fails for an invalid rewrite %#', (route, message) => {
    expect(() => expose('istio', [route])).toThrow(message);
  });
});

describe('redirect', () => {
  test('Istio API: a redirect route has no destination; the port follows the scheme, the status code defaults to 302', () => {
    expect(istioHttp({ matches: [RouteMatch.pathPrefix('/old')], redirect: { scheme: RedirectScheme.HTTPS, hostname: 'new.example.com' } })).toStrictEqual([
      {
        match: [{ uri: { prefix: '/old' } }],
        redirect: { scheme: 'https', authority: 'new.example.com', derivePort: 'FROM_PROTOCOL_DEFAULT', redirectCode: 302 },
      },
    ]);
  });

  test('Istio API: without a scheme the request\'s port is kept; an explicit port and a full path', () => {
    expect(istioHttp({ redirect: { hostname: 'b.example.com', statusCode: 301 } })[0].redirect).toStrictEqual({
      authority: 'b.example.com',
      derivePort: 'FROM_REQUEST_PORT',
      redirectCode: 301,
    });
    expect(istioHttp({ redirect: { port: 8443, path: PathModifier.replaceFullPath('/login'), statusCode: 308 } })[0].redirect).toStrictEqual({
      port: 8443,
      uri: '/login',
      redirectCode: 308,
    });
  });

  test('Gateway API: a RequestRedirect filter and no backendRefs', () => {
    expect(
      gatewayRules({
        matches: [RouteMatch.pathPrefix('/old')],
        redirect: { scheme: RedirectScheme.HTTPS, hostname: 'new.example.com', port: 8443, path: PathModifier.replacePrefixMatch('/new'), statusCode: 307 },
      }),
    ).toStrictEqual([
      {
        matches: [{ path: { type: 'PathPrefix', value: '/old' } }],
        filters: [
          {
            type: 'RequestRedirect',
            requestRedirect: { scheme: 'https', hostname: 'new.example.com', port: 8443, path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/new' }, statusCode: 307 },
          },
        ],
      },
    ]);
  });

  test('a response header can be set on the redirect, and CORS answered for it', () => {
    const http = istioHttp({
      redirect: { scheme: RedirectScheme.HTTPS },
      responseHeaders: { set: { 'cache-control': 'no-store' } },
      cors: { allowOrigins: ['*'] },
    });
    expect(http[0].headers).toStrictEqual({ response: { set: { 'cache-control': 'no-store' } } });
    expect(http[0].corsPolicy).toStrictEqual({ allowOrigins: [{ exact: '*' }] });
  });

  test('the Istio renderer refuses a prefix redirect rather than render it as a full path', () => {
    const route: RouteModel = {
      source: 'app/r',
      name: 'r',
      namespace: 'default',
      hosts: ['a.example.com'],
      port: 80,
      rules: [{ matches: [], backends: [], redirect: { path: { type: PathModifierType.PREFIX_MATCH, value: '/new' }, statusCode: 302 } }],
    };
    expect(() => renderVirtualService(route, 'istio-ingress/gw', 'cluster.local')).toThrow(/a VirtualService redirect cannot replace only the matched prefix \("\/new"\); only the whole path/);
  });

  test.each([
    [{ redirect: {} }, /routes\[0\]\.redirect: redirects to the URL that was requested: set at least one of scheme, hostname, port and path/],
    [{ redirect: { scheme: RedirectScheme.HTTPS, statusCode: 304 } }, /routes\[0\]\.redirect\.statusCode: 304 is not a redirect status code; allowed: 301, 302, 303, 307, 308/],
    [{ redirect: { scheme: 'ftp' as RedirectScheme } }, /routes\[0\]\.redirect\.scheme: "ftp" is not allowed; use RedirectScheme\.HTTP or RedirectScheme\.HTTPS/],
    [{ redirect: { port: 0 } }, /routes\[0\]\.redirect\.port: 0 must be an integer from 1 to 65535/],
    [{ redirect: { hostname: 'a.example.com:8080' } }, /routes\[0\]\.redirect\.hostname: "a\.example\.com:8080" must consist of lower-case letters/],
    [{ redirect: { scheme: RedirectScheme.HTTPS }, backends: [{ backend: V2 }] }, /routes\[0\]\.redirect: a route with redirect answers the client itself and forwards nothing, so backends would never apply; remove it, or use a separate route for the requests to forward/],
    [
      { redirect: { scheme: RedirectScheme.HTTPS }, rewrite: { hostname: 'b.example.com' }, timeout: Duration.seconds(1), mirrors: [{ backend: V2 }] },
      /routes\[0\]\.redirect: a route with redirect answers the client itself and forwards nothing, so timeout, rewrite, mirrors would never apply; remove them/,
    ],
    [{ redirect: { scheme: RedirectScheme.HTTPS }, directResponse: { status: 200 } }, /routes\[0\]\.redirect: a route answers either with a redirect or with a direct response, not both; keep one, or split the route/],
  ])('fails for an invalid redirect %#', (route, message) => {
    expect(() => expose('istio', [route])).toThrow(message);
  });
});

describe('request and response headers', () => {
  const headers: HttpRoute = {
    requestHeaders: { set: { 'X-Env': 'prod' }, add: { 'x-trace': 'gateway' }, remove: ['X-Debug'] },
    responseHeaders: { set: { 'strict-transport-security': 'max-age=31536000' }, remove: ['server'] },
  };

  test('Istio API: headers.request and headers.response, names in lower case', () => {
    expect(istioHttp(headers)[0].headers).toStrictEqual({
      request: { set: { 'x-env': 'prod' }, add: { 'x-trace': 'gateway' }, remove: ['x-debug'] },
      response: { set: { 'strict-transport-security': 'max-age=31536000' }, remove: ['server'] },
    });
  });

  test('Gateway API: RequestHeaderModifier and ResponseHeaderModifier filters', () => {
    expect(gatewayRules(headers)[0].filters).toStrictEqual([
      { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-env', value: 'prod' }], add: [{ name: 'x-trace', value: 'gateway' }], remove: ['x-debug'] } },
      { type: 'ResponseHeaderModifier', responseHeaderModifier: { set: [{ name: 'strict-transport-security', value: 'max-age=31536000' }], remove: ['server'] } },
    ]);
  });

  test.each([
    [{ set: { Host: 'b.example.com' } }, /routes\[0\]\.requestHeaders\.set\["Host"\]: the Host header cannot be changed here \(Istio rejects it\); use rewrite: \{ hostname \} to send another Host to the backend/],
    [{ set: { 'X-A': '1' }, remove: ['x-a'] }, /routes\[0\]\.requestHeaders\.remove\[0\]: header "x-a" is already changed by routes\[0\]\.requestHeaders\.set\["X-A"\] \(names are case-insensitive\); change each header once/],
    [{ set: { 'x-load': '100%' } }, /routes\[0\]\.requestHeaders\.set\["x-load"\]: "100%" contains "%", which Istio reads as an Envoy variable \(%HOSTNAME%\) but the Gateway API as the character itself; leave it out/],
    [{ set: { 'x-a': 'one\ntwo' } }, /routes\[0\]\.requestHeaders\.set\["x-a"\]: "one\\ntwo" contains a control character/],
    [{ set: { 'x-a': '' } }, /routes\[0\]\.requestHeaders\.set\["x-a"\]: "" must be a string of 1 to 4096 characters/],
    [{ add: { 'x a': '1' } }, /routes\[0\]\.requestHeaders\.add\["x a"\]: "x a" is not a valid name/],
    [{ set: {} }, /routes\[0\]\.requestHeaders: changes no header: set, add or remove at least one/],
    [{ remove: Array.from({ length: 17 }, (_, i) => `x-${i}`) }, /routes\[0\]\.requestHeaders\.remove: has 17 headers; at most 16 are allowed/],
  ])('fails for an invalid header modifier %#', (requestHeaders, message) => {
    expect(() => expose('istio', [{ requestHeaders }])).toThrow(message);
  });
});

describe('mirroring', () => {
  const shadow = Backend.fromServiceName('app-shadow', { port: 8080, portName: 'http' });

  test('Istio API: mirrors with a percentage, or all requests', () => {
    expect(istioHttp({ mirrors: [{ backend: shadow, percentage: Percentage.of(12.5) }, { backend: V2 }] })[0].mirrors).toStrictEqual([
      { destination: { host: 'app-shadow.default.svc.cluster.local', port: { number: 8080 } }, percentage: { value: 12.5 } },
      { destination: { host: V2_HOST, port: { number: 80 } } },
    ]);
  });

  test('Gateway API: a RequestMirror filter each, whole percentages as percent and others as an exact fraction', () => {
    expect(
      gatewayRules({
        mirrors: [
          { backend: shadow, percentage: Percentage.of(10) },
          { backend: V2, percentage: Percentage.of(0.0125) },
          { backend: Backend.fromServiceName('all', { port: 80, portName: 'http' }) },
        ],
      })[0].filters,
    ).toStrictEqual([
      { type: 'RequestMirror', requestMirror: { backendRef: { name: 'app-shadow', port: 8080 }, percent: 10 } },
      { type: 'RequestMirror', requestMirror: { backendRef: { name: 'app-v2', port: 80 }, fraction: { numerator: 125, denominator: 1000000 } } },
      { type: 'RequestMirror', requestMirror: { backendRef: { name: 'all', port: 80 } } },
    ]);
  });

  test.each([
    [[{ backend: shadow, percentage: Percentage.of(101) }], /routes\[0\]\.mirrors\[0\]\.percentage: 101 is not a percentage: use a number from 0 to 100/],
    [[{ backend: shadow, percentage: Percentage.of(-1) }], /routes\[0\]\.mirrors\[0\]\.percentage: -1 is not a percentage/],
    [[{ backend: shadow, percentage: Percentage.of(0.00001) }], /routes\[0\]\.mirrors\[0\]\.percentage: 0\.00001 has more than 4 decimals; round it \(the smallest share Istio accepts is 0\.0001%\)/],
    [[{ backend: shadow, percentage: 10 as unknown as Percentage }], /routes\[0\]\.mirrors\[0\]\.percentage: expected a Percentage, e\.g\. Percentage\.of\(10\), received 10/],
    [[{ backend: shadow }, { backend: shadow }], /routes\[0\]\.mirrors\[1\]\.backend: Service default\/app-shadow already receives copies through routes\[0\]\.mirrors\[0\]; mirror to each backend once/],
    [[], /routes\[0\]\.mirrors: expected a non-empty list of \{ backend, percentage \}/],
  ])('fails for invalid mirrors %#', (mirrors, message) => {
    expect(() => expose('istio', [{ mirrors }])).toThrow(message);
  });
});

describe('CORS', () => {
  const cors: HttpRoute = {
    cors: {
      allowOrigins: ['https://app.example.com', 'http://localhost:3000'],
      allowMethods: [HttpMethod.GET, HttpMethod.POST],
      allowHeaders: ['Content-Type', 'x-request-id'],
      exposeHeaders: ['x-trace'],
      allowCredentials: true,
      maxAge: Duration.minutes(10),
    },
  };

  test('Istio API: corsPolicy with exact origins and maxAge in seconds', () => {
    expect(istioHttp(cors)[0].corsPolicy).toStrictEqual({
      allowOrigins: [{ exact: 'https://app.example.com' }, { exact: 'http://localhost:3000' }],
      allowMethods: ['GET', 'POST'],
      allowHeaders: ['content-type', 'x-request-id'],
      exposeHeaders: ['x-trace'],
      allowCredentials: true,
      maxAge: '600s',
    });
  });

  test('Gateway API: a CORS filter', () => {
    expect(gatewayRules(cors)[0].filters).toStrictEqual([
      {
        type: 'CORS',
        cors: {
          allowOrigins: ['https://app.example.com', 'http://localhost:3000'],
          allowMethods: ['GET', 'POST'],
          allowHeaders: ['content-type', 'x-request-id'],
          exposeHeaders: ['x-trace'],
          allowCredentials: true,
          maxAge: 600,
        },
      },
    ]);
  });

  test.each([
    [{ allowOrigins: ['https://*.example.com'] }, /routes\[0\]\.cors\.allowOrigins\[0\]: "https:\/\/\*\.example\.com" is not an origin: .*; wildcard subdomains are matched literally by Istio, so list each origin/],
    [{ allowOrigins: ['https://app.example.com/'] }, /routes\[0\]\.cors\.allowOrigins\[0\]: "https:\/\/app\.example\.com\/" is not an origin: use scheme:\/\/host\[:port\] in lower case, without path or trailing "\/"/],
    [{ allowOrigins: ['https://a.example.com:70000'] }, /routes\[0\]\.cors\.allowOrigins\[0\]: "https:\/\/a\.example\.com:70000" has port 70000; ports go from 1 to 65535/],
    [{ allowOrigins: ['*', 'https://app.example.com'] }, /routes\[0\]\.cors\.allowOrigins\[0\]: "\*" already allows every origin; give it alone, or list origins without it/],
    [{ allowOrigins: ['https://a.com', 'https://a.com'] }, /routes\[0\]\.cors\.allowOrigins\[1\]: "https:\/\/a\.com" is listed twice/],
    [{ allowOrigins: [] }, /routes\[0\]\.cors\.allowOrigins: allows no origin; list the origins allowed to call the route, or \["\*"\]/],
    [{} as any, /routes\[0\]\.cors\.allowOrigins: is required: the origins allowed to call the route/],
    [{ allowOrigins: ['*'], allowMethods: ['FETCH' as HttpMethod] }, /routes\[0\]\.cors\.allowMethods\[0\]: "FETCH" is not an HTTP method; allowed: GET, HEAD/],
    [{ allowOrigins: ['*'], allowHeaders: ['x-a', 'X-A'] }, /routes\[0\]\.cors\.allowHeaders\[1\]: "x-a" is listed twice/],
    [{ allowOrigins: ['*'], exposeHeaders: ['x-a', '*'] }, /routes\[0\]\.cors\.exposeHeaders\[1\]: "\*" already stands for every header; give it alone, or list headers without it/],
    [{ allowOrigins: ['*'], maxAge: Duration.millis(1500) }, /routes\[0\]\.cors\.maxAge: 1\.5s must be a whole number of seconds, at least 1 \(browsers and Istio count in seconds\)/],
  ])('fails for an invalid CORS policy %#', (policy, message) => {
    expect(() => expose('istio', [{ cors: policy }])).toThrow(message);
  });
});

describe('fault injection (Istio API)', () => {
  test('a delay and an abort, each for every request unless a percentage is given', () => {
    expect(istioHttp({ fault: { delay: { fixedDelay: Duration.seconds(5) }, abort: { httpStatus: 503, percentage: Percentage.of(10) } } })).toStrictEqual([
      {
        route: [V1_DESTINATION],
        fault: { delay: { fixedDelay: '5s', percentage: { value: 100 } }, abort: { httpStatus: 503, percentage: { value: 10 } } },
      },
    ]);
  });

  test.each([
    [{ fault: {} }, /routes\[0\]\.fault: injects nothing: set delay, abort or both/],
    [{ fault: { abort: { httpStatus: 600 } } }, /routes\[0\]\.fault\.abort\.httpStatus: 600 must be an HTTP status code from 200 to 599/],
    [{ fault: { abort: { httpStatus: 199 } } }, /routes\[0\]\.fault\.abort\.httpStatus: 199 must be an HTTP status code from 200 to 599/],
    [{ fault: { delay: { fixedDelay: Duration.millis(0) } } }, /routes\[0\]\.fault\.delay\.fixedDelay: 0ms is too short: the minimum is 1ms/],
    [{ fault: { delay: { fixedDelay: Duration.seconds(1), percentage: Percentage.of(100.5) } } }, /routes\[0\]\.fault\.delay\.percentage: 100\.5 is not a percentage/],
    [
      { fault: { abort: { httpStatus: 503 } }, timeout: Duration.seconds(1), retries: { attempts: 2 } },
      /routes\[0\]\.fault: Istio enables no timeout or retries on a route that injects faults, so timeout and retries would be ignored; remove them from this route, or inject the faults on a route of their own/,
    ],
    [{ fault: { delay: { fixedDelay: Duration.seconds(1) } }, timeout: Duration.seconds(3) }, /routes\[0\]\.fault: Istio enables no timeout on a route that injects faults, so timeout would be ignored; remove it from this route/],
    [{ fault: { abort: { httpStatus: 503 } }, directResponse: { status: 200 } }, /routes\[0\]\.directResponse: a route with directResponse answers the client itself and forwards nothing, so fault would never apply/],
  ])('fails for an invalid fault %#', (route, message) => {
    expect(() => expose('istio', [route])).toThrow(message);
  });
});

describe('direct response (Istio API)', () => {
  test('a status and a body, without destination', () => {
    expect(istioHttp({ matches: [RouteMatch.exactPath('/robots.txt')], directResponse: { status: 200, body: 'User-agent: *\nDisallow: /\n' } })).toStrictEqual([
      { match: [{ uri: { exact: '/robots.txt' } }], directResponse: { status: 200, body: { string: 'User-agent: *\nDisallow: /\n' } } },
    ]);
    expect(istioHttp({ directResponse: { status: 503 } })).toStrictEqual([{ directResponse: { status: 503 } }]);
  });

  test.each([
    [{ directResponse: { status: 199 } }, /routes\[0\]\.directResponse\.status: 199 must be an HTTP status code from 200 to 599/],
    [{ directResponse: { status: 200, body: 'x'.repeat(100 * 1024 + 1) } }, /routes\[0\]\.directResponse\.body: is 102401 bytes long; at most 102400 are allowed .*; serve larger content from a backend/],
    [{ directResponse: { status: 200 }, backends: [{ backend: V2 }], requestHeaders: { set: { 'x-a': '1' } } }, /routes\[0\]\.directResponse: a route with directResponse answers the client itself and forwards nothing, so backends, requestHeaders would never apply; remove them/],
  ])('fails for an invalid direct response %#', (route, message) => {
    expect(() => expose('istio', [route])).toThrow(message);
  });
});

describe('route precedence with traffic features', () => {
  test('a rule split around a more specific rule keeps its features in each part', () => {
    const http = istioHttp(
      { name: 'site', matches: [RouteMatch.exactPath('/a'), RouteMatch.pathPrefix('/')], retries: { attempts: 1 }, responseHeaders: { set: { 'x-site': '1' } } },
      { name: 'api', matches: [RouteMatch.pathPrefix('/api')], backends: [{ backend: V1, weight: 80 }, { backend: V2, weight: 20 }] },
    );
    expect(http.map((h: any) => [h.name, h.match, h.retries, h.headers, h.route.length])).toStrictEqual([
      ['site', [{ uri: { exact: '/a' } }], { attempts: 1 }, { response: { set: { 'x-site': '1' } } }, 1],
      ['api', [{ uri: { prefix: '/api' } }], undefined, undefined, 2],
      ['site', [{ uri: { prefix: '/' } }], { attempts: 1 }, { response: { set: { 'x-site': '1' } } }, 1],
    ]);
  });

  test('routes that redirect or respond directly still claim their matches', () => {
    expect(failure('istio', { matches: [RouteMatch.pathPrefix('/x')] }, { matches: [RouteMatch.pathPrefix('/x')], directResponse: { status: 404 } })).toMatch(
      /routes\[1\]\.matches\[0\]: host "a\.example\.com" with match PathPrefix \/x on port 80 is already matched by routes\[0\]/,
    );
  });
});

describe('features an API cannot express fail at synth time, naming the feature, the API and the alternatives', () => {
  const ISTIO = 'use the Istio API (IngressApi.istio()) for this route';
  const GATEWAY = 'use the Gateway API (IngressApi.gatewayApi()) for this route';
  const BOTH = 'use the Istio API (IngressApi.istio()) or the Gateway API (IngressApi.gatewayApi()) for this route';
  const GATEWAY_API = 'is not supported by the Gateway API (IngressApi.gatewayApi())';
  const INGRESS = 'is not supported by the Kubernetes Ingress (IngressApi.kubernetesIngress()): an Ingress path has one backend and no routing options, and Istio reads no annotations for them';
  const DEFAULT_RETRIES = "Istio's default retries (2, on connect-failure, refused-stream, unavailable, cancelled and 503)";
  const prefixRedirect: HttpRoute = { matches: [RouteMatch.pathPrefix('/old')], redirect: { path: PathModifier.replacePrefixMatch('/new') } };

  test.each<[Api, HttpRoute, string]>([
    [
      'gateway-api',
      { retries: { attempts: 3 } },
      `routes[0].retries: retries ${GATEWAY_API}: the standard channel has no retry field (HTTPRouteRule.retry is experimental); ${DEFAULT_RETRIES} still apply to Gateway API routes, so remove retries to rely on them; ${ISTIO}`,
    ],
    [
      'gateway-api',
      { fault: { abort: { httpStatus: 503 } } },
      `routes[0].fault: fault injection (delay, abort) ${GATEWAY_API}: HTTPRoute has no fault filter in any channel; inject faults in a test environment served through the Istio API; ${ISTIO}`,
    ],
    [
      'gateway-api',
      { directResponse: { status: 503 } },
      `routes[0].directResponse: direct response ${GATEWAY_API}: HTTPRoute has no direct-response filter; serve the response from a small backend; ${ISTIO}`,
    ],
    [
      'istio',
      prefixRedirect,
      'routes[0].redirect.path: redirect replacing the matched path prefix is not supported by the Istio API (IngressApi.istio()): ' +
        `a VirtualService redirect can only replace the whole path; use PathModifier.replaceFullPath(); ${GATEWAY}`,
    ],
    ['kubernetes-ingress', { backends: [{ backend: V1, weight: 90 }, { backend: V2, weight: 10 }] }, `routes[0].backends: traffic split across weighted backends ${INGRESS}; ${BOTH}`],
    [
      'kubernetes-ingress',
      { retries: { attempts: 3 } },
      `routes[0].retries: retries is not supported by the Kubernetes Ingress (IngressApi.kubernetesIngress()): ${DEFAULT_RETRIES} apply, and nothing else can be set; ${ISTIO}`,
    ],
    ['kubernetes-ingress', { rewrite: { hostname: 'b.example.com' } }, `routes[0].rewrite: URL rewrite (path, host) ${INGRESS}; ${BOTH}`],
    ['kubernetes-ingress', { redirect: { scheme: RedirectScheme.HTTPS } }, `routes[0].redirect: redirect (scheme, host, port, path, status code) ${INGRESS}; ${BOTH}`],
    ['kubernetes-ingress', prefixRedirect, `routes[0].redirect.path: redirect replacing the matched path prefix ${INGRESS}; ${GATEWAY}`],
    ['kubernetes-ingress', { requestHeaders: { set: { 'x-env': 'prod' } } }, `routes[0].requestHeaders: request header set, add, remove ${INGRESS}; ${BOTH}`],
    ['kubernetes-ingress', { responseHeaders: { remove: ['server'] } }, `routes[0].responseHeaders: response header set, add, remove ${INGRESS}; ${BOTH}`],
    ['kubernetes-ingress', { mirrors: [{ backend: V2 }] }, `routes[0].mirrors: request mirroring (with percentage) ${INGRESS}; ${BOTH}`],
    ['kubernetes-ingress', { cors: { allowOrigins: ['*'] } }, `routes[0].cors: CORS policy ${INGRESS}; ${BOTH}`],
    ['kubernetes-ingress', { fault: { delay: { fixedDelay: Duration.seconds(1) } } }, `routes[0].fault: fault injection (delay, abort) ${INGRESS}; ${ISTIO}`],
    ['kubernetes-ingress', { directResponse: { status: 404 } }, `routes[0].directResponse: direct response ${INGRESS}; ${ISTIO}`],
  ])('%s: %j', (api, route, message) => {
    const error = failure(api, route);
    expect(error).toContain('Validation failed');
    expect(error).toContain(`[test/app] ${message}`);
  });

  test('every unsupported feature of a route is reported at once', () => {
    const error = failure('gateway-api', { retries: { attempts: 1 } }, { matches: [RouteMatch.pathPrefix('/down')], directResponse: { status: 503 } });
    expect(error).toMatch(/\[test\/app\] routes\[0\]\.retries: retries is not supported by the Gateway API/);
    expect(error).toMatch(/\[test\/app\] routes\[1\]\.directResponse: direct response is not supported by the Gateway API/);
  });

  test('the supported features of each API synthesise without error', () => {
    const shared: HttpRoute = {
      matches: [RouteMatch.pathPrefix('/api')],
      backends: [{ backend: V1, weight: 90 }, { backend: V2, weight: 10 }],
      timeout: Duration.seconds(5),
      rewrite: { path: PathModifier.replacePrefixMatch('/'), hostname: 'internal.example.com' },
      requestHeaders: { set: { 'x-env': 'prod' } },
      responseHeaders: { remove: ['server'] },
      mirrors: [{ backend: Backend.fromServiceName('shadow', { port: 80, portName: 'http' }), percentage: Percentage.of(5) }],
      cors: { allowOrigins: ['https://app.example.com'] },
    };
    expect(() => expose('istio', [{ ...shared, retries: { attempts: 2 } }, { matches: [RouteMatch.exactPath('/down')], directResponse: { status: 503 } }])).not.toThrow();
    expect(() => expose('gateway-api', [shared, { ...prefixRedirect }])).not.toThrow();
  });
});
