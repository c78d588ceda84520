import { App, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  Backend,
  CertificateSource,
  CertManagerIssuer,
  ClientCertificateAuthority,
  ExposedService,
  GatewayProxy,
  HttpbinApp,
  HttpMethod,
  HttpRoute,
  IngressApi,
  IngressGateway,
  IngressOperator,
  Percentage,
  RedirectScheme,
  RouteMatch,
  TlsIngress,
  TlsMode,
} from '../src';
import { createFixtures, Fixtures } from './support/sweep';
import { validationError } from './support/synth';

/**
 * Misspelt keys in the option objects nested inside props: JavaScript, YAML and custom-resource
 * callers have no compiler, so a key an options object does not have is refused, naming the
 * construct, the whole field path and the key it most likely meant. Each row spells one key of a
 * correct object: rightly, it is accepted; wrongly, it is refused.
 */

const HOST = 'a.example.com';
/** Where the default IngressGateway's proxy runs, and so where Istio reads credentials. */
const PROXY_NAMESPACE = 'istio-ingress';

let fixtures: Fixtures;

beforeAll(async () => {
  fixtures = await createFixtures('unknown-keys-', [HOST]);
});

/** An ExposedService `test/web` with this one route. */
function service(chart: Chart, route: HttpRoute): void {
  new ExposedService(chart, 'web', { gateway: new IngressGateway(chart, 'gw'), backend: new HttpbinApp(chart, 'httpbin'), hosts: [HOST], routes: [route] });
}

/** An ExposedService `test/web` routing to this backend. */
function serviceTo(chart: Chart, backend: Backend): void {
  new ExposedService(chart, 'web', { gateway: new IngressGateway(chart, 'gw'), backend, hosts: [HOST] });
}

/** An IngressGateway `test/gw` serving HOST, with these props. */
function gateway(chart: Chart, props: ConstructorParameters<typeof IngressGateway>[2]): void {
  new IngressGateway(chart, 'gw', { hosts: [HOST], ...props });
}

/** A TlsIngress `test/tls` terminating TLS for HOST with these props. */
function tls(chart: Chart, props: Partial<ConstructorParameters<typeof TlsIngress>[2]>): void {
  new TlsIngress(chart, 'tls', { gateway: new IngressGateway(chart, 'gw'), hosts: [HOST], ...props } as any);
}

/** A Service of the shape Backend.fromService() reads, with two ports. */
const serviceLike = { name: 'web', metadata: {}, ports: [{ port: 80, name: 'http' }, { port: 81, name: 'http-admin' }] };

type Build = (chart: Chart, key: string) => void;

