import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import {
  ExposedService,
  GatewayProxy,
  HttpbinApp,
  HttpMethod,
  HttpRoute,
  IngressGateway,
  PathModifier,
  Percentage,
  ProxyEgress,
  RedirectScheme,
  RouteMatch,
} from '../src';
import { ApiChoice, gatewayFor } from './tls';

// One chart per traffic feature of "What each API supports", each in every
// API that supports it: httpbin on httpbin.example.com with `/status` routed
// as usual, and one more route that shows the feature. The comment of each
// chart says how to see the feature with curl.

/** httpbin on httpbin.example.com: `/status` as usual, plus `routes`. */
function exposeHttpbin(chart: Chart, gateway: IngressGateway, httpbin: HttpbinApp, routes: HttpRoute[]): ExposedService {
  return new ExposedService(chart, 'httpbin-route', {
    name: 'httpbin',
    gateway,
    backend: httpbin,
    hosts: ['httpbin.example.com'],
    routes: [{ name: 'status', matches: [RouteMatch.pathPrefix('/status')] }, ...routes],
  });
}

/**
 * URL rewrite: `/api/<path>` reaches httpbin as `/<path>` with the Host
 * header `httpbin.internal`; `curl -HHost:httpbin.example.com
 * $INGRESS/api/headers` shows both.
 */
export class HttpbinRewrite extends Chart {
  constructor(scope: Construct, id: string, api: ApiChoice) {
    super(scope, id);
    exposeHttpbin(this, gatewayFor(this, api), new HttpbinApp(this, 'httpbin'), [
      { name: 'api', matches: [RouteMatch.pathPrefix('/api')], rewrite: { path: PathModifier.replacePrefixMatch('/'), hostname: 'httpbin.internal' } },
    ]);
  }
}

/**
 * Redirects: `/old-status` answers 301 with `Location:
 * http://httpbin.example.com/status/200`; `/upstream/...` answers 302 to
 * `https://httpbin.org/...` (scheme, host and the default HTTPS port
 * replaced, the path kept).
 */
export class HttpbinRedirect extends Chart {
  constructor(scope: Construct, id: string, api: ApiChoice) {
    super(scope, id);
    exposeHttpbin(this, gatewayFor(this, api), new HttpbinApp(this, 'httpbin'), [
      { name: 'moved', matches: [RouteMatch.exactPath('/old-status')], redirect: { path: PathModifier.replaceFullPath('/status/200'), statusCode: 301 } },
      { name: 'upstream', matches: [RouteMatch.pathPrefix('/upstream')], redirect: { scheme: RedirectScheme.HTTPS, hostname: 'httpbin.org' } },
    ]);
  }
}

/**
 * Request and response header changes on `/headers`: httpbin echoes the
 * request headers it receives (`x-environment: demo` set, `x-debug`
 * removed, `x-gateway: istio` added), and the response carries
 * `cache-control: no-store` and `x-served-by: httpbin-gateway`.
 */
export class HttpbinHeaders extends Chart {
  constructor(scope: Construct, id: string, api: ApiChoice) {
    super(scope, id);
    exposeHttpbin(this, gatewayFor(this, api), new HttpbinApp(this, 'httpbin'), [
      {
        name: 'headers',
        matches: [RouteMatch.pathPrefix('/headers')],
        requestHeaders: { set: { 'x-environment': 'demo' }, add: { 'x-gateway': 'istio' }, remove: ['x-debug'] },
        responseHeaders: { set: { 'cache-control': 'no-store' }, add: { 'x-served-by': 'httpbin-gateway' } },
      },
    ]);
  }
}

/**
 * Mirroring: every request to `/anything` is answered by httpbin-v1, and a
 * copy of half of them goes to httpbin-v2, whose answer is dropped
 * (`kubectl logs deploy/httpbin-v2` shows the copies).
 */
export class HttpbinMirror extends Chart {
  constructor(scope: Construct, id: string, api: ApiChoice) {
    super(scope, id);
    const stable = new HttpbinApp(this, 'httpbin-v1', { version: 'v1' });
    const shadow = new HttpbinApp(this, 'httpbin-v2', { version: 'v2' });
    exposeHttpbin(this, gatewayFor(this, api), stable, [
      { name: 'mirrored', matches: [RouteMatch.pathPrefix('/anything')], mirrors: [{ backend: shadow, percentage: Percentage.of(50) }] },
    ]);
  }
}

/**
 * CORS answered by the gateway for `/anything`: a preflight
 * (`curl -X OPTIONS -H 'Origin: https://app.example.com' -H
 * 'Access-Control-Request-Method: POST' ...`) gets the allowed methods and
 * headers; another origin gets no `access-control-allow-origin`.
 */
export class HttpbinCors extends Chart {
  constructor(scope: Construct, id: string, api: ApiChoice) {
    super(scope, id);
    exposeHttpbin(this, gatewayFor(this, api), new HttpbinApp(this, 'httpbin'), [
      {
        name: 'cors',
        matches: [RouteMatch.pathPrefix('/anything')],
        cors: {
          allowOrigins: ['https://app.example.com'],
          allowMethods: [HttpMethod.GET, HttpMethod.POST],
          allowHeaders: ['authorization', 'content-type'],
          exposeHeaders: ['x-request-id'],
          allowCredentials: true,
          maxAge: Duration.hours(1),
        },
      },
    ]);
  }
}

/**
 * Fault injection (Istio API only): on `/headers`, half of the requests are
 * delayed by 2s and a tenth answered 503 by the gateway itself, as for a
 * resilience test.
 */
export class HttpbinFault extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    exposeHttpbin(this, gatewayFor(this, 'istio'), new HttpbinApp(this, 'httpbin'), [
      {
        name: 'faulty',
        matches: [RouteMatch.pathPrefix('/headers')],
        fault: { delay: { fixedDelay: Duration.seconds(2), percentage: Percentage.of(50) }, abort: { httpStatus: 503, percentage: Percentage.of(10) } },
      },
    ]);
  }
}

/**
 * Direct response (Istio API only): the gateway answers `/healthz` with 200
 * `ok` and `/maintenance` with 503 and a text, without any backend.
 */
export class HttpbinDirectResponse extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    exposeHttpbin(this, gatewayFor(this, 'istio'), new HttpbinApp(this, 'httpbin'), [
      { name: 'healthz', matches: [RouteMatch.exactPath('/healthz')], directResponse: { status: 200, body: 'ok' } },
      { name: 'maintenance', matches: [RouteMatch.pathPrefix('/maintenance')], directResponse: { status: 503, body: 'down for maintenance' } },
    ]);
  }
}

/**
 * The NetworkPolicy options on: the proxy accepts connections only on its
 * listener and health/metrics ports and connects only inside the cluster
 * (and to DNS); httpbin accepts connections only from the proxy pods. Where
 * the network plugin enforces NetworkPolicy, `kubectl run -it --rm
 * --image=curlimages/curl probe -- curl -m 3 httpbin.default:8000/status/200`
 * then times out while the same request through the gateway succeeds.
 * Restrict the clients with `sourceCidrs` (the addresses the proxy pods see).
 */
export class HttpbinNetworkPolicy extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const gateway = new IngressGateway(this, 'httpbin-gateway', { proxy: GatewayProxy.bundled({ networkPolicy: { egress: ProxyEgress.clusterOnly() } }) });
    const httpbin = new HttpbinApp(this, 'httpbin', { allowIngressFrom: [gateway] });
    exposeHttpbin(this, gateway, httpbin, []);
  }
}
