import {
  Backend,
  CertificateSource,
  CertManagerIssuer,
  ExposedService,
  HttpbinApp,
  IngressApi,
  IngressGateway,
  IngressOperator,
  TlsIngress,
} from '../src';
import { newChart, ofKind, only, synth } from './support/synth';

const metadata = { labels: { team: 'shop' }, annotations: { 'example.com/owner': 'shop@example.com' } };

describe('metadata: labels and annotations on what each construct emits', () => {
  test('IngressGateway: on the Gateway object, not on the proxy objects', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw', { metadata });
    new ExposedService(chart, 'web', { gateway, backend: Backend.fromServiceName('web', { namespace: 'default', port: 80, portName: 'http' }), hosts: ['a.example.com'] });

    const objects = synth(chart);
    expect(only(objects, 'Gateway').metadata).toStrictEqual({ name: 'gw', namespace: 'istio-ingress', ...metadata });
    expect(only(objects, 'Deployment').metadata.labels.team).toBeUndefined();
  });

  test('IngressGateway with Kubernetes Ingress: on the IngressClass', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw', { api: IngressApi.kubernetesIngress(), metadata });
    new ExposedService(chart, 'web', { gateway, backend: Backend.fromServiceName('web', { namespace: 'default', port: 80, portName: 'http' }), hosts: ['a.example.com'] });

    expect(only(synth(chart), 'IngressClass').metadata).toStrictEqual({ name: 'istio', ...metadata });
  });

  test('the deprecated labels and annotations props still apply; metadata wins where both set a key', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw', { labels: { team: 'old', tier: 'edge' }, annotations: { a: '1' }, metadata: { labels: { team: 'new' } } });
    new ExposedService(chart, 'web', { gateway, backend: Backend.fromServiceName('web', { namespace: 'default', port: 80, portName: 'http' }), hosts: ['a.example.com'] });

    expect(only(synth(chart), 'Gateway').metadata).toStrictEqual({ name: 'gw', namespace: 'istio-ingress', labels: { team: 'new', tier: 'edge' }, annotations: { a: '1' } });
  });

  test('ExposedService: on its route object and its ReferenceGrants', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw', { namespace: 'default', api: IngressApi.gatewayApi() });
    new ExposedService(chart, 'web', {
      gateway,
      namespace: 'default',
      backend: Backend.fromServiceName('web', { namespace: 'shop', port: 80, portName: 'http' }),
      hosts: ['a.example.com'],
      metadata,
    });

    const objects = synth(chart);
    expect(only(objects, 'HTTPRoute').metadata).toStrictEqual({ name: 'web', namespace: 'default', ...metadata });
    expect(only(objects, 'ReferenceGrant').metadata).toStrictEqual({ name: 'default.web', namespace: 'shop', ...metadata });
    expect(only(objects, 'Gateway').metadata.labels).toBeUndefined();
  });

  test('TlsIngress: on the objects it generates', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw', { namespace: 'default', api: IngressApi.gatewayApi() });
    new TlsIngress(chart, 'tls', {
      gateway,
      hosts: ['a.example.com'],
      certificate: CertificateSource.fromCertManager({ issuer: CertManagerIssuer.selfSigned() }),
      metadata,
    });
    new ExposedService(chart, 'web', { gateway, backend: Backend.fromServiceName('web', { port: 80, portName: 'http' }), hosts: ['a.example.com'] });

    const objects = synth(chart);
    for (const kind of ['Issuer', 'Certificate']) expect(only(objects, kind).metadata).toMatchObject(metadata);
    expect(ofKind(objects, 'HTTPRoute').find((o) => o.metadata.name === 'tls-https-redirect')!.metadata).toMatchObject(metadata);
  });

  test('HttpbinApp: on its objects, not on its pods (whose labels select them)', () => {
    const chart = newChart();
    new HttpbinApp(chart, 'httpbin', { metadata });

    const objects = synth(chart);
    for (const kind of ['ServiceAccount', 'Service', 'Deployment']) {
      expect(only(objects, kind).metadata.labels).toMatchObject(metadata.labels);
      expect(only(objects, kind).metadata.annotations).toStrictEqual(metadata.annotations);
    }
    expect(only(objects, 'Deployment').spec.template.metadata.labels).toStrictEqual({ app: 'httpbin', version: 'v1' });
    expect(only(objects, 'Service').metadata.labels).toStrictEqual({ team: 'shop', app: 'httpbin', service: 'httpbin' });
  });

  test.each([
    [{ labels: { 'bad key!': 'x' } }, /\[test\/web\] metadata\.labels\["bad key!"\]: the label name "bad key!" must be at most 63 characters/],
    [{ labels: { team: 'a b' } }, /\[test\/web\] metadata\.labels\["team"\]: the label value "a b" must be empty or at most 63 characters/],
    [{ annotations: { a: 1 } }, /\[test\/web\] metadata\.annotations\["a"\]: the annotation value 1 must be a string \(quote numbers and booleans\)/],
    [{ annotations: { big: 'x'.repeat(300 * 1024) } }, /\[test\/web\] metadata\.annotations: the annotations take 307203 bytes; the API server accepts at most 262144 \(256 KiB\) per object/],
    ['team=shop', /\[test\/web\] metadata: expected ObjectMetadata \(\{ labels, annotations \}\) \(an object\), received "team=shop"/],
  ])('fails for invalid metadata %#', (value, error) => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw');
    expect(
      () => new ExposedService(chart, 'web', { gateway, backend: Backend.fromServiceName('web', { namespace: 'default', port: 80, portName: 'http' }), hosts: ['a.example.com'], metadata: value as never }),
    ).toThrow(error);
  });
});

describe('metadata on the operator install', () => {
  test('IngressOperator: on every object, not on the hook pods', () => {
    const chart = newChart();
    new IngressOperator(chart, 'operator', { image: 'registry.example.com/cdk8s-istio-ingress:1.0.0', metadata });
    const objects = synth(chart);
    expect(objects.length).toBeGreaterThan(8);
    for (const object of objects) {
      expect(object.metadata.labels).toMatchObject(metadata.labels);
      expect(object.metadata.annotations).toStrictEqual(metadata.annotations);
    }
    expect(only(objects, 'Deployment').spec.template.metadata.labels.team).toBeUndefined();
  });
});
