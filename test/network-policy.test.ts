import { Chart } from 'cdk8s';
import { AllowedRoutes, ExposedService, GatewayProxy, HttpbinApp, IngressApi, IngressGateway, IngressGatewayProps, ProxyEgress } from '../src';
import { validateManifest } from './support/schema-validator';
import { Manifest, newChart, ofKind, only, synth } from './support/synth';

const tcp = (port: number) => ({ port, protocol: 'TCP' });

/** The one NetworkPolicy of a chart, after checking it against the Kubernetes 1.28 schema. */
function networkPolicyOf(objects: Manifest[]): Manifest {
  const policy = only(objects, 'NetworkPolicy');
  expect(validateManifest(policy)).toStrictEqual([]);
  return policy;
}

function proxyPolicyWith(props: IngressGatewayProps): Manifest {
  const chart = newChart();
  const gateway = new IngressGateway(chart, 'gw', props);
  new ExposedService(chart, 'app', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['app.example.com'] });
  return networkPolicyOf(synth(chart));
}

describe('the bundled proxy\'s NetworkPolicy', () => {
  test('is not rendered by default', () => {
    const chart = newChart();
    new ExposedService(chart, 'app', { gateway: new IngressGateway(chart, 'gw'), backend: new HttpbinApp(chart, 'httpbin'), hosts: ['a.com'] });
    expect(ofKind(synth(chart), 'NetworkPolicy')).toStrictEqual([]);
  });

  test('{} allows ingress from anywhere on the Service\'s ports and on 15020, 15021 and 15090 only, and leaves egress open', () => {
    expect(proxyPolicyWith({ proxy: GatewayProxy.bundled({ networkPolicy: {} }) })).toStrictEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: {
        name: 'istio-ingressgateway',
        namespace: 'istio-ingress',
        labels: { app: 'istio-ingressgateway', istio: 'ingressgateway', 'app.kubernetes.io/name': 'istio-ingressgateway' },
      },
      spec: {
        podSelector: { matchLabels: { app: 'istio-ingressgateway', istio: 'ingressgateway' } },
        policyTypes: ['Ingress'],
        ingress: [{ ports: [tcp(80), tcp(443)] }, { ports: [tcp(15020), tcp(15021), tcp(15090)] }],
      },
    });
  });

  test('opens exactly the ports the proxy Service exposes, including listeners added after the gateway', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw', { namespace: 'edge', proxy: GatewayProxy.bundled({ name: 'edge-gw', networkPolicy: {} }) });
    new ExposedService(chart, 'app', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['a.com'], port: 8080 });
    const objects = synth(chart);
    const policy = networkPolicyOf(objects);
    const servicePorts = only(objects, 'Service', 'edge-gw').spec.ports.filter((p: any) => p.name !== 'status-port');
    expect(policy.spec.ingress[0].ports).toStrictEqual(servicePorts.map((p: any) => tcp(p.targetPort)));
    expect(policy.spec.ingress[0].ports).toStrictEqual([tcp(80), tcp(443), tcp(8080)]);
    expect(policy.spec.podSelector.matchLabels).toStrictEqual(only(objects, 'Deployment', 'edge-gw').spec.selector.matchLabels);
  });

  test('sourceCidrs restrict who reaches the listener ports; the health and metrics ports stay open', () => {
    const policy = proxyPolicyWith({ proxy: GatewayProxy.bundled({ networkPolicy: { sourceCidrs: ['203.0.113.0/24', '2001:db8::/32'] } }) });
    expect(policy.spec.ingress).toStrictEqual([
      { from: [{ ipBlock: { cidr: '203.0.113.0/24' } }, { ipBlock: { cidr: '2001:db8::/32' } }], ports: [tcp(80), tcp(443)] },
      { ports: [tcp(15020), tcp(15021), tcp(15090)] },
    ]);
  });

  test('ProxyEgress.allowAll() leaves egress open', () => {
    const policy = proxyPolicyWith({ proxy: GatewayProxy.bundled({ networkPolicy: { egress: ProxyEgress.allowAll() } }) });
    expect(policy.spec.policyTypes).toStrictEqual(['Ingress']);
    expect(policy.spec.egress).toBeUndefined();
  });

  test('ProxyEgress.clusterOnly() allows egress to pods of every namespace and to DNS anywhere', () => {
    const policy = proxyPolicyWith({ proxy: GatewayProxy.bundled({ networkPolicy: { egress: ProxyEgress.clusterOnly() } }) });
    expect(policy.spec.policyTypes).toStrictEqual(['Ingress', 'Egress']);
    expect(policy.spec.egress).toStrictEqual([
      { to: [{ namespaceSelector: {} }] },
      { ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] },
    ]);
  });

  test('ProxyEgress.clusterAndCidrs() adds the given CIDRs', () => {
    const policy = proxyPolicyWith({ proxy: GatewayProxy.bundled({ networkPolicy: { egress: ProxyEgress.clusterAndCidrs(['192.0.2.0/24']) } }) });
    expect(policy.spec.egress).toStrictEqual([
      { to: [{ namespaceSelector: {} }] },
      { ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] },
      { to: [{ ipBlock: { cidr: '192.0.2.0/24' } }] },
    ]);
  });

  test.each([
    ['an empty source list', { sourceCidrs: [] }, '[test/gw] proxy.networkPolicy.sourceCidrs: [] must be a non-empty list of CIDRs, e.g. ["203.0.113.0/24"] (an empty list would allow any address)'],
    [
      'an address without a prefix length',
      { sourceCidrs: ['10.0.0.0/8', '10.0.0.1'] },
      '[test/gw] proxy.networkPolicy.sourceCidrs[1]: "10.0.0.1" is not a CIDR: expected an address and a prefix length, e.g. "203.0.113.0/24" or "2001:db8::/32"',
    ],
    ['an IPv4 prefix longer than 32', { sourceCidrs: ['10.0.0.0/33'] }, '[test/gw] proxy.networkPolicy.sourceCidrs[0]: "10.0.0.0/33" has a prefix length of 33; at most 32 is allowed for an IPv4 address'],
    ['an IPv6 prefix longer than 128', { sourceCidrs: ['2001:db8::/129'] }, '[test/gw] proxy.networkPolicy.sourceCidrs[0]: "2001:db8::/129" has a prefix length of 129; at most 128 is allowed for an IPv6 address'],
    ['a hostname instead of an address', { sourceCidrs: ['example.com/24'] }, '[test/gw] proxy.networkPolicy.sourceCidrs[0]: "example.com/24" is not a CIDR: expected an address and a prefix length, e.g. "203.0.113.0/24" or "2001:db8::/32"'],
    [
      'an empty egress CIDR list',
      { egress: ProxyEgress.clusterAndCidrs([]) },
      '[test/gw] proxy.networkPolicy.egress.cidrs: [] must be a non-empty list of CIDRs, e.g. ["203.0.113.0/24"] (an empty list would allow any address)',
    ],
    [
      'an invalid egress CIDR',
      { egress: ProxyEgress.clusterAndCidrs(['300.0.0.0/8']) },
      '[test/gw] proxy.networkPolicy.egress.cidrs[0]: "300.0.0.0/8" is not a CIDR: expected an address and a prefix length, e.g. "203.0.113.0/24" or "2001:db8::/32"',
    ],
    ['an egress that is not a ProxyEgress', { egress: 'cluster' as never }, '[test/gw] proxy.networkPolicy.egress: expected a ProxyEgress (ProxyEgress.allowAll(), .clusterOnly() or .clusterAndCidrs())'],
  ])('fails for %s', (_case, networkPolicy, message) => {
    expect(() => new IngressGateway(newChart(), 'gw', { proxy: GatewayProxy.bundled({ networkPolicy }) })).toThrow(message);
  });
});

