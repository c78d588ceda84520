import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { X509Certificate } from 'crypto';
import { validateGateway } from 'cdk8s-istio-ingress/model';
import { Chart, Duration } from 'cdk8s';
import {
  Backend,
  CertificateSource,
  CertManagerIssuer,
  ClientCertificateAuthority,
  ExposedService,
  HttpbinApp,
  IngressApi,
  IngressGateway,
  IngressGatewayProps,
  TlsIngress,
  TlsIngressProps,
  TlsMode,
  TlsVersion,
  ValidationError,
} from '../src';
import { Ca, createCa, createLeaf, Pem } from '../scripts/test-certs';
import { credentialTlsSource, gatewayModel } from './support/models';
import { Manifest, newChart, ofKind, only, synth } from './support/synth';

let ca: Ca;
let server: Pem;
let expired: Pem;
let wrongHost: Pem;

beforeAll(async () => {
  ca = await createCa();
  server = await createLeaf(ca, { hosts: ['httpbin.example.com'] });
  expired = await createLeaf(ca, { hosts: ['httpbin.example.com'], notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01') });
  wrongHost = await createLeaf(ca, { hosts: ['other.example.com'] });
});

const decode = (value: string) => Buffer.from(value, 'base64').toString('utf8');

/** A chart with a gateway, httpbin exposed on httpbin.example.com, and one TlsIngress. */
function secured(tls: Omit<TlsIngressProps, 'gateway' | 'hosts'> & { hosts?: string[] }, gatewayProps: IngressGatewayProps = {}): { chart: Chart; objects: Manifest[] } {
  const chart = newChart();
  const gateway = new IngressGateway(chart, 'gw', gatewayProps);
  new TlsIngress(chart, 'httpbin-tls', { gateway, hosts: ['httpbin.example.com'], ...tls });
  new ExposedService(chart, 'httpbin-ingress', { name: 'httpbin', gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['httpbin.example.com'] });
  return { chart, objects: synth(chart) };
}

const gatewayApi: IngressGatewayProps = { namespace: 'default', api: IngressApi.gatewayApi() };

describe('TlsIngress with the Istio API', () => {
  test('simple TLS: an HTTPS server with the credential and TLS 1.2 minimum, HTTP redirected to HTTPS', () => {
    const { objects } = secured({ certificate: CertificateSource.fromSecretName('httpbin-credential') });
    expect(only(objects, 'Gateway').spec.servers).toStrictEqual([
      { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['httpbin.example.com'], tls: { httpsRedirect: true } },
      {
        port: { number: 443, name: 'https', protocol: 'HTTPS' },
        hosts: ['httpbin.example.com'],
        tls: { mode: 'SIMPLE', credentialName: 'httpbin-credential', minProtocolVersion: 'TLSV1_2' },
      },
    ]);
    // The VirtualService binds to the whole gateway, so its routes serve HTTPS as they are.
    expect(only(objects, 'VirtualService').spec.gateways).toStrictEqual(['istio-ingress/gw']);
    expect(only(objects, 'Service', 'istio-ingressgateway').spec.ports.map((p: { port: number }) => p.port)).toStrictEqual([15021, 80, 443]);
  });

  test('the redirect can be turned off', () => {
    const { objects } = secured({ certificate: CertificateSource.fromSecretName('httpbin-credential'), httpsRedirect: false });
    expect(only(objects, 'Gateway').spec.servers[0]).toStrictEqual({ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['httpbin.example.com'] });
  });

  test('text outside the PEM blocks is kept as given: openssl writes "Bag Attributes" and "subject=" lines before them, and Go\'s pem.Decode (which istiod reads credentials with) skips it', () => {
    const certificate = `Bag Attributes\n    friendlyName: httpbin\nsubject=CN = httpbin.example.com\n${server.certificate}trailing note\n`;
    const { objects } = secured({ certificate: CertificateSource.fromPem({ certificate, privateKey: server.privateKey }) });
    expect(decode(only(objects, 'Secret').data['tls.crt'])).toBe(certificate);
  });

  test('PEM material becomes a kubernetes.io/tls Secret in the proxy namespace', () => {
    const { objects } = secured({ certificate: CertificateSource.fromPem({ certificate: server.certificate, privateKey: server.privateKey }) });
    const secret = only(objects, 'Secret');
    expect(secret.metadata).toStrictEqual({ name: 'httpbin-tls-credential', namespace: 'istio-ingress' });
    expect(secret.type).toBe('kubernetes.io/tls');
    expect(Object.keys(secret.data).sort()).toStrictEqual(['tls.crt', 'tls.key']);
    expect(decode(secret.data['tls.crt'])).toBe(server.certificate);
    expect(decode(secret.data['tls.key'])).toBe(server.privateKey);
    expect(only(objects, 'Gateway').spec.servers[1].tls.credentialName).toBe('httpbin-tls-credential');
  });

  test('PEM files are read and checked the same way', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tls-'));
    writeFileSync(join(dir, 'tls.crt'), server.certificate);
    writeFileSync(join(dir, 'tls.key'), server.privateKey);
    const { objects } = secured({
      certificate: CertificateSource.fromPemFiles({ certificateFile: join(dir, 'tls.crt'), privateKeyFile: join(dir, 'tls.key'), secretName: 'httpbin-credential' }),
    });
    expect(decode(only(objects, 'Secret', 'httpbin-credential').data['tls.crt'])).toBe(server.certificate);
  });

  test('mutual TLS with PEM material puts ca.crt into the credential Secret', () => {
    const { objects } = secured({
      mode: TlsMode.MUTUAL,
      certificate: CertificateSource.fromPem({ certificate: server.certificate, privateKey: server.privateKey }),
      clientCa: ClientCertificateAuthority.fromPem(ca.certificate),
    });
    expect(Object.keys(only(objects, 'Secret').data).sort()).toStrictEqual(['ca.crt', 'tls.crt', 'tls.key']);
    expect(decode(only(objects, 'Secret').data['ca.crt'])).toBe(ca.certificate);
    expect(only(objects, 'Gateway').spec.servers[1].tls).toStrictEqual({ mode: 'MUTUAL', credentialName: 'httpbin-tls-credential', minProtocolVersion: 'TLSV1_2' });
  });

  test.each([['Istio API', {}], ['Gateway API', gatewayApi]] as const)('a Symbol as the PEM Secret name of mutual TLS is the certificate\'s ValidationError, not a TypeError (%s)', (_api, gatewayProps) => {
    const certificate = CertificateSource.fromPem({ certificate: server.certificate, privateKey: server.privateKey, secretName: Symbol('junk') as any });
    expect(() => secured({ mode: TlsMode.MUTUAL, certificate, clientCa: ClientCertificateAuthority.fromPem(ca.certificate) }, gatewayProps)).toThrow(
      /^\[test\/httpbin-tls\] certificate\.secretName: Symbol\(junk\) /,
    );
  });

  test('mutual TLS with an existing certificate stores the CA beside it and names it caCertCredentialName', () => {
    const { objects } = secured({
      mode: TlsMode.OPTIONAL_MUTUAL,
      certificate: CertificateSource.fromSecretName('httpbin-credential'),
      clientCa: ClientCertificateAuthority.fromPem(ca.certificate),
    });
    const caSecret = only(objects, 'Secret');
    expect(caSecret.metadata).toStrictEqual({ name: 'httpbin-credential-cacert', namespace: 'istio-ingress' });
    expect(decode(caSecret.data['ca.crt'])).toBe(ca.certificate);
    expect(only(objects, 'Gateway').spec.servers[1].tls).toStrictEqual({
      mode: 'OPTIONAL_MUTUAL',
      credentialName: 'httpbin-credential',
      caCertCredentialName: 'httpbin-credential-cacert',
      minProtocolVersion: 'TLSV1_2',
    });
  });

  test('mutual TLS can read ca.crt from the certificate Secret itself', () => {
    const { objects } = secured({
      mode: TlsMode.MUTUAL,
      certificate: CertificateSource.fromSecretName('httpbin-credential'),
      clientCa: ClientCertificateAuthority.fromCertificateSecret(),
    });
    expect(ofKind(objects, 'Secret')).toHaveLength(0);
    expect(only(objects, 'Gateway').spec.servers[1].tls).toStrictEqual({ mode: 'MUTUAL', credentialName: 'httpbin-credential', minProtocolVersion: 'TLSV1_2' });
  });

  test('two hosts with two certificates get one HTTPS server each, with distinct port names', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw');
    new TlsIngress(chart, 'a', { gateway, hosts: ['a.example.com'], certificate: CertificateSource.fromSecretName('a-credential') });
    new TlsIngress(chart, 'b', { gateway, hosts: ['b.example.com'], certificate: CertificateSource.fromSecretName('b-credential') });
    const httpbin = new HttpbinApp(chart, 'httpbin');
    new ExposedService(chart, 'ea', { gateway, backend: httpbin, hosts: ['a.example.com'] });
    new ExposedService(chart, 'eb', { gateway, backend: httpbin, hosts: ['b.example.com'] });
    const servers = only(synth(chart), 'Gateway').spec.servers;
    expect(servers.map((s: { port: { name: string }; hosts: string[]; tls: { credentialName?: string } }) => [s.port.name, s.hosts, s.tls.credentialName])).toStrictEqual([
      ['http', ['a.example.com', 'b.example.com'], undefined],
      ['https-a', ['a.example.com'], 'a-credential'],
      ['https-b', ['b.example.com'], 'b-credential'],
    ]);
  });

  test('passthrough: a TLS server and a VirtualService routing by SNI to the backend', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw');
    new TlsIngress(chart, 'nginx', {
      gateway,
      hosts: ['nginx.example.com'],
      mode: TlsMode.PASSTHROUGH,
      httpsRedirect: false,
      backend: Backend.fromServiceName('my-nginx', { namespace: 'default', port: 443, portName: 'https' }),
    });
    const objects = synth(chart);
    expect(only(objects, 'Gateway').spec.servers).toStrictEqual([
      { port: { number: 443, name: 'tls', protocol: 'TLS' }, hosts: ['nginx.example.com'], tls: { mode: 'PASSTHROUGH' } },
    ]);
    expect(only(objects, 'VirtualService')).toStrictEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'nginx', namespace: 'default' },
      spec: {
        hosts: ['nginx.example.com'],
        gateways: ['istio-ingress/gw'],
        tls: [{ match: [{ port: 443, sniHosts: ['nginx.example.com'] }], route: [{ destination: { host: 'my-nginx.default.svc.cluster.local', port: { number: 443 } } }] }],
      },
    });
  });

  test('cert-manager: a Certificate for the hosts in the proxy namespace, issued by a self-signed Issuer or a named issuer', () => {
    const { objects } = secured({ certificate: CertificateSource.fromCertManager({ issuer: CertManagerIssuer.selfSigned(), duration: Duration.days(30) }) });
    expect(only(objects, 'Issuer')).toStrictEqual({
      apiVersion: 'cert-manager.io/v1',
      kind: 'Issuer',
      metadata: { name: 'httpbin-tls-credential-selfsigned', namespace: 'istio-ingress' },
      spec: { selfSigned: {} },
    });
    expect(only(objects, 'Certificate')).toStrictEqual({
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'httpbin-tls-credential', namespace: 'istio-ingress' },
      spec: {
        secretName: 'httpbin-tls-credential',
        dnsNames: ['httpbin.example.com'],
        issuerRef: { group: 'cert-manager.io', kind: 'Issuer', name: 'httpbin-tls-credential-selfsigned' },
        duration: '720h',
        privateKey: { rotationPolicy: 'Always' },
      },
    });
    const named = secured({ certificate: CertificateSource.fromCertManager({ issuer: CertManagerIssuer.clusterIssuer('letsencrypt'), secretName: 'httpbin-credential' }) }).objects;
    expect(ofKind(named, 'Issuer')).toHaveLength(0);
    expect(only(named, 'Certificate').spec.issuerRef).toStrictEqual({ group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'letsencrypt' });
  });

  test('a higher minimum version and chosen cipher suites render on the server', () => {
    const { objects } = secured({
      certificate: CertificateSource.fromSecretName('httpbin-credential'),
      minProtocolVersion: TlsVersion.TLS_1_3,
      cipherSuites: ['ECDHE-ECDSA-AES256-GCM-SHA384'],
    });
    expect(only(objects, 'Gateway').spec.servers[1].tls).toMatchObject({ minProtocolVersion: 'TLSV1_3', cipherSuites: ['ECDHE-ECDSA-AES256-GCM-SHA384'] });
  });
});

