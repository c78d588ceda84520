import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AllowedRoutes,
  Backend,
  CertificateSource,
  CertManagerIssuer,
  ExposedService,
  HttpbinApp,
  IIngressGateway,
  IngressApi,
  IngressGateway,
  ListenerProtocol,
  TlsIngress,
  TlsMode,
} from '../src';
import { newChart, ofKind, only, synth } from './support/synth';

const backend = Backend.fromServiceName('web', { port: 8080, portName: 'http' });

describe('sharing a gateway between teams: routes attached to a gateway by name', () => {
  test('Istio API: only the VirtualService is rendered, bound to the imported Gateway', () => {
    // GIVEN an app team's chart, and the platform team's Gateway known by name
    const chart = newChart();
    const edge = IngressGateway.fromGatewayName(chart, 'edge', { name: 'edge', namespace: 'istio-ingress' });

    // WHEN
    new ExposedService(chart, 'web', { gateway: edge, backend, namespace: 'shop', hosts: ['shop.example.com'] });

    // THEN
    const objects = synth(chart);
    expect(objects.map((o) => o.kind)).toStrictEqual(['VirtualService']);
    expect(only(objects, 'VirtualService').spec).toStrictEqual({
      gateways: ['istio-ingress/edge'],
      hosts: ['shop.example.com'],
      http: [{ route: [{ destination: { host: 'web.shop.svc.cluster.local', port: { number: 8080 } } }] }],
    });
    expect(edge.name).toBe('edge');
    expect(edge.credentialNamespace).toBe('istio-ingress');
  });

  test('Gateway API: the HTTPRoute names the listener, the Gateway in its namespace, and nothing else is rendered', () => {
    const chart = newChart();
    const edge = IngressGateway.fromGatewayName(chart, 'edge', { api: IngressApi.gatewayApi(), name: 'edge', namespace: 'edge', sectionName: 'https' });
    new ExposedService(chart, 'web', { gateway: edge, backend, namespace: 'shop', hosts: ['shop.example.com'] });

    const objects = synth(chart);
    expect(objects.map((o) => o.kind)).toStrictEqual(['HTTPRoute']);
    expect(only(objects, 'HTTPRoute').spec.parentRefs).toStrictEqual([{ name: 'edge', namespace: 'edge', sectionName: 'https' }]);
  });

  test('Gateway API: declared listeners decide the parent references, as for a gateway rendered here', () => {
    const chart = newChart();
    const edge = IngressGateway.fromGatewayName(chart, 'edge', {
      api: IngressApi.gatewayApi(),
      name: 'edge',
      namespace: 'edge',
      listeners: [
        { name: 'web', hostname: '*.example.com', allowedRoutes: AllowedRoutes.allNamespaces() },
        { name: 'admin', port: 8080, hostname: '*.example.com', allowedRoutes: AllowedRoutes.allNamespaces() },
      ],
    });
    new ExposedService(chart, 'web', { gateway: edge, backend, namespace: 'shop', hosts: ['shop.example.com'] });

    // The route is for port 80: attached to the whole Gateway it would reach the 8080 listener too.
    expect(only(synth(chart), 'HTTPRoute').spec.parentRefs).toStrictEqual([{ name: 'edge', namespace: 'edge', sectionName: 'web' }]);
  });

  test('fails at synth time for a host none of the declared listeners serves', () => {
    const chart = newChart();
    const edge = IngressGateway.fromGatewayName(chart, 'edge', {
      name: 'edge',
      namespace: 'istio-ingress',
      listeners: [{ hostname: '*.example.com' }, { protocol: ListenerProtocol.HTTPS, hostname: '*.example.com' }],
    });
    new ExposedService(chart, 'web', { gateway: edge, backend, namespace: 'shop', hosts: ['shop.example.org'] });

    expect(() => synth(chart)).toThrow(
      /\[test\/web\] hosts\[0\]: host "shop\.example\.org" is not served by gateway istio-ingress\/edge on port 80 \(it serves: \*\.example\.com\), so every request would get a 404/,
    );
  });

  test('fails at synth time for a namespace no declared listener accepts', () => {
    const chart = newChart();
    const edge = IngressGateway.fromGatewayName(chart, 'edge', {
      api: IngressApi.gatewayApi(),
      name: 'edge',
      namespace: 'edge',
      listeners: [{ name: 'http', hostname: '*.example.com' }],
    });
    new ExposedService(chart, 'web', { gateway: edge, backend, namespace: 'shop', hosts: ['shop.example.com'] });

    expect(() => synth(chart)).toThrow(
      /\[test\/web\] namespace: the route is in namespace shop, but gateway edge\/edge only accepts routes from its own namespace \(allowedRoutes from: Same\), so the route would never attach/,
    );
  });

  test('without declared listeners nothing about hosts or namespaces is assumed', () => {
    const chart = newChart();
    const edge = IngressGateway.fromGatewayName(chart, 'edge', { api: IngressApi.gatewayApi(), name: 'edge', namespace: 'edge' });
    new ExposedService(chart, 'web', { gateway: edge, backend, namespace: 'shop', hosts: ['anything.example.org'] });

    expect(only(synth(chart), 'HTTPRoute').spec.parentRefs).toStrictEqual([{ name: 'edge', namespace: 'edge' }]);
  });

  test('Gateway API: a TlsIngress provides the certificate and the grant the Gateway needs to read it, not a listener', () => {
    const chart = newChart();
    const edge = IngressGateway.fromGatewayName(chart, 'edge', { api: IngressApi.gatewayApi(), name: 'edge', namespace: 'edge' });
    new TlsIngress(chart, 'shop-tls', {
      gateway: edge,
      hosts: ['shop.example.com'],
      certificate: CertificateSource.fromSecretName('shop-cert', { namespace: 'shop' }),
    });

    const objects = synth(chart);
    expect(objects.map((o) => o.kind)).toStrictEqual(['ReferenceGrant']);
    expect(only(objects, 'ReferenceGrant')).toMatchObject({
      metadata: { name: 'edge.edge', namespace: 'shop' },
      spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'edge' }], to: [{ group: '', kind: 'Secret', name: 'shop-cert' }] },
    });
  });

  test('Istio API: a cert-manager certificate is issued where the gateway\'s proxy reads it', () => {
    const chart = newChart();
    const edge = IngressGateway.fromGatewayName(chart, 'edge', { name: 'edge', namespace: 'edge', proxyNamespace: 'istio-system' });
    new TlsIngress(chart, 'shop-tls', {
      gateway: edge,
      hosts: ['shop.example.com'],
      certificate: CertificateSource.fromCertManager({ issuer: CertManagerIssuer.clusterIssuer('letsencrypt') }),
    });

    const certificate = only(synth(chart), 'Certificate');
    expect(certificate.metadata).toStrictEqual({ name: 'shop-tls-credential', namespace: 'istio-system' });
    expect(certificate.spec.dnsNames).toStrictEqual(['shop.example.com']);
  });

  test('passthrough routes attach to the imported gateway', () => {
    const chart = newChart();
    const edge = IngressGateway.fromGatewayName(chart, 'edge', { name: 'edge', namespace: 'istio-ingress' });
    new TlsIngress(chart, 'db', {
      gateway: edge,
      hosts: ['db.example.com'],
      mode: TlsMode.PASSTHROUGH,
      backend: Backend.fromServiceName('db', { namespace: 'data', port: 443, portName: 'https' }),
    });

    expect(only(synth(chart), 'VirtualService').spec.tls).toStrictEqual([
      { match: [{ port: 443, sniHosts: ['db.example.com'] }], route: [{ destination: { host: 'db.data.svc.cluster.local', port: { number: 443 } } }] },
    ]);
  });

  test('fails for an HTTPS redirect on a gateway whose owner decides about it', () => {
    const chart = newChart();
    const edge = IngressGateway.fromGatewayName(chart, 'edge', { api: IngressApi.gatewayApi(), name: 'edge', namespace: 'edge' });
    expect(
      () => new TlsIngress(chart, 'tls', { gateway: edge, hosts: ['shop.example.com'], certificate: CertificateSource.fromSecretName('cert'), httpsRedirect: true }),
    ).toThrow(/\[test\/tls\] httpsRedirect: whether plain HTTP redirects to HTTPS is decided by whoever runs gateway edge\/edge .*set httpsRedirect: false, and ask them/);
  });

  test('Kubernetes Ingress: the Ingress names the class; no IngressClass is created', () => {
    const chart = newChart();
    const edge = IngressGateway.fromGatewayName(chart, 'edge', {
      api: IngressApi.kubernetesIngress({ ingressClassName: 'istio-edge', createIngressClass: false }),
      name: 'edge',
      namespace: 'istio-system',
    });
    new ExposedService(chart, 'web', { gateway: edge, backend, namespace: 'shop', hosts: ['shop.example.com'] });

    const objects = synth(chart);
    expect(objects.map((o) => o.kind)).toStrictEqual(['Ingress']);
    expect(only(objects, 'Ingress').spec.ingressClassName).toBe('istio-edge');
  });

  test('a HttpbinApp admits the imported gateway\'s proxy when its pods are known', () => {
    const chart = newChart();
    const edge = IngressGateway.fromGatewayName(chart, 'edge', { name: 'edge', namespace: 'istio-ingress', proxySelector: { istio: 'edge' } });
    new HttpbinApp(chart, 'httpbin', { allowIngressFrom: [edge] });

    expect(only(synth(chart), 'NetworkPolicy').spec.ingress[0].from).toStrictEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-ingress' } }, podSelector: { matchLabels: { istio: 'edge' } } },
    ]);
    const other = newChart();
    const unknown = IngressGateway.fromGatewayName(other, 'edge', { name: 'edge', namespace: 'istio-ingress' });
    expect(() => new HttpbinApp(other, 'httpbin', { allowIngressFrom: [unknown] })).toThrow(
      /\[test\/httpbin\] allowIngressFrom\[0\]: the proxy pods of gateway istio-ingress\/edge are not known; give their labels \(proxySelector\) to IngressGateway\.fromGatewayName\(\)/,
    );
  });

  test('any construct implementing IIngressGateway works, with nothing internal', () => {
    // GIVEN a gateway of the user's own making
    class TeamGateway extends Construct implements IIngressGateway {
      public readonly name = 'team-gw';
      public readonly namespace = 'gateways';
      public readonly api = IngressApi.istio();
      public readonly clusterDomain = 'cluster.local';
      public readonly proxyNamespace = 'gateways';
      public readonly credentialNamespace = 'gateways';
    }
    const chart = newChart();
    const gateway = new TeamGateway(chart, 'team-gw');

    // WHEN
    new ExposedService(chart, 'web', { gateway, backend, namespace: 'shop', hosts: ['shop.example.com'] });

    // THEN
    expect(only(synth(chart), 'VirtualService').spec.gateways).toStrictEqual(['gateways/team-gw']);
  });

  test('the platform and app charts of the example apply on their own, each with only its own objects', () => {
    const app = new App();
    const platform = new Chart(app, 'platform');
    new IngressGateway(platform, 'edge', { hosts: ['*.example.com'] });
    const team = new Chart(app, 'team');
    const edge = IngressGateway.fromGatewayName(team, 'edge', { name: 'edge', namespace: 'istio-ingress', listeners: [{ hostname: '*.example.com' }] });
    new ExposedService(team, 'web', { gateway: edge, backend, namespace: 'shop', hosts: ['shop.example.com'] });

    const platformObjects = synth(platform);
    const teamObjects = synth(team);
    expect(ofKind(platformObjects, 'Gateway')).toHaveLength(1);
    expect(ofKind(platformObjects, 'VirtualService')).toHaveLength(0);
    expect(teamObjects.map((o) => o.kind)).toStrictEqual(['VirtualService']);
  });

  test.each([
    [{}, /\[test\/edge\] name: is required: the name of the existing Gateway/],
    [{ name: 'edge' }, /\[test\/edge\] namespace: is required: the namespace of the existing Gateway/],
    [{ name: 'edge', namespace: 'edge', sectionName: 'http' }, /\[test\/edge\] sectionName: only Gateway API routes name the listener they attach to/],
    [
      { name: 'edge', namespace: 'edge', api: IngressApi.gatewayApi(), sectionName: 'https', listeners: [{ name: 'http' }] },
      /\[test\/edge\] sectionName: "https" is none of the declared listeners \(http\); name one of them, or declare it/,
    ],
    [{ name: 'edge', namespace: 'edge', listeners: [{ hostname: 'Shop.example.com' }] }, /\[test\/edge\] listeners\[0\]\.hostname: "Shop\.example\.com" must be lower-case/],
    [{ name: 'edge', namespace: 'edge', listeners: [{ name: 'a' }, { name: 'a', port: 8080 }] }, /\[test\/edge\] listeners\[1\]\.name: "a" is used by two listeners/],
  ])('fails for invalid import options %j', (options, error) => {
    expect(() => IngressGateway.fromGatewayName(newChart(), 'edge', options as never)).toThrow(error);
  });

  test('an object emitted by the app team cannot be one of the platform team\'s: only routes are rendered for an imported gateway', () => {
    const chart = newChart();
    const edge = IngressGateway.fromGatewayName(chart, 'edge', { name: 'edge', namespace: 'istio-ingress' });
    new ExposedService(chart, 'web', { gateway: edge, backend, namespace: 'shop', hosts: ['shop.example.com'] });
    const kinds = synth(chart).map((o) => o.kind);
    expect(kinds).not.toContain('Gateway');
    expect(kinds).not.toContain('Deployment');
    expect(chart.node.findAll().filter((c) => c instanceof ApiObject)).toHaveLength(1);
  });
});
