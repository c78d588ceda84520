import { Duration } from 'cdk8s';
import { validateGateway } from 'cdk8s-istio-ingress/model';
import { checkCertManagerTimes, goDuration, parseGoDuration } from '../src/checks/cert-manager';
import { sync } from '../src/operator/hooks';
import { CertificateSource, CertManagerIssuer, CertManagerOptions, ExposedService, HttpbinApp, IngressApi, IngressGateway, TlsIngress } from '../src';
import { cr, syncRequest } from './operator/support';
import { credentialTlsSource, gatewayModel } from './support/models';
import { newChart, only, synth, validationError } from './support/synth';

/**
 * cert-manager's webhook (internal/apis/certmanager/validation/certificate.go, ValidateDuration):
 * duration (90 days when unset) at least 1h; renewBefore at least 5m and below the duration.
 */

function secure(options: Partial<CertManagerOptions>, api: IngressApi = IngressApi.istio()) {
  const chart = newChart();
  const gateway = new IngressGateway(chart, 'gw', { api, namespace: 'default' });
  new TlsIngress(chart, 'tls', { gateway, hosts: ['a.example.com'], certificate: CertificateSource.fromCertManager({ issuer: CertManagerIssuer.selfSigned(), ...options }) });
  new ExposedService(chart, 'app', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['a.example.com'] });
  return synth(chart);
}

/** A regular expression matching the strings that start with `prefix` (so that a failing match shows the whole message). */
function startingWith(prefix: string): RegExp {
  return new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
}

describe('cert-manager durations are the ones cert-manager accepts', () => {
  test.each([
    ['a duration under one hour', { duration: Duration.minutes(59) }, 'duration', "59m is shorter than cert-manager's minimum certificate duration, 1h, so cert-manager refuses the Certificate: give at least 1h"],
    ['a renewBefore under five minutes', { renewBefore: Duration.minutes(4) }, 'renewBefore', "4m is shorter than cert-manager's minimum renewBefore, 5m, so cert-manager refuses the Certificate: give at least 5m"],
    [
      'a renewBefore equal to the duration',
      { duration: Duration.days(30), renewBefore: Duration.days(30) },
      'renewBefore',
      "720h is not shorter than the certificate's duration (720h), so cert-manager refuses the Certificate: renew before less than the duration, e.g. a third of it",
    ],
    [
      'a renewBefore longer than the default duration',
      { renewBefore: Duration.days(91) },
      'renewBefore',
      "2184h is not shorter than the certificate's duration (2160h, cert-manager's default), so cert-manager refuses the Certificate: renew before less than the duration, e.g. a third of it",
    ],
  ] as const)('refuses %s, naming the field', (_name, options, field, message) => {
    for (const api of [IngressApi.istio(), IngressApi.gatewayApi(), IngressApi.kubernetesIngress()]) {
      const error = validationError(() => secure(options, api));
      expect(error.problems).toStrictEqual([{ constructPath: 'test/tls', field: `certificate.${field}`, message }]);
      expect(error.message).toBe(`[test/tls] certificate.${field}: ${message}`);
    }
  });

  test('accepts the limits themselves and writes them as given', () => {
    const objects = secure({ duration: Duration.hours(1), renewBefore: Duration.minutes(5) });
    expect(only(objects, 'Certificate').spec).toMatchObject({ duration: '1h', renewBefore: '5m' });
    expect(only(secure({ duration: Duration.days(90), renewBefore: Duration.days(30) }), 'Certificate').spec).toMatchObject({ duration: '2160h', renewBefore: '720h' });
  });

  test('the pure check and the Go duration syntax it reads', () => {
    expect(checkCertManagerTimes(undefined, undefined)).toStrictEqual([]);
    expect(checkCertManagerTimes(3600_000, 3600_000 - 1).map((p) => p.field)).toStrictEqual([]);
    expect(checkCertManagerTimes(3600_000 - 1, undefined).map((p) => p.field)).toStrictEqual(['duration']);
    expect(parseGoDuration('2160h')).toBe(2160 * 3600_000);
    expect(parseGoDuration('1h30m')).toBe(90 * 60_000);
    expect(parseGoDuration('1.5h')).toBe(90 * 60_000);
    expect(parseGoDuration('-5m')).toBe(-300_000);
    expect(parseGoDuration('0')).toBe(0);
    for (const bad of ['', '5', '1d', 'h', 5, null]) expect(parseGoDuration(bad)).toBeUndefined();
    expect(goDuration(90 * 60_000)).toBe('1h30m');
  });
});

