import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { HttpbinIstioApi } from '../../../examples/istio-api';
import { CertificateSource, ExposedService, HttpbinApp, IngressGateway, TlsIngress } from 'cdk8s-istio-ingress';
import { IngressDeployment } from '../src';
import { createCa, createLeaf } from '../../../scripts/test-certs';
import { plainChart } from './support/charts';
import { isSecretInput, mockCluster, plain, registered, Registration, settle } from './support/mocks';

afterAll(settle);

/** A chart with a TLS Secret as cdk8s renders it: key material it knows, and a placeholder for what only Pulumi has. */
function tlsChart(): Chart {
  const chart = new Chart(new App(), 'tls');
  new kplus.Secret(chart, 'tls', {
    metadata: { name: 'httpbin-tls', namespace: 'istio-ingress' },
    type: 'kubernetes.io/tls',
    stringData: { 'tls.crt': 'CERTIFICATE', 'tls.key': 'placeholder' },
  });
  return chart;
}

/** A chart with the Opaque Secret `default/creds` holding `data`. */
function opaqueSecretChart(data: Record<string, string>): Chart {
  return plainChart([{ apiVersion: 'v1', kind: 'Secret', name: 'creds', namespace: 'default', fields: { data } }]);
}

function secretRegistration(registrations: Registration[]): Registration {
  return registrations.find((r) => r.type === 'kubernetes:core/v1:Secret')!;
}

describe('IngressDeployment: Secrets', () => {
  let registrations: Registration[];
  beforeEach(async () => {
    registrations = await mockCluster();
  });

  test('a Secret\'s key material is sent as a secret and its data are secret outputs', async () => {
    const deployment = new IngressDeployment('tls', { charts: [tlsChart()] });
    const secret = deployment.resources['Secret/istio-ingress/httpbin-tls'] as k8s.core.v1.Secret;
    await registered(Object.values(deployment.resources));
    const registration = secretRegistration(registrations);
    expect(isSecretInput(registration.inputs.stringData)).toBe(true);
    expect(plain(registration.inputs.stringData)).toStrictEqual({ 'tls.crt': 'CERTIFICATE', 'tls.key': 'placeholder' });
    expect(registration.additionalSecretOutputs).toStrictEqual(['data', 'stringData']);
    expect(await pulumi.isSecret(secret.stringData)).toBe(true);
  });

  test('secretValues set keys from Pulumi outputs as stringData, replacing the chart\'s values', async () => {
    const chart = tlsChart();
    const deployment = new IngressDeployment('tls', {
      charts: [chart],
      secretValues: { 'istio-ingress/httpbin-tls': { 'tls.key': pulumi.secret('PRIVATE KEY'), 'ca.crt': 'CA' } },
    });
    await registered(Object.values(deployment.resources));
    const registration = secretRegistration(registrations);
    expect(isSecretInput(registration.inputs.stringData)).toBe(true);
    expect(plain(registration.inputs)).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'httpbin-tls', namespace: 'istio-ingress' },
      type: 'kubernetes.io/tls',
      immutable: false,
      stringData: { 'tls.crt': 'CERTIFICATE', 'tls.key': 'PRIVATE KEY', 'ca.crt': 'CA' },
    });
    expect(JSON.stringify(chart.toJson())).not.toContain('PRIVATE KEY');
  });

  test('secretValues replace the same keys of data, and keep the others', async () => {
    const chart = opaqueSecretChart({ user: 'YWRtaW4=', password: 'cGxhY2Vob2xkZXI=' });
    const deployment = new IngressDeployment('creds', { charts: [chart], secretValues: { 'default/creds': { password: pulumi.secret('s3cret') } } });
    await registered(Object.values(deployment.resources));
    const { inputs } = secretRegistration(registrations);
    expect(isSecretInput(inputs.data)).toBe(true);
    expect(plain(inputs.data)).toStrictEqual({ user: 'YWRtaW4=' });
    expect(plain(inputs.stringData)).toStrictEqual({ password: 's3cret' });
  });

  test('a Secret whose every data key is replaced has no data', async () => {
    const chart = opaqueSecretChart({ password: 'cGxhY2Vob2xkZXI=' });
    const deployment = new IngressDeployment('creds', { charts: [chart], secretValues: { 'default/creds': { password: pulumi.secret('s3cret') } } });
    await registered(Object.values(deployment.resources));
    const { inputs } = secretRegistration(registrations);
    expect(inputs.data).toBeUndefined();
    expect(plain(inputs.stringData)).toStrictEqual({ password: 's3cret' });
  });

  test('fails for a Secret the charts do not create, listing those they do, before registering anything', () => {
    expect(() => new IngressDeployment('tls', { charts: [tlsChart()], secretValues: { 'default/httpbin-tls': { 'tls.key': 'x' } } })).toThrow(
      '[IngressDeployment tls] secretValues["default/httpbin-tls"]: there is no Secret "default/httpbin-tls" in the charts ' +
        '(the charts create: istio-ingress/httpbin-tls); name a Secret as "<namespace>/<name>"',
    );
    expect(() => new IngressDeployment('none', { charts: [new HttpbinIstioApi(new App(), 'httpbin')], secretValues: { 'default/tls': {} } })).toThrow(
      /secretValues\["default\/tls"\]: there is no Secret "default\/tls" in the charts \(the charts create no Secret\)/,
    );
    expect(registrations).toStrictEqual([]);
  });
});

describe('IngressDeployment: TLS credentials generated by TlsIngress', () => {
  test('the kubernetes.io/tls Secret made from PEM material is registered with its key material secret', async () => {
    const registrations = await mockCluster();
    const ca = await createCa();
    const server = await createLeaf(ca, { hosts: ['httpbin.example.com'] });
    const chart = new Chart(new App(), 'tls');
    const gateway = new IngressGateway(chart, 'gw');
    new TlsIngress(chart, 'httpbin-tls', {
      gateway,
      hosts: ['httpbin.example.com'],
      certificate: CertificateSource.fromPem({ certificate: server.certificate, privateKey: server.privateKey }),
    });
    new ExposedService(chart, 'httpbin-route', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['httpbin.example.com'] });
    const deployment = new IngressDeployment('tls', { charts: [chart] });
    await registered(Object.values(deployment.resources));
    const registration = secretRegistration(registrations);
    expect(registration.inputs.metadata).toStrictEqual({ name: 'httpbin-tls-credential', namespace: 'istio-ingress' });
    expect(isSecretInput(registration.inputs.data)).toBe(true);
    expect(Buffer.from(plain(registration.inputs.data)['tls.key'], 'base64').toString()).toBe(server.privateKey);
    expect(registration.additionalSecretOutputs).toStrictEqual(['data', 'stringData']);
  });
});