describe('HttpbinApp\'s NetworkPolicy: ingress only from gateway proxies', () => {
  const peer = (namespace: string, selector: Record<string, string>) => ({
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
    podSelector: { matchLabels: selector },
  });

  test('is not rendered by default', () => {
    const chart = newChart();
    new HttpbinApp(chart, 'httpbin');
    expect(ofKind(synth(chart), 'NetworkPolicy')).toStrictEqual([]);
  });

  test('admits only the proxy pods of the gateway, in the proxy\'s namespace, on the container port', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw');
    const httpbin = new HttpbinApp(chart, 'httpbin', { allowIngressFrom: [gateway] });
    new ExposedService(chart, 'app', { gateway, backend: httpbin, hosts: ['a.com'] });
    expect(networkPolicyOf(synth(chart))).toStrictEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'httpbin', namespace: 'default', labels: { app: 'httpbin' } },
      spec: {
        podSelector: { matchLabels: { app: 'httpbin', version: 'v1' } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [peer('istio-ingress', { istio: 'ingressgateway' })], ports: [tcp(8080)] }],
      },
    });
  });

  test('works for gateways of other charts, existing and Istio-deployed proxies, added after construction, once per proxy', () => {
    const edge = newChart();
    const app = edge.node.root as never;
    const apps = new Chart(app, 'apps');
    const bundled = new IngressGateway(edge, 'bundled', { namespace: 'edge', proxy: GatewayProxy.bundled({ name: 'edge-gateway' }) });
    const sameProxy = new IngressGateway(edge, 'same-proxy', { namespace: 'edge', proxy: GatewayProxy.existing({ selector: { istio: 'edge-gateway' }, namespace: 'edge' }) });
    const existing = new IngressGateway(edge, 'existing', { proxy: GatewayProxy.existing({ selector: { istio: 'ingressgateway' } }) });
    const automated = new IngressGateway(edge, 'public', { namespace: 'edge', api: IngressApi.gatewayApi({ allowedRoutes: AllowedRoutes.allNamespaces() }) });
    const httpbin = new HttpbinApp(apps, 'httpbin', { namespace: 'apps', allowIngressFrom: [bundled, sameProxy] });
    httpbin.allowIngressFrom(existing);
    httpbin.allowIngressFrom(automated);
    for (const gateway of [bundled, sameProxy, existing, automated]) {
      new ExposedService(apps, `via-${gateway.node.id}`, { gateway, backend: httpbin, hosts: [`${gateway.node.id}.example.com`] });
    }
    synth(edge);
    expect(networkPolicyOf(synth(apps)).spec.ingress).toStrictEqual([
      {
        from: [
          peer('edge', { istio: 'edge-gateway' }),
          peer('istio-system', { istio: 'ingressgateway' }),
          peer('edge', { 'gateway.networking.k8s.io/gateway-name': 'public' }),
        ],
        ports: [tcp(8080)],
      },
    ]);
  });

  test('fails for something that is not a gateway', () => {
    expect(() => new HttpbinApp(newChart(), 'httpbin', { allowIngressFrom: [{} as never] })).toThrow('[test/httpbin] allowIngressFrom[0]: expected an IngressGateway');
    expect(() => new HttpbinApp(newChart(), 'httpbin', { allowIngressFrom: 'gw' as never })).toThrow('[test/httpbin] allowIngressFrom: expected a list of gateways');
  });
});