/** [options type, the key, its misspelling, construct path, field the options are at, build]. */
const cases: [string, string, string, string, string, Build][] = [
  ['HttpRoute', 'timeout', 'timout', 'test/web', 'routes[0]', (c, k) => service(c, { [k]: Duration.seconds(5) })],
  ['RouteMatchOptions', 'method', 'methd', 'test/web', 'routes[0].matches[0]', (c, k) => service(c, { matches: [RouteMatch.of({ [k]: HttpMethod.GET })] })],
  ['RetryPolicy', 'perTryTimeout', 'perTryTimout', 'test/web', 'routes[0].retries', (c, k) => service(c, { retries: { attempts: 3, [k]: Duration.seconds(1) } as any })],
  ['UrlRewrite', 'hostname', 'hostnme', 'test/web', 'routes[0].rewrite', (c, k) => service(c, { rewrite: { [k]: 'b.example.com' } })],
  ['RequestRedirect', 'statusCode', 'statusCod', 'test/web', 'routes[0].redirect', (c, k) => service(c, { redirect: { scheme: RedirectScheme.HTTPS, [k]: 301 } })],
  ['HeaderModifier (request)', 'remove', 'remve', 'test/web', 'routes[0].requestHeaders', (c, k) => service(c, { requestHeaders: { set: { 'x-a': '1' }, [k]: ['x-b'] } })],
  ['HeaderModifier (response)', 'add', 'ad', 'test/web', 'routes[0].responseHeaders', (c, k) => service(c, { responseHeaders: { set: { 'x-a': '1' }, [k]: { 'x-b': '2' } } })],
  ['CorsPolicy', 'allowCredentials', 'allowCredential', 'test/web', 'routes[0].cors', (c, k) => service(c, { cors: { allowOrigins: ['https://app.example.com'], [k]: true } as any })],
  ['FaultInjection', 'delay', 'dealy', 'test/web', 'routes[0].fault', (c, k) => service(c, { fault: { abort: { httpStatus: 503 }, [k]: { fixedDelay: Duration.seconds(1) } } })],
  ['FaultDelay', 'percentage', 'percentge', 'test/web', 'routes[0].fault.delay', (c, k) => service(c, { fault: { delay: { fixedDelay: Duration.seconds(1), [k]: Percentage.of(10) } as any } })],
  ['FaultAbort', 'percentage', 'percntage', 'test/web', 'routes[0].fault.abort', (c, k) => service(c, { fault: { abort: { httpStatus: 503, [k]: Percentage.of(10) } as any } })],
  [
    'RequestMirror',
    'percentage',
    'percentag',
    'test/web',
    'routes[0].mirrors[0]',
    (c, k) => service(c, { mirrors: [{ backend: Backend.fromServiceName('shadow', { port: 80, portName: 'http' }), [k]: Percentage.of(5) } as any] }),
  ],
  ['DirectResponse', 'body', 'bdy', 'test/web', 'routes[0].directResponse', (c, k) => service(c, { directResponse: { status: 200, [k]: 'x' } as any })],
  ['WeightedBackend', 'weight', 'wieght', 'test/web', 'routes[0].backends[0]', (c, k) => service(c, { backends: [{ backend: Backend.fromServiceName('other', { port: 80, portName: 'http' }), [k]: 100 } as any] })],
  ['ServiceNameBackendOptions', 'namespace', 'namepsace', 'Backend.fromServiceName', 'options', (c, k) => serviceTo(c, Backend.fromServiceName('s', { port: 80, portName: 'http', [k]: 'default' }))],
  ['ServiceBackendOptions', 'port', 'prot', 'Backend.fromService', 'options', (c, k) => serviceTo(c, Backend.fromService(serviceLike, { [k]: 80 }))],
  [
    'ObjectMetadata',
    'labels',
    'label',
    'test/web',
    'metadata',
    (c, k) => new ExposedService(c, 'web', { gateway: new IngressGateway(c, 'gw'), backend: new HttpbinApp(c, 'httpbin'), hosts: [HOST], metadata: { [k]: { team: 'a' } } }),
  ],
  ['GatewayApiOptions', 'gatewayClassName', 'gatewayClasName', 'test/gw', 'api', (c, k) => gateway(c, { api: IngressApi.gatewayApi({ [k]: 'istio' }) })],
  ['KubernetesIngressOptions', 'ingressClassName', 'ingresClassName', 'test/gw', 'api', (c, k) => gateway(c, { api: IngressApi.kubernetesIngress({ [k]: 'istio' }) })],
  ['BundledProxyOptions', 'replicas', 'replica', 'test/gw', 'proxy', (c, k) => gateway(c, { proxy: GatewayProxy.bundled({ [k]: 2 }) })],
  ['ProxyAutoscaling', 'maxReplicas', 'maxReplica', 'test/gw', 'proxy.autoscaling', (c, k) => gateway(c, { proxy: GatewayProxy.bundled({ autoscaling: { [k]: 3 } }) })],
  ['ProxyDisruptionBudget', 'minAvailable', 'minAvailble', 'test/gw', 'proxy.podDisruptionBudget', (c, k) => gateway(c, { proxy: GatewayProxy.bundled({ podDisruptionBudget: { [k]: 1 } }) })],
  ['ProxyNetworkPolicy', 'sourceCidrs', 'sourceCidr', 'test/gw', 'proxy.networkPolicy', (c, k) => gateway(c, { proxy: GatewayProxy.bundled({ networkPolicy: { [k]: ['10.0.0.0/8'] } }) })],
  [
    'ExistingProxyOptions',
    'serviceName',
    'serviceNam',
    'test/gw',
    'proxy',
    (c, k) => gateway(c, { proxy: GatewayProxy.existing({ selector: { istio: 'ingressgateway' }, [k]: 'istio-ingressgateway' } as any) }),
  ],
  ['ContainerResources', 'memory', 'memry', 'test/httpbin', 'resources', (c, k) => new HttpbinApp(c, 'httpbin', { resources: { [k]: { limit: Size.mebibytes(64) } } })],
  ['CpuResources', 'limit', 'limt', 'test/httpbin', 'resources.cpu', (c, k) => new HttpbinApp(c, 'httpbin', { resources: { cpu: { request: kplus.Cpu.millis(10), [k]: kplus.Cpu.millis(100) } } })],
  ['MemoryResources', 'request', 'requst', 'test/gw', 'proxy.resources.memory', (c, k) => gateway(c, { proxy: GatewayProxy.bundled({ resources: { memory: { [k]: Size.mebibytes(256) } } }) })],
  ['EphemeralStorageResources', 'limit', 'limt', 'test/httpbin', 'resources.ephemeralStorage', (c, k) => new HttpbinApp(c, 'httpbin', { resources: { ephemeralStorage: { [k]: Size.gibibytes(1) } } })],
  ['SecretNameOptions', 'namespace', 'namepsace', 'test/tls', 'certificate', (c, k) => tls(c, { certificate: CertificateSource.fromSecretName('cred', { [k]: PROXY_NAMESPACE }) })],
  [
    'PemCertificateOptions',
    'secretName',
    'secretNam',
    'test/tls',
    'certificate',
    (c, k) => tls(c, { certificate: CertificateSource.fromPem({ certificate: fixtures.serverPem.certificate, privateKey: fixtures.serverPem.privateKey, [k]: 'a-credential' }) }),
  ],
  [
    'PemFilesOptions',
    'privateKeyFile',
    'privateKeyFil',
    'test/tls',
    'certificate',
    (c, k) => tls(c, { certificate: CertificateSource.fromPemFiles({ certificateFile: fixtures.certificateFile, [k]: fixtures.privateKeyFile } as any) }),
  ],
  [
    'CertManagerOptions',
    'renewBefore',
    'renewBefor',
    'test/tls',
    'certificate',
    (c, k) => tls(c, { certificate: CertificateSource.fromCertManager({ issuer: CertManagerIssuer.clusterIssuer('letsencrypt'), [k]: Duration.days(10) }) }),
  ],
  [
    'CaNameOptions',
    'namespace',
    'namespce',
    'test/tls',
    'clientCa',
    (c, k) => tls(c, { mode: TlsMode.MUTUAL, certificate: CertificateSource.fromSecretName('cred'), clientCa: ClientCertificateAuthority.fromSecretName('ca', { [k]: PROXY_NAMESPACE }) }),
  ],
  ['GatewayImportOptions', 'clusterDomain', 'clusterDomian', 'test/shared', '', (c, k) => IngressGateway.fromGatewayName(c, 'shared', { name: 'shared', namespace: 'infra', [k]: 'cluster.local' } as any)],
  [
    'GatewayListener',
    'hostname',
    'hostnme',
    'test/shared',
    'listeners[0]',
    (c, k) => IngressGateway.fromGatewayName(c, 'shared', { name: 'shared', namespace: 'infra', listeners: [{ port: 8080, [k]: '*.example.com' }] }),
  ],
  ['IngressOperatorProps', 'replicas', 'replica', 'test/op', '', (c, k) => new IngressOperator(c, 'op', { image: 'example.com/hook:1', [k]: 2 } as any)],
];

