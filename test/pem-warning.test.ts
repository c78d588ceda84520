import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { CertificateSource, CertManagerIssuer, ExposedService, HttpbinApp, IngressGateway, TlsIngress } from '../src';
import { Ca, createCa, createLeaf, Pem } from '../scripts/test-certs';
import { newChart, synth } from './support/synth';

// A PEM certificate source writes the private key into the manifests: each
// TlsIngress using one warns once, on stderr, through a Node.js process
// warning that names the construct path and can be disabled by its code.
// (scripts/check-package.mjs checks the same from a consumer's app, as a real
// subprocess, with and without --disable-warning.)

let ca: Ca;
let server: Pem;
beforeAll(async () => {
  ca = await createCa();
  server = await createLeaf(ca, { hosts: ['httpbin.example.com'] });
});

function tlsWith(certificate: CertificateSource): void {
  const chart = newChart();
  const gateway = new IngressGateway(chart, 'gw');
  new TlsIngress(chart, 'httpbin-tls', { gateway, hosts: ['httpbin.example.com'], certificate });
  new ExposedService(chart, 'httpbin-route', { name: 'httpbin', gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['httpbin.example.com'] });
  synth(chart);
  synth(chart);
}

describe('the warning for a private key in the manifests', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  test('CertificateSource.fromPem(): once per TlsIngress, with its path, the Secret and the alternatives', () => {
    tlsWith(CertificateSource.fromPem({ certificate: server.certificate, privateKey: server.privateKey }));
    expect(warn.mock.calls).toStrictEqual([
      [
        '[test/httpbin-tls] certificate: the private key is written into Secret istio-ingress/httpbin-tls-credential of the synthesised manifests (dist/ with cdk8s synth); ' +
          'keep them out of version control, or use CertificateSource.fromSecretName() or .fromCertManager() (silence: NODE_OPTIONS=--disable-warning=CDK8S_ISTIO_INGRESS_PEM_KEY)',
        { code: 'CDK8S_ISTIO_INGRESS_PEM_KEY' },
      ],
    ]);
  });

  test('CertificateSource.fromPemFiles(): the same', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pem-warning-'));
    writeFileSync(join(dir, 'tls.crt'), server.certificate);
    writeFileSync(join(dir, 'tls.key'), server.privateKey);
    tlsWith(CertificateSource.fromPemFiles({ certificateFile: join(dir, 'tls.crt'), privateKeyFile: join(dir, 'tls.key'), secretName: 'httpbin-credential' }));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/^\[test\/httpbin-tls\] certificate: the private key is written into Secret istio-ingress\/httpbin-credential /);
  });

  test.each([
    ['a Secret name', () => CertificateSource.fromSecretName('httpbin-credential')],
    ['cert-manager', () => CertificateSource.fromCertManager({ issuer: CertManagerIssuer.selfSigned() })],
  ])('no warning for %s (no key in the manifests)', (_what, source) => {
    tlsWith(source());
    expect(warn).not.toHaveBeenCalled();
  });
});

