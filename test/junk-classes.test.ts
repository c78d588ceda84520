import { App, Chart } from 'cdk8s';
import {
  Backend,
  CertificateSource,
  ClientCertificateAuthority,
  ExposedService,
  GatewayProxy,
  HttpbinApp,
  IngressApi,
  IngressGateway,
  IngressOperator,
  PathMatch,
  RouteMatch,
  TlsIngress,
  TlsMode,
} from '../src';
import { createCa } from '../scripts/test-certs';
import { newChart, synth, validationError } from './support/synth';

/**
 * The classes of mistakes issue 16 lists, one test each: each is refused with a ValidationError
 * naming the construct and the field (the junk sweep covers them by class, these by example).
 */
const apis = { istio: () => IngressApi.istio(), 'gateway-api': () => IngressApi.gatewayApi(), 'kubernetes-ingress': () => IngressApi.kubernetesIngress() };

describe('null instead of an options object', () => {
  test('new IngressGateway(chart, "gw", null)', () => {
    expect(validationError(() => new IngressGateway(newChart(), 'gw', null as any)).message).toMatch(/^\[test\/gw\] props: expected IngressGatewayProps \(an object\), received null$/);
  });

  test.each([
    ['gatewayApi', () => IngressApi.gatewayApi(null as any)],
    ['kubernetesIngress', () => IngressApi.kubernetesIngress(null as any)],
  ])('IngressApi.%s(null)', (_name, api) => {
    expect(validationError(() => new IngressGateway(newChart(), 'gw', { api: api() })).message).toMatch(/^\[test\/gw\] api: expected \w+Options \(an object\), received null$/);
  });

  test('CertificateSource.fromSecretName("x", null) and the CA factories', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw');
    expect(validationError(() => new TlsIngress(chart, 'a', { gateway, hosts: ['a.example.com'], certificate: CertificateSource.fromSecretName('x', null as any) })).message).toMatch(
      /^\[test\/a\] certificate: expected SecretNameOptions .*received null$/,
    );
    const mutual = { gateway, hosts: ['b.example.com'], mode: TlsMode.MUTUAL, certificate: CertificateSource.fromSecretName('x') };
    expect(validationError(() => new TlsIngress(chart, 'b', { ...mutual, clientCa: ClientCertificateAuthority.fromSecretName('ca', null as any) })).field).toBe('clientCa');
  });

  test('GatewayProxy.existing() without options', () => {
    const error = validationError(() => new IngressGateway(newChart(), 'gw', { proxy: (GatewayProxy.existing as any)() }));
    expect(error.message).toMatch(/^\[test\/gw\] proxy: expected ExistingProxyOptions with a selector/);
  });
});

describe('values of the wrong type', () => {
  test.each(Object.entries(apis))('a non-string appProtocol (%s)', (_name, api) => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw', { api: api(), namespace: 'default' });
    for (const appProtocol of [42, { a: 1 }, 10n, 'x'.repeat(5000)]) {
      const error = validationError(() => new ExposedService(chart, `s${typeof appProtocol}`, { gateway, backend: Backend.fromServiceName('web', { port: 80, appProtocol: appProtocol as any }), hosts: ['a.example.com'] }));
      expect(error.field).toBe('backend.appProtocol');
      expect(error.message.length).toBeLessThan(400);
    }
  });

  test('mutual TLS with the certificate as a plain string', async () => {
    const ca = await createCa();
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw');
    const error = validationError(() => new TlsIngress(chart, 'tls', { gateway, hosts: ['a.example.com'], mode: TlsMode.MUTUAL, certificate: 'my-cert' as any, clientCa: ClientCertificateAuthority.fromPem(ca.certificate) }));
    expect(error.field).toBe('certificate');
  });

  test.each([
    ['IngressGateway createNamespace', (chart: Chart) => new IngressGateway(chart, 'gw', { createNamespace: 'false' as any }), 'createNamespace'],
    ['HttpbinApp createNamespace', (chart: Chart) => new HttpbinApp(chart, 'httpbin', { namespace: 'apps', createNamespace: 'false' as any }), 'createNamespace'],
    ['IngressOperator createNamespace', (chart: Chart) => new IngressOperator(chart, 'op', { image: 'example.com/hook:1', createNamespace: 'false' as any }), 'createNamespace'],
    ['IngressOperator gatewayApi', (chart: Chart) => new IngressOperator(chart, 'op', { image: 'example.com/hook:1', gatewayApi: 'false' as any }), 'gatewayApi'],
    ['Kubernetes Ingress defaultClass', (chart: Chart) => new IngressGateway(chart, 'gw', { api: IngressApi.kubernetesIngress({ defaultClass: 'false' as any }) }), 'api.defaultClass'],
    [
      'TlsIngress httpsRedirect',
      (chart: Chart) => new TlsIngress(chart, 'tls', { gateway: new IngressGateway(chart, 'gw'), hosts: ['a.example.com'], certificate: CertificateSource.fromSecretName('c'), httpsRedirect: 'false' as any }),
      'httpsRedirect',
    ],
  ])('the string "false" for a boolean: %s', (_name, make, field) => {
    const error = validationError(() => make(newChart()));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(/expected true or false, received "false"/);
  });

  test('a string where an options object goes is not spread into keys 0, 1, 2', () => {
    expect(validationError(() => Backend.fromServiceName('web', 'abc' as any)).message).toBe('[Backend.fromServiceName] options: expected ServiceNameBackendOptions ({ port, portName, namespace, appProtocol }), an object, received "abc"');
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw');
    expect(validationError(() => new TlsIngress(chart, 'tls', { gateway, hosts: ['a.example.com'], certificate: CertificateSource.fromPem('abc' as any) })).message).toMatch(
      /^\[test\/tls\] certificate: expected PemCertificateOptions .*received "abc"$/,
    );
    expect(validationError(() => new ExposedService(chart, 'web', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['a.example.com'], routes: [{ matches: [RouteMatch.of('/api' as any)] }] })).field).toBe(
      'routes[0].matches[0]',
    );
  });

  test('an upper-case image reference', () => {
    expect(validationError(() => new HttpbinApp(newChart(), 'httpbin', { image: 'docker.io/MyOrg/httpbin:v1' })).message).toMatch(/image: "docker\.io\/MyOrg\/httpbin:v1" must have its repository path in lower case/);
    expect(validationError(() => new IngressOperator(newChart(), 'op', { image: 'Hook' })).field).toBe('image');
    // Registries are host names, which may have capitals; tags too.
    expect(() => new HttpbinApp(newChart(), 'httpbin', { image: 'Registry.Example.com:5000/org/httpbin:V1' })).not.toThrow();
  });
});