describe('a cert-manager issuer is one that can exist, never a silent self-signed one', () => {
  test.each([
    ['clusterIssuer(undefined)', () => CertManagerIssuer.clusterIssuer(undefined as never), "CertManagerIssuer.clusterIssuer() needs the name of an existing ClusterIssuer, received undefined; give its name (CertManagerIssuer.clusterIssuer('letsencrypt')), or use CertManagerIssuer.selfSigned() for a certificate no client trusts"],
    ['issuer(undefined)', () => CertManagerIssuer.issuer(undefined as never), "CertManagerIssuer.issuer() needs the name of an existing Issuer, received undefined; give its name (CertManagerIssuer.issuer('letsencrypt')), or use CertManagerIssuer.selfSigned() for a certificate no client trusts"],
    ['issuer("")', () => CertManagerIssuer.issuer(''), 'CertManagerIssuer.issuer() needs the name of an existing Issuer, received ""'],
    ['issuer(42)', () => CertManagerIssuer.issuer(42 as never), 'CertManagerIssuer.issuer() needs the name of an existing Issuer, received 42'],
    ['clusterIssuer("Lets_Encrypt")', () => CertManagerIssuer.clusterIssuer('Lets_Encrypt'), '"Lets_Encrypt" is not a name a ClusterIssuer can have: it must consist of lower-case letters'],
  ])('refuses %s', (_name, issuer, message) => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw');
    const error = validationError(() => new TlsIngress(chart, 'tls', { gateway, hosts: ['a.example.com'], certificate: CertificateSource.fromCertManager({ issuer: issuer() }) }));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ constructPath: 'test/tls', field: 'certificate.issuer' });
    expect(error.problems[0].message).toMatch(startingWith(message));
  });

  test('a named issuer is referenced, and only selfSigned() creates an Issuer', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw');
    new TlsIngress(chart, 'tls', { gateway, hosts: ['a.example.com'], certificate: CertificateSource.fromCertManager({ issuer: CertManagerIssuer.clusterIssuer('letsencrypt') }) });
    new ExposedService(chart, 'app', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['a.example.com'] });
    const objects = synth(chart);
    expect(only(objects, 'Certificate').spec.issuerRef).toStrictEqual({ group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'letsencrypt' });
    expect(objects.filter((o) => o.kind === 'Issuer' || o.kind === 'ClusterIssuer')).toStrictEqual([]);
    expect(only(secure({}), 'Issuer').spec).toStrictEqual({ selfSigned: {} });
  });
});

describe('the operator and the /model entry point apply the same rules', () => {
  test('operator: a TlsIngress custom resource with a short duration or an empty issuer name is InvalidSpec, naming the spec field', () => {
    const gateway = cr('IngressGateway', 'istio-ingress', 'public', { api: { istio: {} } });
    const tls = (certManager: object) =>
      cr('TlsIngress', 'istio-ingress', 'web', { gateway: { name: 'public', namespace: 'istio-ingress' }, hosts: ['web.example.com'], certificate: { certManager } });
    const condition = (resource: ReturnType<typeof cr>) => (sync('TlsIngress', syncRequest(resource, { related: [gateway, resource] })) as any).response.status.conditions[0];
    const short = condition(tls({ issuer: { selfSigned: {} }, duration: '30m' }));
    expect(short.reason).toBe('InvalidSpec');
    expect(short.message).toBe("spec.certificate.certManager.duration: 30m is shorter than cert-manager's minimum certificate duration, 1h, so cert-manager refuses the Certificate: give at least 1h");
    const late = condition(tls({ issuer: { clusterIssuer: 'letsencrypt' }, duration: '24h', renewBefore: '24h' }));
    expect(late.message).toMatch(/^spec\.certificate\.certManager\.renewBefore: 24h is not shorter than the certificate's duration \(24h\)/);
  });

  test('/model: the Certificate of a TLS source is checked like fromCertManager()', () => {
    const model = (credential: object) => gatewayModel({ tls: [credentialTlsSource(credential)] });
    const certificate = { type: 'cert-manager', name: 'shop', namespace: 'edge', dnsNames: ['shop.example.com'], issuer: { kind: 'ClusterIssuer', name: 'letsencrypt' } };
    expect(validateGateway(model({ ...certificate, duration: '2160h', renewBefore: '720h' })).filter((p) => p.field.startsWith('credentials'))).toStrictEqual([]);
    expect(validateGateway(model({ ...certificate, duration: '30m' }))).toContainEqual({
      source: 'shop/tls',
      field: 'credentials[0].duration',
      message: "30m is shorter than cert-manager's minimum certificate duration, 1h, so cert-manager refuses the Certificate: give at least 1h",
    });
    expect(validateGateway(model({ ...certificate, renewBefore: '2160h' }))).toContainEqual({
      source: 'shop/tls',
      field: 'credentials[0].renewBefore',
      message: "2160h is not shorter than the certificate's duration (2160h, cert-manager's default), so cert-manager refuses the Certificate: renew before less than the duration, e.g. a third of it",
    });
    expect(validateGateway(model({ ...certificate, duration: 'ninety days' }))).toContainEqual({ source: 'shop/tls', field: 'credentials[0].duration', message: '"ninety days" is not a duration such as "2160h" or "1h30m"' });
    expect(validateGateway(model({ ...certificate, issuer: { kind: 'ClusterIssuer' } }))).toContainEqual({
      source: 'shop/tls',
      field: 'credentials[0].issuer.name',
      message: 'undefined must be a non-empty string; give the name of an existing issuer',
    });
    expect(validateGateway(model({ ...certificate, issuer: { kind: 'Vault', name: 'v' } }))).toContainEqual({ source: 'shop/tls', field: 'credentials[0].issuer.kind', message: '"Vault" is not an issuer kind; allowed: Issuer, ClusterIssuer' });
    expect(validateGateway(model({ ...certificate, dnsNames: ['*'] }))).toContainEqual({
      source: 'shop/tls',
      field: 'credentials[0].dnsNames[0]',
      message: '"*" cannot be issued by cert-manager: list the hosts, or a wildcard such as "*.example.com"',
    });
  });
});