describe('TlsIngress with the Gateway API', () => {
  test('simple TLS: an HTTPS listener with the certificate, a redirect route on the HTTP listener, the routes on HTTPS only', () => {
    const { objects } = secured({ certificate: CertificateSource.fromSecretName('httpbin-credential') }, gatewayApi);
    expect(only(objects, 'Gateway').spec.listeners).toStrictEqual([
      { name: 'http', hostname: 'httpbin.example.com', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } },
      {
        name: 'https',
        hostname: 'httpbin.example.com',
        port: 443,
        protocol: 'HTTPS',
        tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'httpbin-credential' }] },
        allowedRoutes: { namespaces: { from: 'Same' } },
      },
    ]);
    expect(only(objects, 'HTTPRoute', 'httpbin-tls-https-redirect').spec).toStrictEqual({
      parentRefs: [{ name: 'gw', sectionName: 'http' }],
      hostnames: ['httpbin.example.com'],
      rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
    });
    expect(only(objects, 'HTTPRoute', 'httpbin').spec.parentRefs).toStrictEqual([{ name: 'gw', sectionName: 'https' }]);
  });

  test('without the redirect the routes serve both HTTP and HTTPS', () => {
    const { objects } = secured({ certificate: CertificateSource.fromSecretName('httpbin-credential'), httpsRedirect: false }, gatewayApi);
    expect(ofKind(objects, 'HTTPRoute').map((r) => r.metadata.name)).toStrictEqual(['httpbin']);
    expect(only(objects, 'HTTPRoute').spec.parentRefs).toStrictEqual([{ name: 'gw' }]);
  });

  test('mutual TLS validates client certificates on the port with a CA ConfigMap created from PEM', () => {
    const { objects } = secured(
      { mode: TlsMode.MUTUAL, certificate: CertificateSource.fromSecretName('httpbin-credential'), clientCa: ClientCertificateAuthority.fromPem(ca.certificate) },
      gatewayApi,
    );
    expect(only(objects, 'ConfigMap')).toStrictEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'httpbin-credential-ca', namespace: 'default' },
      data: { 'ca.crt': ca.certificate },
    });
    expect(only(objects, 'Gateway').spec.tls).toStrictEqual({
      frontend: { default: {}, perPort: [{ port: 443, tls: { validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'httpbin-credential-ca' }] } } }] },
    });
  });

  test('optional mutual TLS falls back to accepting clients without certificates', () => {
    const { objects } = secured(
      { mode: TlsMode.OPTIONAL_MUTUAL, certificate: CertificateSource.fromSecretName('httpbin-credential'), clientCa: ClientCertificateAuthority.fromConfigMapName('client-ca') },
      gatewayApi,
    );
    expect(only(objects, 'Gateway').spec.tls.frontend.perPort[0].tls.validation).toStrictEqual({
      caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'client-ca' }],
      mode: 'AllowInsecureFallback',
    });
  });

  test('a certificate in another namespace is granted to the Gateway with a ReferenceGrant', () => {
    const { objects } = secured({ certificate: CertificateSource.fromSecretName('wildcard', { namespace: 'certs' }) }, gatewayApi);
    expect(only(objects, 'Gateway').spec.listeners[1].tls.certificateRefs).toStrictEqual([{ group: '', kind: 'Secret', name: 'wildcard', namespace: 'certs' }]);
    expect(only(objects, 'ReferenceGrant')).toStrictEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'ReferenceGrant',
      metadata: { name: 'default.gw', namespace: 'certs' },
      spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'default' }], to: [{ group: '', kind: 'Secret', name: 'wildcard' }] },
    });
  });

  test('passthrough: a TLS listener and a TLSRoute, with a ReferenceGrant for a backend elsewhere', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw', gatewayApi);
    new TlsIngress(chart, 'nginx', {
      gateway,
      hosts: ['nginx.example.com'],
      mode: TlsMode.PASSTHROUGH,
      httpsRedirect: false,
      namespace: 'default',
      backend: Backend.fromServiceName('my-nginx', { namespace: 'web', port: 443 }),
    });
    const objects = synth(chart);
    expect(only(objects, 'Gateway').spec.listeners).toStrictEqual([
      { name: 'tls', hostname: 'nginx.example.com', port: 443, protocol: 'TLS', tls: { mode: 'Passthrough' }, allowedRoutes: { namespaces: { from: 'Same' } } },
    ]);
    expect(only(objects, 'TLSRoute').spec).toStrictEqual({
      parentRefs: [{ name: 'gw' }],
      hostnames: ['nginx.example.com'],
      rules: [{ backendRefs: [{ name: 'my-nginx', namespace: 'web', port: 443 }] }],
    });
    expect(only(objects, 'ReferenceGrant').spec).toStrictEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'TLSRoute', namespace: 'default' }],
      to: [{ group: '', kind: 'Service', name: 'my-nginx' }],
    });
  });

  test('cert-manager certificates go to the Gateway namespace', () => {
    const { objects } = secured({ certificate: CertificateSource.fromCertManager({ issuer: CertManagerIssuer.issuer('ca-issuer') }) }, gatewayApi);
    expect(only(objects, 'Certificate').metadata.namespace).toBe('default');
  });
});

