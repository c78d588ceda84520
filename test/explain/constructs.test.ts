import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Backend, ExposedService, HttpbinApp, IIngressGateway, IngressApi, IngressGateway, RouteExplainer, RouteMatch, RouteOutcome, RoutingDiagram, RouteTestSuite } from '../../src';
import { buildExamples } from '../../examples/main';
import { backends } from './support';

/** The IngressGateway of an example chart. */
function gatewayOf(app: App, chartId: string): IIngressGateway {
  const chart = app.charts.find((c) => c.node.id === chartId);
  if (!chart) throw new Error(`no chart ${chartId}`);
  const gateway = chart.node.findAll().find((c): c is IngressGateway => c instanceof IngressGateway);
  if (!gateway) throw new Error(`no gateway in ${chartId}`);
  return gateway;
}

describe('RouteExplainer.fromGateway reads the YAML the library writes for the walkthrough examples', () => {
  const app = buildExamples(new App());

  test.each(['httpbin-istio-api', 'httpbin-gateway-api', 'httpbin-gateway-api-manual'])(
    'Istio\'s "Control Ingress Traffic" task, %s: /status/200 reaches httpbin, /headers gets 404',
    (chartId) => {
      const explainer = RouteExplainer.fromGateway(gatewayOf(app, chartId));
      const status = explainer.explain({ url: 'http://httpbin.example.com/status/200' });
      expect(status.outcome).toBe(RouteOutcome.FORWARD);
      expect(backends(status)).toStrictEqual(['httpbin.default:8000']);
      expect(status.warnings).toStrictEqual([]);
      const headers = explainer.explain({ url: 'http://httpbin.example.com/headers' });
      expect(headers).toMatchObject({ outcome: RouteOutcome.NOT_FOUND, statusCode: 404 });
      expect(headers.trace.map((t) => t.reason)).toStrictEqual(['no-match', 'no-match']);
      expect(explainer.explain({ url: 'http://other.example.com/status/200' }).outcome).toBe(RouteOutcome.NOT_FOUND);
    },
  );

  test('the any-host variants answer /headers on every host, in both APIs', () => {
    for (const chartId of ['httpbin-istio-api-any-host', 'httpbin-gateway-api-any-host']) {
      const result = RouteExplainer.fromGateway(gatewayOf(app, chartId)).explain({ url: 'http://192.168.49.2/headers' });
      expect(backends(result)).toStrictEqual(['httpbin.default:8000']);
    }
  });

  test('the Kubernetes Ingress examples: Prefix /status by segments (the Istio API prefix would take /statusx)', () => {
    const ingress = RouteExplainer.fromGateway(gatewayOf(app, 'httpbin-kubernetes-ingress'));
    expect(ingress.explain({ url: 'http://httpbin.example.com/status/418' }).outcome).toBe(RouteOutcome.FORWARD);
    expect(ingress.explain({ url: 'http://httpbin.example.com/statusx' }).outcome).toBe(RouteOutcome.NOT_FOUND);
    const istio = RouteExplainer.fromGateway(gatewayOf(app, 'httpbin-istio-api'));
    expect(istio.explain({ url: 'http://httpbin.example.com/statusx' }).outcome).toBe(RouteOutcome.FORWARD);
  });

  test('TLS examples: plain HTTP is redirected to HTTPS, HTTPS reaches httpbin; passthrough goes to nginx by SNI', () => {
    for (const api of ['istio-api', 'gateway-api']) {
      const tls = RouteExplainer.fromGateway(gatewayOf(app, `httpbin-${api}-tls`));
      expect(tls.explain({ url: 'http://httpbin.example.com/status/200' }).redirect).toMatchObject({ location: 'https://httpbin.example.com/status/200', statusCode: 301 });
      expect(tls.explain({ url: 'https://httpbin.example.com/status/200' })).toMatchObject({ outcome: RouteOutcome.FORWARD, listener: { port: 443, tlsMode: 'SIMPLE' } });
      const passthrough = RouteExplainer.fromGateway(gatewayOf(app, `nginx-${api}-passthrough`)).explain({ url: 'https://nginx.example.com/' });
      expect(passthrough.outcome).toBe(RouteOutcome.TLS_PASSTHROUGH);
      expect(backends(passthrough)).toStrictEqual(['my-nginx.default:443']);
    }
  });

  test('the canary examples: testers by header to v2, the rest split 90/10, with the route\'s timeout', () => {
    for (const api of ['istio-api', 'gateway-api']) {
      const canary = RouteExplainer.fromGateway(gatewayOf(app, `httpbin-${api}-canary`));
      expect(backends(canary.explain({ url: 'http://httpbin.example.com/get', headers: { 'x-canary': 'always' } }))).toStrictEqual(['httpbin-v2.default:8000']);
      const split = canary.explain({ url: 'http://httpbin.example.com/get' });
      expect(backends(split)).toStrictEqual(['httpbin-v1.default:8000 90%', 'httpbin-v2.default:8000 10%']);
      expect(split.policies.find((p) => p.kind === 'timeout')?.description).toBe('the backend must answer within 10s');
    }
  });

  test('the routing table of the walkthrough, and its Mermaid picture', () => {
    const table = RouteExplainer.fromGateway(gatewayOf(app, 'httpbin-istio-api')).routes();
    expect(table.gateways).toHaveLength(1);
    expect(table.gateways[0].name).toBe('istio-ingress/httpbin-gateway');
    const [listener] = table.gateways[0].listeners;
    expect(listener).toMatchObject({ port: 80, protocol: 'HTTP', listeners: [{ name: 'http', hosts: ['httpbin.example.com'] }] });
    expect(listener.virtualHosts.map((v) => ({ domains: v.domains, routes: v.routes.map((r) => `${r.match} -> ${r.action}`) }))).toStrictEqual([
      { domains: ['httpbin.example.com'], routes: ['prefix /status -> forward httpbin.default:8000', 'prefix /delay -> forward httpbin.default:8000'] },
    ]);
    expect(RoutingDiagram.mermaid(table)).toBe(
      [
        'flowchart LR',
        '  g0[["istio-ingress/httpbin-gateway"]]',
        '  g0l0(["HTTP 80 (http)"])',
        '  g0l0h0{{"httpbin.example.com"}}',
        '  g0l0h0r0["1. prefix /status<br/>VirtualService default/httpbin"]',
        '  b0[("httpbin.default:8000")]',
        '  g0l0h0r1["2. prefix /delay<br/>VirtualService default/httpbin"]',
        '  g0 --> g0l0',
        '  g0l0 --> g0l0h0',
        '  g0l0h0 --> g0l0h0r0',
        '  g0l0h0r0 --> b0',
        '  g0l0h0 --> g0l0h0r1',
        '  g0l0h0r1 --> b0',
        '',
      ].join('\n'),
    );
    expect(RoutingDiagram.dot(table)).toContain('g0l0h0r0 [shape=box, label="1. prefix /status\\nVirtualService default/httpbin"];');
  });

  test('route tests pass on the walkthrough and report each mismatch', () => {
    const suite = RouteTestSuite.parse(
      [
        'tests:',
        '  - name: status reaches httpbin',
        '    request: GET http://httpbin.example.com/status/200',
        '    expect: { backend: httpbin.default:8000, route: VirtualService default/httpbin }',
        '  - name: headers is 404',
        '    request: GET http://httpbin.example.com/headers',
        '    expect: { status: 404, outcome: not-found }',
        '  - name: wrong on purpose',
        '    request: GET http://httpbin.example.com/headers',
        '    expect: { backend: httpbin.default, status: 200 }',
      ].join('\n'),
      'routes-test.yaml',
    );
    const report = suite.check(RouteExplainer.fromGateway(gatewayOf(app, 'httpbin-istio-api')));
    expect(report.passed).toBe(2);
    expect(report.failures.map((f) => [f.test.name, f.test.source, f.mismatches])).toStrictEqual([
      ['wrong on purpose', 'routes-test.yaml:8', ['expected status 200, got not-found 404', 'expected backends httpbin.default, got not-found 404']],
    ]);
  });
});