describe('a misspelt prop that would widen a route', () => {
  test.each([
    ['a route', { match: [RouteMatch.pathPrefix('/api')] }, 'routes[0].match'],
    ['a match', { matches: [RouteMatch.of({ pth: PathMatch.prefix('/api') } as any)] }, 'routes[0].matches[0].pth'],
  ])('%s', (_name, route, field) => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw');
    const error = validationError(() => new ExposedService(chart, 'web', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['a.example.com'], routes: [route as any] }));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(/is not a prop of this object; known: /);
  });
});

describe('a misspelt construct prop, which JavaScript and YAML callers have no compiler to catch', () => {
  test.each<[string, (chart: Chart) => unknown, string]>([
    ['IngressGateway', (chart) => new IngressGateway(chart, 'gw', { namspace: 'edge' } as any), 'namspace'],
    ['ExposedService', (chart) => new ExposedService(chart, 'web', { gateway: new IngressGateway(chart, 'gw'), backend: new HttpbinApp(chart, 'httpbin'), hosts: ['a.example.com'], rotues: [] } as any), 'rotues'],
    ['TlsIngress', (chart) => new TlsIngress(chart, 'tls', { gateway: new IngressGateway(chart, 'gw'), hosts: ['a.example.com'], certificate: CertificateSource.fromSecretName('c'), httpRedirect: false } as any), 'httpRedirect'],
    ['HttpbinApp', (chart) => new HttpbinApp(chart, 'httpbin', { replica: 3 } as any), 'replica'],
  ])('%s', (_name, build, field) => {
    const error = validationError(() => build(newChart()));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(new RegExp(`^\\[test/\\w+\\] ${field}: is not a prop of this object; known: `));
  });

  test('the message names the prop a misspelling most likely meant', () => {
    const error = validationError(() => new IngressGateway(newChart(), 'gw', { namspace: 'edge' } as any));
    expect(error.message).toMatch(/ \(did you mean namespace\?\)$/);
    expect(validationError(() => new HttpbinApp(newChart(), 'httpbin', { colour: 'blue' } as any)).message).not.toMatch(/did you mean/);
  });

  test('an unknown prop left undefined is ignored (a spread of optional settings)', () => {
    expect(() => new HttpbinApp(newChart(), 'httpbin', { extra: undefined } as any)).not.toThrow();
  });
});

