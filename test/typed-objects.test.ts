import { ApiObject, App, Chart, Duration, Yaml } from 'cdk8s';
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
import { objectsRenderedAsL1Would } from './support/typed-objects';

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