describe('RouteExplainer.fromGateway on apps built for the test', () => {
  test('validates the app first, as cdk8s synth does', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    const gateway = new IngressGateway(chart, 'gw', { hosts: ['*.example.com'] });
    new ExposedService(chart, 'stray', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['stray.example.org'] });
    expect(() => RouteExplainer.fromGateway(gateway)).toThrow(/host "stray\.example\.org" is not served by gateway istio-ingress\/gw/);
  });

  test('reads the routes of the gateway\'s chart only, and names the gateway for requests', () => {
    const app = new App();
    const build = (id: string, host: string): IngressGateway => {
      const chart = new Chart(app, id);
      const gateway = new IngressGateway(chart, 'gw', { api: IngressApi.gatewayApi(), namespace: 'default' });
      new ExposedService(chart, 'svc', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: [host], routes: [{ matches: [RouteMatch.pathPrefix('/')] }] });
      return gateway;
    };
    const first = build('one', 'one.example.com');
    build('two', 'two.example.com');
    const explainer = RouteExplainer.fromGateway(first);
    expect(explainer.gatewayNames()).toStrictEqual(['default/gw']);
    expect(explainer.explain({ url: 'http://one.example.com/' }).outcome).toBe(RouteOutcome.FORWARD);
    expect(explainer.explain({ url: 'http://two.example.com/' }).outcome).toBe(RouteOutcome.NOT_FOUND);
  });
});