/** Builds the constructs in a fresh app and synthesises it, as `cdk8s synth` does. */
function synthesise(build: Build, key: string): string {
  const app = new App();
  build(new Chart(app, 'test'), key);
  return app.synthYaml();
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('a misspelt key in a nested options object is refused, naming the construct, the field path and the key meant', () => {
  test.each(cases)('%s', (_type, right, wrong, constructPath, at, build) => {
    expect(() => synthesise(build, right)).not.toThrow();

    const field = at === '' ? wrong : `${at}.${wrong}`;
    const error = validationError(() => synthesise(build, wrong));
    expect(error.constructPath).toBe(constructPath);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(new RegExp(`^\\[${escape(constructPath)}\\] ${escape(field)}: is not a prop of this object; known: .*\\b${right}\\b.* \\(did you mean ${right}\\?\\)$`));
  });

  test('a key too far from every known one gets no suggestion, but the list of known keys', () => {
    const build: Build = (c, k) => service(c, { mirrors: [{ backend: Backend.fromServiceName('shadow', { port: 80, portName: 'http' }), [k]: Percentage.of(5) } as any] });
    const error = validationError(() => synthesise(build, 'percnt'));
    expect(error.message).toBe('[test/web] routes[0].mirrors[0].percnt: is not a prop of this object; known: backend, percentage');
  });

  test('an unknown key left undefined is ignored (a spread of optional settings)', () => {
    expect(() => synthesise((c) => service(c, { retries: { attempts: 3, perTryTimout: undefined } as any, directResponse: undefined }), '')).not.toThrow();
    expect(() => synthesise((c) => serviceTo(c, Backend.fromServiceName('s', { port: 80, portName: 'http', namepsace: undefined } as any)), '')).not.toThrow();
  });
});