describe('Service names start with a letter (DNS-1035 labels)', () => {
  test('the bundled proxy name', () => {
    expect(validationError(() => new IngressGateway(newChart(), 'gw', { proxy: GatewayProxy.bundled({ name: '1-proxy' }) })).message).toMatch(/proxy\.name: "1-proxy" must start with a letter/);
  });

  test('the HttpbinApp name, given or from the construct id', () => {
    expect(validationError(() => new HttpbinApp(newChart(), 'httpbin', { name: '2bin' })).field).toBe('name');
    expect(validationError(() => new HttpbinApp(newChart(), '2bin')).field).toBe('name (from the construct id)');
  });

  test.each(Object.entries(apis))('a backend Service name (%s)', (_name, api) => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw', { api: api(), namespace: 'default' });
    const error = validationError(() => new ExposedService(chart, 'web', { gateway, backend: Backend.fromServiceName('9web', { port: 80, portName: 'http' }), hosts: ['a.example.com'] }));
    expect(error.message).toMatch(/backend\.serviceName: "9web" must start with a letter/);
  });

  test('a Gateway API gateway whose automated proxy Service would start with a digit', () => {
    expect(validationError(() => new IngressGateway(newChart(), '1gw', { api: IngressApi.gatewayApi() })).message).toMatch(/name: "1gw" must start with a letter: Istio names the proxy Service "1gw-istio"/);
  });
});

describe('Gateway API paths: the characters the HTTPRoute CEL rule allows, in every API', () => {
  test.each(['/grüße', '/a|b', '/50%', '/a%2', '/{id}', '/a"b'])('refuses %p', (path) => {
    for (const api of Object.values(apis)) {
      const chart = newChart();
      const gateway = new IngressGateway(chart, 'gw', { api: api(), namespace: 'default' });
      const error = validationError(() => new ExposedService(chart, 'web', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['a.example.com'], routes: [{ matches: [RouteMatch.pathPrefix(path)] }] }));
      expect(error.field).toBe('routes[0].matches[0].path');
    }
  });

  test('accepts percent-encoded paths and the sub-delimiters', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw', { api: IngressApi.gatewayApi(), namespace: 'default' });
    new ExposedService(chart, 'web', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['a.example.com'], routes: [{ matches: [RouteMatch.pathPrefix("/gr%C3%BC%C3%9Fe/a;b=c,d!$&'()*+:@~")] }] });
    expect(() => synth(chart)).not.toThrow();
  });
});

describe('port 443 on an ExposedService without TLS', () => {
  test('names the route and says to leave its port at 80, once, in every API', () => {
    for (const api of Object.values(apis)) {
      const app = new App();
      const chart = new Chart(app, 'c');
      const gateway = new IngressGateway(chart, 'gw', { api: api(), namespace: 'default' });
      new ExposedService(chart, 'web', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['a.example.com'], port: 443 });
      new TlsIngress(chart, 'tls', { gateway, hosts: ['a.example.com'], certificate: CertificateSource.fromSecretName('cert'), httpsRedirect: false });
      const error = validationError(() => app.synth());
      expect(error.problems).toHaveLength(1);
      expect(error.problems[0]).toMatchObject({ constructPath: 'c/web', field: 'port' });
      expect(error.problems[0].message).toMatch(/leave (this port|the port) at its default \(80\)/);
    }
  });
});

describe('synthesis reports the library\'s problems as one ValidationError', () => {
  test('cdk8s synth (app.synth()) throws the ValidationError itself, not a plain Error', () => {
    const app = new App({ outdir: require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'synth-')) });
    const chart = new Chart(app, 'c');
    const gateway = new IngressGateway(chart, 'gw', { hosts: ['a.example.com'] });
    new ExposedService(chart, 'web', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['b.example.com'] });
    const error = validationError(() => app.synth());
    expect(error.problems[0].constructPath).toBe('c/web');
  });
});

describe('the Pulumi adapter refuses junk arguments with a ValidationError too', () => {
  // planDeployment is what IngressDeployment runs before registering anything.
  const { planDeployment } = require('../packages/pulumi/src/plan') as typeof import('../packages/pulumi/src/plan');
  const { Duration } = require('cdk8s') as typeof import('cdk8s');
  const chart = () => {
    const c = new Chart(new App(), 'c');
    new HttpbinApp(c, 'httpbin');
    return c;
  };
  test.each([
    ['args', null],
    ['charts', 'abc'],
    ['charts[0]', ['abc']],
    ['build', 'abc'],
    ['awaitLoadBalancer', 'false'],
    ['loadBalancerTimeout', 300],
    ['loadBalancerTimeout', Duration.seconds(10n as any)],
    ['secretValues', 'abc'],
    ['secretValues["default/x"]', { 'default/x': 'abc' }],
  ])('%s', (field, value) => {
    const args = field === 'args' ? value : { charts: [chart()], [field.replace(/\[.*$/, '')]: value };
    const error = validationError(() => planDeployment('IngressDeployment app', args as any));
    expect(error.constructPath).toBe('IngressDeployment app');
    expect(error.field).toBe(field);
  });
});