describe('RouteExplainer.fromModel: the library\'s own meaning', () => {
  class Site extends Chart {
    public readonly gateway: IngressGateway;
    constructor(scope: Construct, id: string, api: IngressApi) {
      super(scope, id);
      this.gateway = new IngressGateway(this, 'gw', { api, ...(api.kind === 'gateway-api' ? { namespace: 'default' } : {}) });
      const httpbin = new HttpbinApp(this, 'httpbin');
      new ExposedService(this, 'svc', {
        gateway: this.gateway,
        backend: httpbin,
        hosts: ['site.example.com'],
        routes: [{ matches: [RouteMatch.pathPrefix('/api')] }, { matches: [RouteMatch.exactPath('/api/health')], backends: [{ backend: Backend.fromServiceName('health', { namespace: 'default', port: 8080, portName: 'http' }) }] }],
      });
    }
  }

  test.each([
    ['Istio API', IngressApi.istio()],
    ['Gateway API', IngressApi.gatewayApi()],
  ])('the model and the YAML of the %s answer alike: the exact path first, then the prefix', (_name, api) => {
    const { gateway } = new Site(new App(), 'site', api);
    const model = RouteExplainer.fromModel(gateway.toModel());
    const yaml = RouteExplainer.fromGateway(gateway);
    for (const url of ['http://site.example.com/api/health', 'http://site.example.com/api/users', 'http://site.example.com/other', 'https://site.example.com/api']) {
      const a = model.explain({ url });
      const b = yaml.explain({ url });
      expect([url, b.outcome, b.statusCode, backends(b)]).toStrictEqual([url, a.outcome, a.statusCode, backends(a)]);
    }
    expect(backends(model.explain({ url: 'http://site.example.com/api/health' }))).toStrictEqual(['health.default:8080']);
    expect(backends(yaml.explain({ url: 'http://site.example.com/api/health' }))).toStrictEqual(['health.default:8080']);
  });

  test('the model reads a prefix as each API does: a plain string with the Istio API, whole segments elsewhere', () => {
    expect(RouteExplainer.fromModel(new Site(new App(), 's', IngressApi.istio()).gateway.toModel()).explain({ url: 'http://site.example.com/apix' }).outcome).toBe(RouteOutcome.FORWARD);
    expect(RouteExplainer.fromModel(new Site(new App(), 's', IngressApi.gatewayApi()).gateway.toModel()).explain({ url: 'http://site.example.com/apix' }).outcome).toBe(RouteOutcome.NOT_FOUND);
  });

  test('the routing table is read from manifests only', () => {
    expect(() => RouteExplainer.fromModel(new Site(new App(), 's', IngressApi.istio()).gateway.toModel()).routes()).toThrow(/the routing table is read from manifests/);
  });
});
