import { ApiObject, App, Chart, Duration, JsonPatch, Yaml } from 'cdk8s';
import {
  Backend,
  CertificateSource,
  ExposedService,
  HttpbinApp,
  HttpMethod,
  IngressApi,
  IngressGateway,
  PathMatch,
  RouteMatch,
  StringMatch,
  TlsIngress,
  TlsMode,
} from '../src';
import * as istio from '../src/imports/networking.istio.io';
import { buildExamples } from '../examples/main';
import { isRenderedApiObject, objectsRenderedAsL1Would } from './support/typed-objects';

/** One gateway of each API, with every route and TLS feature that API can express. */
function everyFeature(app: App): void {
  const apis = [
    ['istio', IngressApi.istio()],
    ['gateway-api', IngressApi.gatewayApi()],
    ['kubernetes-ingress', IngressApi.kubernetesIngress()],
  ] as const;
  for (const [name, api] of apis) {
    const chart = new Chart(app, name);
    const gateway = new IngressGateway(chart, 'gw', { namespace: 'default', api });
    const httpbin = new HttpbinApp(chart, 'httpbin');
    const service = new ExposedService(chart, 'paths', {
      gateway,
      backend: httpbin,
      hosts: ['paths.example.com', '*.wild.example.com'],
      routes: [
        { name: 'status', matches: [RouteMatch.pathPrefix('/status'), RouteMatch.exactPath('/delay/1')] },
        { matches: [RouteMatch.pathPrefix('/')] },
      ],
    });
    service.addHost('more.example.com');
    new TlsIngress(chart, 'tls', { gateway, hosts: ['paths.example.com'], certificate: CertificateSource.fromSecretName('paths-credential') });
    if (name === 'kubernetes-ingress') continue;
    new ExposedService(chart, 'conditions', {
      gateway,
      backend: Backend.fromServiceName('shop', { namespace: 'shop', port: 8080, portName: 'http' }),
      namespace: 'default',
      hosts: ['shop.example.com'],
      routes: [
        {
          matches: [
            RouteMatch.of({
              path: PathMatch.regex('/v[0-9]+/.*'),
              method: HttpMethod.GET,
              headers: { 'x-canary': StringMatch.exact('true'), 'x-user': StringMatch.regex('a.*') },
              queryParams: { debug: StringMatch.exact('1') },
            }),
          ],
          timeout: Duration.seconds(4),
        },
      ],
    });
    new TlsIngress(chart, 'passthrough', {
      gateway,
      hosts: ['nginx.example.com'],
      mode: TlsMode.PASSTHROUGH,
      backend: Backend.fromServiceName('my-nginx', { port: 443, portName: 'https' }),
    });
  }
}

describe('objects of generated kinds are created as plain ApiObjects, with output unchanged', () => {
  test('every object of the examples renders exactly as its L1 class would', () => {
    const app = buildExamples(new App());
    app.synthYaml();
    expect(objectsRenderedAsL1Would(app)).toStrictEqual([]);
  });

  test('every route and TLS feature of every API renders exactly as its L1 class would', () => {
    // GIVEN
    const app = new App();

    // WHEN
    everyFeature(app);

    // THEN
    expect(app.synthYaml()).toContain('kind: VirtualService');
    expect(objectsRenderedAsL1Would(app)).toStrictEqual([]);
  });

  test('fails for a field whose JSON name is not its TypeScript name', () => {
    // GIVEN
    const chart = new Chart(new App(), 'test');

    // WHEN
    new ApiObject(chart, 'mirrored', {
      ...istio.VirtualService.GVK,
      metadata: { name: 'mirrored' },
      spec: { hosts: ['a.example.com'], http: [{ mirrorPercent: 50, route: [{ destination: { host: 'a' } }] }] },
    });

    // THEN
    const [problem, ...others] = objectsRenderedAsL1Would(chart);
    expect(others).toStrictEqual([]);
    expect(problem).toMatch(/^\[test\/mirrored\] VirtualService renders differently from its L1 class/);
    expect(problem).toContain('"mirror_percent":50');
    expect(Yaml.stringify(chart.toJson()[0])).toContain('mirrorPercent: 50');
  });
});

describe('rendered objects write their plain body without cdk8s resolving it again', () => {
  test('every rendered object of the examples writes exactly what cdk8s itself writes for it', () => {
    const app = buildExamples(new App());
    app.synthYaml();
    const rendered = app.node.findAll().filter(isRenderedApiObject);
    expect(rendered.length).toBeGreaterThan(100);
    for (const object of rendered) expect(JSON.stringify(object.toJson())).toBe(JSON.stringify(ApiObject.prototype.toJson.call(object)));
  });

  test('chart labels, metadata added later and JSON patches still apply', () => {
    // GIVEN a chart with labels, and a rendered object changed through cdk8s's escape hatches
    const app = new App();
    const chart = new Chart(app, 'test', { labels: { team: 'edge' } });
    const gateway = new IngressGateway(chart, 'gw');
    new ExposedService(chart, 'web', { gateway, backend: Backend.fromServiceName('web', { namespace: 'default', port: 80, portName: 'http' }), hosts: ['a.example.com'] });
    app.synthYaml();
    const route = chart.node.findChild('web').node.findChild('Resource') as ApiObject;
    route.metadata.addAnnotation('example.com/reviewed', 'yes');
    route.addJsonPatch(JsonPatch.add('/spec/exportTo', ['.']));

    // WHEN
    const json = route.toJson();

    // THEN
    expect(json.metadata).toStrictEqual({ name: 'web', namespace: 'default', labels: { team: 'edge' }, annotations: { 'example.com/reviewed': 'yes' } });
    expect(json.spec.exportTo).toStrictEqual(['.']);
  });
});
