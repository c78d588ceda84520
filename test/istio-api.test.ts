import { Duration } from 'cdk8s';
import { Backend, CertificateSource, ExposedService, GatewayProxy, HttpbinApp, HttpMethod, IngressGateway, PathMatch, RouteExplainer, RouteMatch, RouteOutcome, StringMatch, TlsIngress } from '../src';
import { newChart, only, synth } from './support/synth';

describe('Istio API: the Control Ingress Traffic task', () => {
  test('httpbin on httpbin.example.com with /status and /delay renders the seed Gateway and VirtualService', () => {
    // GIVEN
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'httpbin-gateway');
    const httpbin = new HttpbinApp(chart, 'httpbin');

    // WHEN
    new ExposedService(chart, 'httpbin-ingress', {
      name: 'httpbin',
      gateway,
      backend: httpbin,
      hosts: ['httpbin.example.com'],
      routes: [{ matches: [RouteMatch.pathPrefix('/status'), RouteMatch.pathPrefix('/delay')] }],
    });

    // THEN
    const objects = synth(chart);
    expect(only(objects, 'Gateway')).toStrictEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'httpbin-gateway', namespace: 'istio-ingress' },
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['httpbin.example.com'] }],
      },
    });
    expect(only(objects, 'VirtualService')).toStrictEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'httpbin', namespace: 'default' },
      spec: {
        hosts: ['httpbin.example.com'],
        gateways: ['istio-ingress/httpbin-gateway'],
        http: [
          {
            match: [{ uri: { prefix: '/status' } }, { uri: { prefix: '/delay' } }],
            route: [{ destination: { host: 'httpbin.default.svc.cluster.local', port: { number: 8000 } } }],
          },
        ],
      },
    });
  });

  test('the gateway selector matches the labels of the proxy pods it deploys', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw');
    new ExposedService(chart, 'app', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['a.example.com'] });
    const objects = synth(chart);
    const selector = only(objects, 'Gateway').spec.selector;
    const podLabels = only(objects, 'Deployment', 'istio-ingressgateway').spec.template.metadata.labels;
    expect(Object.keys(selector).length).toBeGreaterThan(0);
    for (const [key, value] of Object.entries(selector)) expect(podLabels[key]).toBe(value);
  });

  test('the any-host variant exposes /headers on "*"', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'httpbin-gateway');
    new ExposedService(chart, 'httpbin-ingress', {
      gateway,
      backend: new HttpbinApp(chart, 'httpbin'),
      hosts: ['*'],
      routes: [{ matches: [RouteMatch.pathPrefix('/headers')] }],
    });
    const objects = synth(chart);
    expect(only(objects, 'Gateway').spec.servers).toStrictEqual([{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }]);
    expect(only(objects, 'VirtualService').spec.hosts).toStrictEqual(['*']);
    expect(only(objects, 'VirtualService').spec.http[0].match).toStrictEqual([{ uri: { prefix: '/headers' } }]);
  });

  test('a route with a match without conditions among its matches takes every request (the matches are ORed)', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw');
    new ExposedService(chart, 'httpbin-ingress', {
      gateway,
      backend: new HttpbinApp(chart, 'httpbin'),
      hosts: ['httpbin.example.com'],
      routes: [{ matches: [RouteMatch.of({}), RouteMatch.pathRegex('/a/.*')] }],
    });
    const [route] = only(synth(chart), 'VirtualService').spec.http;
    // Dropping the empty match would have narrowed the route to /a/.* (every other path: 404).
    expect(route.match).toBeUndefined();
    expect(route.route).toStrictEqual([{ destination: { host: 'httpbin.default.svc.cluster.local', port: { number: 8000 } } }]);
  });

  test('a per-route timeout renders as the VirtualService route timeout (the 4s /delay rule)', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw');
    new ExposedService(chart, 'httpbin-ingress', {
      gateway,
      backend: new HttpbinApp(chart, 'httpbin'),
      hosts: ['httpbin.example.com'],
      routes: [
        { matches: [RouteMatch.pathPrefix('/status')] },
        { matches: [RouteMatch.pathPrefix('/delay')], timeout: Duration.seconds(4) },
      ],
    });
    const http = only(synth(chart), 'VirtualService').spec.http;
    expect(http).toStrictEqual([
      { match: [{ uri: { prefix: '/status' } }], route: [{ destination: { host: 'httpbin.default.svc.cluster.local', port: { number: 8000 } } }] },
      {
        match: [{ uri: { prefix: '/delay' } }],
        route: [{ destination: { host: 'httpbin.default.svc.cluster.local', port: { number: 8000 } } }],
        timeout: '4s',
      },
    ]);
  });

  test('an existing Service by name is routed by its fully-qualified name (the hello.com scenario)', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'hello-gateway');
    new ExposedService(chart, 'frontend-ingress', {
      gateway,
      backend: Backend.fromServiceName('hello', { namespace: 'default', port: 80 }),
      hosts: ['hello.com'],
    });
    const vs = only(synth(chart), 'VirtualService');
    expect(vs.spec).toStrictEqual({
      hosts: ['hello.com'],
      gateways: ['istio-ingress/hello-gateway'],
      http: [{ route: [{ destination: { host: 'hello.default.svc.cluster.local', port: { number: 80 } } }] }],
    });
  });

  test('regex paths, exact paths, headers, query parameters and methods render as Istio match fields', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw');
    new ExposedService(chart, 'api', {
      gateway,
      backend: Backend.fromServiceName('api', { port: 8080, portName: 'http-api' }),
      hosts: ['api.example.com'],
      routes: [
        {
          name: 'users',
          matches: [
            RouteMatch.of({
              path: PathMatch.regex('/users/[0-9]+'),
              headers: { 'X-User': StringMatch.exact('alice'), 'x-trace': StringMatch.regex('a.*') },
              queryParams: { debug: StringMatch.exact('1') },
              method: HttpMethod.GET,
            }),
          ],
        },
        { matches: [RouteMatch.exactPath('/healthz')] },
      ],
    });
    const http = only(synth(chart), 'VirtualService').spec.http;
    expect(http.map((h: any) => h.match)).toStrictEqual([
      [{ uri: { exact: '/healthz' } }],
      [
        {
          uri: { regex: '/users/[0-9]+' },
          headers: { 'x-trace': { regex: 'a.*' }, 'x-user': { exact: 'alice' } },
          queryParams: { debug: { exact: '1' } },
          method: { exact: 'GET' },
        },
      ],
    ]);
    expect(http[1].name).toBe('users');
  });

  test('routes are ordered most specific first, whatever order they are declared in', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw');
    new ExposedService(chart, 'site', {
      gateway,
      backend: Backend.fromServiceName('site', { port: 80, portName: 'http' }),
      hosts: ['example.com'],
      routes: [
        { name: 'catch-all', matches: [RouteMatch.pathPrefix('/')] },
        { name: 'api', matches: [RouteMatch.pathPrefix('/api')] },
        { name: 'api-v2', matches: [RouteMatch.pathPrefix('/api/v2'), RouteMatch.exactPath('/v2')] },
      ],
    });
    const http = only(synth(chart), 'VirtualService').spec.http;
    expect(http.map((h: any) => [h.name, h.match])).toStrictEqual([
      ['api-v2', [{ uri: { exact: '/v2' } }, { uri: { prefix: '/api/v2' } }]],
      ['api', [{ uri: { prefix: '/api' } }]],
      ['catch-all', [{ uri: { prefix: '/' } }]],
    ]);
  });

  test('a rule is split only when another rule must come between its matches', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw');
    new ExposedService(chart, 'site', {
      gateway,
      backend: Backend.fromServiceName('site', { port: 80, portName: 'http' }),
      hosts: ['example.com'],
      routes: [
        { name: 'a', matches: [RouteMatch.exactPath('/a'), RouteMatch.pathPrefix('/')] },
        { name: 'b', matches: [RouteMatch.pathPrefix('/b')] },
      ],
    });
    const http = only(synth(chart), 'VirtualService').spec.http;
    expect(http.map((h: any) => [h.name, h.match])).toStrictEqual([
      ['a', [{ uri: { exact: '/a' } }]],
      ['b', [{ uri: { prefix: '/b' } }]],
      ['a', [{ uri: { prefix: '/' } }]],
    ]);
  });

  test('hosts of several services on one gateway become one server; routes added later appear', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw');
    const httpbin = new HttpbinApp(chart, 'httpbin');
    const one = new ExposedService(chart, 'one', { gateway, backend: httpbin, hosts: ['b.example.com'] });
    new ExposedService(chart, 'two', { gateway, backend: httpbin, hosts: ['a.example.com', '*.example.org'] });
    one.addHost('c.example.com');
    one.addRoute({ matches: [RouteMatch.pathPrefix('/late')] });
    const objects = synth(chart);
    expect(only(objects, 'Gateway').spec.servers).toStrictEqual([
      { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*.example.org', 'a.example.com', 'b.example.com', 'c.example.com'] },
    ]);
    expect(only(objects, 'VirtualService', 'one').spec.hosts).toStrictEqual(['b.example.com', 'c.example.com']);
    expect(only(objects, 'VirtualService', 'one').spec.http[0].match).toStrictEqual([{ uri: { prefix: '/late' } }]);
  });

  test('a service on another port gets its own server, and the proxy Service exposes the port', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw');
    new ExposedService(chart, 'alt', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['a.example.com'], port: 8080 });
    const objects = synth(chart);
    expect(only(objects, 'Gateway').spec.servers).toStrictEqual([
      { port: { number: 8080, name: 'http-8080', protocol: 'HTTP' }, hosts: ['a.example.com'] },
    ]);
    expect(only(objects, 'Service', 'istio-ingressgateway').spec.ports).toStrictEqual([
      { name: 'status-port', port: 15021, targetPort: 15021, protocol: 'TCP' },
      { name: 'http2', port: 80, targetPort: 80, protocol: 'TCP' },
      { name: 'https', port: 443, targetPort: 443, protocol: 'TCP' },
      { name: 'http-8080', port: 8080, targetPort: 8080, protocol: 'TCP' },
    ]);
  });

  test('routes for one host on two HTTP ports are pinned to their port (a VirtualService applies to every server of its host: buildGatewayHTTPRouteConfig)', () => {
    // GIVEN a service on port 80 and another on 8080, for the same host, and HTTPS for that host
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw');
    const httpbin = new HttpbinApp(chart, 'httpbin');
    new ExposedService(chart, 'a', { gateway, backend: httpbin, hosts: ['h.example.com'], routes: [{ matches: [RouteMatch.pathPrefix('/a')] }] });
    new ExposedService(chart, 'b', { gateway, backend: httpbin, hosts: ['h.example.com'], port: 8080 });
    new TlsIngress(chart, 'tls', { gateway, hosts: ['h.example.com'], certificate: CertificateSource.fromSecretName('h-credential'), httpsRedirect: false });

    // WHEN
    const objects = synth(chart);

    // THEN each route matches its own port, and the HTTPS port that serves it too
    expect(only(objects, 'VirtualService', 'a').spec.http[0].match).toStrictEqual([
      { uri: { prefix: '/a' }, port: 80 },
      { uri: { prefix: '/a' }, port: 443 },
    ]);
    expect(only(objects, 'VirtualService', 'b').spec.http[0].match).toStrictEqual([{ port: 443 }, { port: 8080 }]);
    // AND the explainer, reading the YAML as istiod does, agrees: /a is not answered on 8080's service
    const explainer = RouteExplainer.fromManifests(objects);
    expect(explainer.explain({ url: 'http://h.example.com:8080/a' }).route?.object.name).toBe('b');
    expect(explainer.explain({ url: 'http://h.example.com/x' }).outcome).toBe(RouteOutcome.NOT_FOUND);
  });

  test('a host served on one HTTP port only needs no port in its matches', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw');
    new ExposedService(chart, 'a', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['h.example.com'] });
    expect(only(synth(chart), 'VirtualService', 'a').spec.http[0].match).toBeUndefined();
  });

  test('an existing proxy is selected by its labels and nothing is deployed', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw', {
      namespace: 'default',
      proxy: GatewayProxy.existing({ selector: { istio: 'ingressgateway' }, serviceName: 'istio-ingressgateway' }),
    });
    new ExposedService(chart, 'app', { gateway, backend: Backend.fromServiceName('app', { port: 80, portName: 'http' }), hosts: ['app.example.com'] });
    const objects = synth(chart);
    expect(objects.map((o) => o.kind)).toStrictEqual(['Gateway', 'VirtualService']);
    expect(only(objects, 'Gateway').spec.selector).toStrictEqual({ istio: 'ingressgateway' });
    expect(gateway.toModel().proxy).toStrictEqual({
      mode: 'existing',
      namespace: 'istio-system',
      selector: { istio: 'ingressgateway' },
      serviceName: 'istio-ingressgateway',
    });
  });

  test('the route lives in the backend namespace unless told otherwise, and crosses namespaces by FQDN', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw');
    const httpbin = new HttpbinApp(chart, 'httpbin', { namespace: 'apps' });
    new ExposedService(chart, 'a', { gateway, backend: httpbin, hosts: ['a.example.com'] });
    new ExposedService(chart, 'b', { gateway, backend: httpbin, hosts: ['b.example.com'], namespace: 'edge' });
    const objects = synth(chart);
    expect(only(objects, 'VirtualService', 'a').metadata.namespace).toBe('apps');
    expect(only(objects, 'VirtualService', 'b').metadata.namespace).toBe('edge');
    expect(only(objects, 'VirtualService', 'b').spec.http[0].route[0].destination.host).toBe('httpbin.apps.svc.cluster.local');
  });

  test('the cluster domain is configurable', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw', { clusterDomain: 'corp.internal' });
    new ExposedService(chart, 'a', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['a.example.com'] });
    expect(only(synth(chart), 'VirtualService').spec.http[0].route[0].destination.host).toBe('httpbin.default.svc.corp.internal');
  });
});