describe('TlsIngress with Kubernetes Ingress', () => {
  test('spec.tls names the route hosts and the Secret, which lives in the proxy namespace', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw', { api: IngressApi.kubernetesIngress() });
    new TlsIngress(chart, 'tls', { gateway, hosts: ['httpbin.example.com'], certificate: CertificateSource.fromPem({ certificate: server.certificate, privateKey: server.privateKey }) });
    new ExposedService(chart, 'httpbin-ingress', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['httpbin.example.com'] });
    const objects = synth(chart);
    expect(only(objects, 'Ingress').spec.tls).toStrictEqual([{ hosts: ['httpbin.example.com'], secretName: 'tls-credential' }]);
    expect(only(objects, 'Secret').metadata.namespace).toBe('istio-ingress');
    expect(only(objects, 'Ingress').metadata.namespace).toBe('default');
  });
});

describe('TlsIngress errors', () => {
  const pemSource = (pem: Pem) => CertificateSource.fromPem({ certificate: pem.certificate, privateKey: pem.privateKey });
  const attempt = (props: Omit<TlsIngressProps, 'gateway' | 'hosts'> & { hosts?: string[] }, gatewayProps: IngressGatewayProps = {}) => () => secured(props, gatewayProps);

  test('fails for invalid PEM, a foreign key, an expired certificate and a certificate for other hosts, without printing key material', () => {
    const cases: [CertificateSource, RegExp][] = [
      [CertificateSource.fromPem({ certificate: 'not pem', privateKey: server.privateKey }), /certificate: the certificate contains no PEM-encoded certificate block/],
      [CertificateSource.fromPem({ certificate: server.certificate, privateKey: 'garbage' }), /certificate: the private key is not a PEM-encoded private key block/],
      [CertificateSource.fromPem({ certificate: server.certificate, privateKey: wrongHost.privateKey }), /the private key does not belong to the certificate \(their public keys differ\)/],
      [pemSource(expired), /the certificate \(CN=httpbin\.example\.com\) expired on 2021-01-01T00:00:00\.000Z; clients reject it: renew it/],
      [pemSource(wrongHost), /the certificate does not name "httpbin\.example\.com" \(its subjectAltName names: other\.example\.com\); clients would reject it: issue it for these hosts$/],
    ];
    for (const [certificate, message] of cases) {
      let error: Error | undefined;
      try {
        secured({ certificate });
      } catch (e) {
        error = e as Error;
      }
      expect(error?.message).toMatch(message);
      expect(error?.message).toMatch(/^\[test\/httpbin-tls\] certificate: /);
      expect(error?.message).not.toContain('-----');
      for (const line of [...server.privateKey.split('\n'), ...wrongHost.privateKey.split('\n')].filter((l) => l.length > 20 && !l.startsWith('-----'))) {
        expect(error?.message).not.toContain(line.slice(0, 16));
      }
    }
  });

  test('refuses a certificate that names the host only in its Common Name: Go clients and browsers ignore the CN', async () => {
    // GIVEN a server certificate with CN=httpbin.example.com and no subjectAltName (Node's own host check would accept it)
    const cnOnly = await createLeaf(ca, { commonName: 'httpbin.example.com' });
    expect(new X509Certificate(cnOnly.certificate).subjectAltName).toBeUndefined();
    expect(new X509Certificate(cnOnly.certificate).checkHost('httpbin.example.com')).toBe('httpbin.example.com');

    // THEN the TlsIngress is refused, saying why and how to reissue it
    expect(attempt({ certificate: pemSource(cnOnly) })).toThrow(ValidationError);
    expect(attempt({ certificate: pemSource(cnOnly) })).toThrow(
      '[test/httpbin-tls] certificate: the certificate has no DNS name in a subjectAltName (it names "httpbin.example.com" only in its Common Name); ' +
        'Go clients and browsers ignore the Common Name, so they would reject it: reissue it with a subjectAltName for the hosts, ' +
        'e.g. openssl req ... -addext "subjectAltName=DNS:httpbin.example.com"',
    );
  });

  test('the /model entry point refuses the same certificate in a model\'s tls-secret credential', async () => {
    const cnOnly = await createLeaf(ca, { commonName: 'shop.example.com' });
    const model = (certificatePem: string) =>
      gatewayModel({ tls: [credentialTlsSource({ type: 'tls-secret', name: 'shop', namespace: 'edge', certificatePem, privateKeyPem: cnOnly.privateKey })] });
    expect(validateGateway(model(cnOnly.certificate))).toContainEqual({
      source: 'shop/tls',
      field: 'credentials[0].certificatePem',
      message: expect.stringMatching(/^the certificate has no DNS name in a subjectAltName \(it names "shop\.example\.com" only in its Common Name\)/),
    });
    const named = await createLeaf(ca, { hosts: ['shop.example.com'] });
    expect(validateGateway(model(named.certificate)).filter((p) => p.field.startsWith('credentials'))).toStrictEqual([]);
  });

  test('a subjectAltName decides, the Common Name never does, and a wildcard covers one whole label only (Go\'s VerifyHostname)', async () => {
    const otherSanSameCn = await createLeaf(ca, { hosts: ['other.example.com'], commonName: 'httpbin.example.com' });
    expect(attempt({ certificate: pemSource(otherSanSameCn) })).toThrow(/the certificate does not name "httpbin\.example\.com" \(its subjectAltName names: other\.example\.com\)/);
    const partial = await createLeaf(ca, { hosts: ['h*.example.com'] });
    expect(attempt({ certificate: pemSource(partial) })).toThrow(/the certificate does not name "httpbin\.example\.com" \(its subjectAltName names: h\*\.example\.com\)/);
    const wildcard = await createLeaf(ca, { hosts: ['*.example.com'] });
    expect(attempt({ certificate: pemSource(wildcard) })).not.toThrow();
    const deeper = await createLeaf(ca, { hosts: ['*.com'] });
    expect(attempt({ certificate: pemSource(deeper) })).toThrow(/does not name "httpbin\.example\.com"/);
  });

  test('fails for a missing or invalid client CA with mutual TLS', () => {
    expect(attempt({ mode: TlsMode.MUTUAL, certificate: CertificateSource.fromSecretName('c') })).toThrow(
      /\[test\/httpbin-tls\] clientCa: MUTUAL verifies client certificates and needs the CA that signs them/,
    );
    expect(attempt({ mode: TlsMode.MUTUAL, certificate: CertificateSource.fromSecretName('c'), clientCa: ClientCertificateAuthority.fromPem(server.certificate) })).toThrow(
      /clientCa: the client CA certificate is not a CA certificate \(basicConstraints CA:FALSE\)/,
    );
    expect(attempt({ certificate: CertificateSource.fromSecretName('c'), clientCa: ClientCertificateAuthority.fromPem(ca.certificate) })).toThrow(
      /clientCa: a client CA only applies to TlsMode\.MUTUAL or OPTIONAL_MUTUAL, not SIMPLE/,
    );
    expect(attempt({ mode: TlsMode.MUTUAL, certificate: CertificateSource.fromSecretName('c'), clientCa: ClientCertificateAuthority.fromConfigMapName('ca') })).toThrow(
      /clientCa: the Istio API \(IngressApi\.istio\(\)\) reads a client CA from a Secret, not a ConfigMap/,
    );
    expect(
      attempt({ mode: TlsMode.MUTUAL, certificate: CertificateSource.fromSecretName('c'), clientCa: ClientCertificateAuthority.fromCertificateSecret() }, gatewayApi),
    ).toThrow(/clientCa: the Gateway API \(IngressApi\.gatewayApi\(\)\) does not read a client CA from the certificate Secret/);
  });

  test('fails for two certificates for the same host and port, naming both', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw');
    new TlsIngress(chart, 'one', { gateway, hosts: ['a.example.com'], certificate: CertificateSource.fromSecretName('one') });
    new TlsIngress(chart, 'two', { gateway, hosts: ['a.example.com', 'b.example.com'], certificate: CertificateSource.fromSecretName('two') });
    new ExposedService(chart, 'app', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['a.example.com', 'b.example.com'] });
    expect(() => synth(chart)).toThrow(
      /\[test\/two\] hosts: host "a\.example\.com" on port 443 already has TLS settings from test\/one \(SIMPLE with certificate istio-ingress\/one\), and test\/two asks for SIMPLE with certificate istio-ingress\/two/,
    );
  });

  test('fails for passthrough and HTTP routes on the same port', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw');
    new TlsIngress(chart, 'nginx', { gateway, hosts: ['a.example.com'], mode: TlsMode.PASSTHROUGH, backend: Backend.fromServiceName('nginx', { port: 443 }) });
    new ExposedService(chart, 'app', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['a.example.com'], port: 443 });
    expect(() => synth(chart)).toThrow(/\[test\/app\] port: port 443 carries TLS \(HTTPS or passthrough\) for test\/nginx, so test\/app cannot serve plain HTTP on it \(a port carries either plain HTTP or TLS\); .*leave this port at its default \(80\)/);
  });

  test('fails when HTTP routes could only reach a passthrough host', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw');
    new TlsIngress(chart, 'nginx', { gateway, hosts: ['a.example.com'], mode: TlsMode.PASSTHROUGH, backend: Backend.fromServiceName('nginx', { port: 443 }) });
    new ExposedService(chart, 'app', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['a.example.com'] });
    expect(() => synth(chart)).toThrow(
      /\[test\/app\] hosts\[0\]: host "a\.example\.com" is not served by gateway istio-ingress\/gw on port 80 \(it serves: no plain HTTP host; for this host it only redirects port 80 to HTTPS and passes TLS on port 443 through to a backend\)/,
    );
  });

  test('fails for passthrough misuse', () => {
    const backend = Backend.fromServiceName('nginx', { port: 443 });
    expect(attempt({ mode: TlsMode.PASSTHROUGH, backend, hosts: ['*'] })).toThrow(/hosts: passthrough routes by the SNI name clients send, so "\*" cannot be routed/);
    expect(attempt({ mode: TlsMode.PASSTHROUGH })).toThrow(/backend: passthrough needs the backend that terminates TLS/);
    expect(attempt({ mode: TlsMode.PASSTHROUGH, backend, certificate: CertificateSource.fromSecretName('c') })).toThrow(/certificate: passthrough leaves TLS to the backend/);
    expect(attempt({ mode: TlsMode.PASSTHROUGH, backend: Backend.fromServiceName('web', { port: 80, portName: 'http' }) })).toThrow(
      /backend: port 80 of Service istio-ingress\/web is declared as HTTP, but passthrough sends it TLS connections/,
    );
    expect(attempt({})).toThrow(/certificate: TLS termination needs a server certificate/);
  });

  test('fails for a secret outside the proxy namespace with the Istio API (where Istio reads credentials)', () => {
    expect(attempt({ certificate: CertificateSource.fromSecretName('httpbin-credential', { namespace: 'default' }) })).toThrow(
      /\[test\/httpbin-tls\] certificate: Secret default\/httpbin-credential is outside namespace istio-ingress, where the Istio API \(IngressApi\.istio\(\)\) reads TLS credentials \(the gateway proxy's namespace\), so Istio would never find it/,
    );
  });

  test('fails for weak or unknown cipher suites unless insecure ones are explicitly allowed', () => {
    const certificate = CertificateSource.fromSecretName('c');
    expect(attempt({ certificate, cipherSuites: ['AES128-SHA'] })).toThrow(/cipherSuites\[0\]: "AES128-SHA" lacks forward secrecy or uses CBC/);
    expect(attempt({ certificate, cipherSuites: ['RC4-MD5'] })).toThrow(/cipherSuites\[0\]: "RC4-MD5" is not a TLS 1\.2 cipher suite Envoy knows/);
    expect(attempt({ certificate, cipherSuites: ['AES128-SHA'], allowInsecureCipherSuites: true })).not.toThrow();
  });

  test('fails for features an API cannot express, naming the APIs that can', () => {
    const certificate = CertificateSource.fromSecretName('c');
    expect(attempt({ certificate, minProtocolVersion: TlsVersion.TLS_1_3 }, gatewayApi)).toThrow(
      /minProtocolVersion: a minimum TLS version above 1\.2 is not supported by the Gateway API \(IngressApi\.gatewayApi\(\)\): .*; use the Istio API \(IngressApi\.istio\(\)\)/,
    );
    const ingress: IngressGatewayProps = { api: IngressApi.kubernetesIngress() };
    expect(attempt({ certificate, mode: TlsMode.MUTUAL, clientCa: ClientCertificateAuthority.fromCertificateSecret() }, ingress)).toThrow(
      /mode: mutual TLS \(client certificates required\) is not supported by the Kubernetes Ingress \(IngressApi\.kubernetesIngress\(\)\): an Ingress has no client-certificate settings; use the Istio API \(IngressApi\.istio\(\)\) or the Gateway API/,
    );
    expect(attempt({ mode: TlsMode.PASSTHROUGH, backend: Backend.fromServiceName('nginx', { port: 443 }) }, ingress)).toThrow(/mode: TLS passthrough by SNI is not supported by the Kubernetes Ingress/);
    expect(attempt({ certificate, httpsRedirect: true }, ingress)).toThrow(/httpsRedirect: HTTP to HTTPS redirect is not supported by the Kubernetes Ingress .*set httpsRedirect: false/);
  });

  test('fails for an Istio redirect to a TLS port other than 443', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw');
    new TlsIngress(chart, 'tls', { gateway, hosts: ['a.example.com'], port: 8443, certificate: CertificateSource.fromSecretName('c') });
    new ExposedService(chart, 'app', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['a.example.com'] });
    expect(() => synth(chart)).toThrow(/\[test\/tls\] httpsRedirect: Istio's httpsRedirect always sends clients to port 443, but TLS is served on port 8443/);
  });

  test('fails when the Gateway API would have to verify client certificates for only some hosts of a port', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw', gatewayApi);
    new TlsIngress(chart, 'plain', { gateway, hosts: ['a.example.com'], certificate: CertificateSource.fromSecretName('a') });
    new TlsIngress(chart, 'mtls', { gateway, hosts: ['b.example.com'], mode: TlsMode.MUTUAL, certificate: CertificateSource.fromSecretName('b'), clientCa: ClientCertificateAuthority.fromConfigMapName('ca') });
    new ExposedService(chart, 'app', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['a.example.com', 'b.example.com'] });
    expect(() => synth(chart)).toThrow(/\[test\/mtls\] mode: the Gateway API verifies client certificates per port, and port 443 already has other client-certificate settings from test\/plain/);
  });

  test('fails for cert-manager on "*" and for TLS on the plain HTTP port', () => {
    expect(attempt({ hosts: ['*'], certificate: CertificateSource.fromCertManager({ issuer: CertManagerIssuer.selfSigned() }) })).toThrow(
      /hosts: cert-manager cannot issue a certificate for "\*"/,
    );
    expect(attempt({ port: 80, certificate: CertificateSource.fromSecretName('c') })).toThrow(/port: 80 carries plain HTTP on this gateway/);
  });
});

describe('the certificate-hosts check on its own (src/checks/pem.ts), for callers that pass hosts unchecked', () => {
  test('a host that is not a host name is simply not named, and a long one is shown cut', () => {
    const { checkCertificateHosts } = require('../src/checks/pem') as typeof import('../src/checks/pem');
    const leaf = server;
    expect(checkCertificateHosts(leaf.certificate, ['httpbin.example.com'])).toBeUndefined();
    expect(checkCertificateHosts(leaf.certificate, ['bad\u0000host'])).toMatch(/^the certificate does not name "bad\\u0000host"/);
    const message = checkCertificateHosts(leaf.certificate, [`${'x'.repeat(5000)}.example.com`])!;
    expect(message.length).toBeLessThan(300);
    expect(message).toMatch(/"x{77}\.\.\."/);
  });
});
