import * as k8s from '@pulumi/kubernetes';
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { HelloIstioApi, HttpbinIstioApi } from '../../../examples/istio-api';
import { ExposedService, GatewayProxy, HttpbinApp, IngressApi, IngressGateway, ListenerProtocol } from 'cdk8s-istio-ingress';
import { gatewayStatusAddress, gatewayUrl } from '../src/address';
import { IngressDeployment } from '../src';
import { gatewayApiChart } from './support/charts';
import { LOAD_BALANCER_IP, mockCluster, registered, settle, valueOf } from './support/mocks';

afterAll(settle);

const HELM_PORTS = { 'status-port': 15021, 'http2': 80, 'https': 443 };
const NODE_PORTS = { 'status-port': 30000, 'http2': 30001, 'https': 30002 };

function httpbinChart(): Chart {
  return new HttpbinIstioApi(new App(), 'httpbin-istio-api');
}

/** httpbin behind a gateway with the given proxy and Service type. */
function gatewayChart(props: { proxy?: GatewayProxy; serviceType?: kplus.ServiceType }): Chart {
  const chart = new Chart(new App(), 'chart');
  const gateway = new IngressGateway(chart, 'gw', props);
  new ExposedService(chart, 'route', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['httpbin.example.com'] });
  return chart;
}

describe('IngressDeployment: the ingress address, determined for the user', () => {
  test('a bundled proxy behind a load balancer: its IP, the Service ports by name, and the URL', async () => {
    await mockCluster();
    const deployment = new IngressDeployment('httpbin', { charts: [httpbinChart()] });
    const address = { host: LOAD_BALANCER_IP, ports: HELM_PORTS, nodePorts: NODE_PORTS };
    expect(await valueOf(deployment.address)).toStrictEqual(address);
    expect(await valueOf(deployment.url)).toBe('http://203.0.113.10');
    expect(await valueOf(deployment.addresses)).toStrictEqual({ 'istio-ingress/httpbin-gateway': address });
  });

  test('a load balancer that publishes a hostname', async () => {
    await mockCluster({ loadBalancerIngress: { hostname: 'a1b2.elb.example.com' } });
    const deployment = new IngressDeployment('httpbin', { charts: [httpbinChart()] });
    expect((await valueOf(deployment.address))?.host).toBe('a1b2.elb.example.com');
    expect(await valueOf(deployment.url)).toBe('http://a1b2.elb.example.com');
  });

  test('a NodePort proxy: no host (use a node\'s IP), the node ports by name, no URL', async () => {
    await mockCluster();
    const deployment = new IngressDeployment('np', { charts: [gatewayChart({ serviceType: kplus.ServiceType.NODE_PORT })] });
    expect(await valueOf(deployment.address)).toStrictEqual({ host: undefined, ports: HELM_PORTS, nodePorts: NODE_PORTS });
    expect(await valueOf(deployment.url)).toBeUndefined();
  });

  test('an existing proxy with a known Service: the Service is read, not deployed', async () => {
    const registrations = await mockCluster({
      existing: {
        'istio-system/istio-ingressgateway': {
          metadata: { name: 'istio-ingressgateway', namespace: 'istio-system' },
          spec: { type: 'LoadBalancer', ports: [{ name: 'http2', port: 80, nodePort: 31380 }] },
          status: { loadBalancer: { ingress: [{ ip: '198.51.100.7' }] } },
        },
      },
    });
    const proxy = GatewayProxy.existing({ selector: { istio: 'ingressgateway' }, namespace: 'istio-system', serviceName: 'istio-ingressgateway' });
    const deployment = new IngressDeployment('existing', { charts: [gatewayChart({ proxy })] });
    expect(await valueOf(deployment.address)).toStrictEqual({ host: '198.51.100.7', ports: { http2: 80 }, nodePorts: { http2: 31380 } });
    expect(await valueOf(deployment.url)).toBe('http://198.51.100.7');
    await registered(Object.values(deployment.resources));
    const reads = registrations.filter((r) => r.read);
    expect(reads.map((r) => [r.type, r.name, r.parent])).toStrictEqual([
      ['kubernetes:core/v1:Service', 'existing:existing:Service/istio-system/istio-ingressgateway', 'urn:pulumi:stack::project::cdk8s-istio-ingress:index:IngressDeployment::existing'],
    ]);
    expect(Object.keys(deployment.resources).filter((key) => key.includes('istio-ingressgateway'))).toStrictEqual([]);
  });

  test('an existing proxy whose Service is not named: the address is unknown', async () => {
    const registrations = await mockCluster();
    const proxy = GatewayProxy.existing({ selector: { istio: 'ingressgateway' } });
    const deployment = new IngressDeployment('existing', { charts: [gatewayChart({ proxy })] });
    expect(await valueOf(deployment.address)).toStrictEqual({ ports: {}, nodePorts: {} });
    expect(await valueOf(deployment.url)).toBeUndefined();
    await registered(Object.values(deployment.resources));
    expect(registrations.filter((r) => r.read)).toStrictEqual([]);
  });

  test('several gateways: every address by gateway, and no single address or URL', async () => {
    await mockCluster();
    const deployment = new IngressDeployment('two', { charts: [httpbinChart(), new HelloIstioApi(new App(), 'hello-istio-api')] });
    const address = { host: LOAD_BALANCER_IP, ports: HELM_PORTS, nodePorts: NODE_PORTS };
    expect(await valueOf(deployment.addresses)).toStrictEqual({ 'istio-ingress/httpbin-gateway': address, 'istio-ingress/hello-gateway': address });
    expect(await valueOf(deployment.address)).toBeUndefined();
    expect(await valueOf(deployment.url)).toBeUndefined();
  });

  test('a Gateway API Gateway: the address Istio publishes in its status, and its listener ports by name', async () => {
    await mockCluster({ gatewayAddress: '192.0.2.44' });
    const chart = gatewayApiChart({
      listeners: [
        { name: 'http', port: 80, protocol: 'HTTP' },
        { name: 'https', port: 443, protocol: 'HTTPS' },
      ],
    });
    const deployment = new IngressDeployment('gwapi', { charts: [chart] });
    const gateway = deployment.resources['Gateway.gateway.networking.k8s.io/istio-ingress/gw'] as k8s.apiextensions.CustomResource;
    expect(await valueOf(gatewayStatusAddress(gateway))).toStrictEqual({ host: '192.0.2.44', ports: { http: 80, https: 443 }, nodePorts: {} });
  });
});

describe('IngressDeployment with a Gateway API gateway whose proxy Istio deploys', () => {
  test('the address and URL come from the Gateway status', async () => {
    await mockCluster({ gatewayAddress: '192.0.2.44' });
    const chart = new Chart(new App(), 'chart');
    const gateway = new IngressGateway(chart, 'gw', { namespace: 'default', api: IngressApi.gatewayApi() });
    new ExposedService(chart, 'route', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['httpbin.example.com'] });
    const deployment = new IngressDeployment('gwapi', { charts: [chart] });
    expect(await valueOf(deployment.address)).toStrictEqual({ host: '192.0.2.44', ports: { http: 80 }, nodePorts: {} });
    expect(await valueOf(deployment.url)).toBe('http://192.0.2.44');
  });
});

describe('gatewayUrl', () => {
  const listener = (protocol: ListenerProtocol, port: number) => ({ name: `${protocol.toLowerCase()}-${port}`, protocol, port, hostname: '*' });
  const address = (host?: string) => ({ host, ports: {}, nodePorts: {} });

  test.each([
    ['HTTP on 80', address('192.0.2.1'), [listener(ListenerProtocol.HTTPS, 443), listener(ListenerProtocol.HTTP, 80)], 'http://192.0.2.1'],
    ['HTTP on 8080', address('192.0.2.1'), [listener(ListenerProtocol.HTTP, 8080)], 'http://192.0.2.1:8080'],
    ['HTTPS only, on 443', address('lb.example.com'), [listener(ListenerProtocol.HTTPS, 443)], 'https://lb.example.com'],
    ['HTTPS only, on 8443', address('lb.example.com'), [listener(ListenerProtocol.HTTPS, 8443)], 'https://lb.example.com:8443'],
    ['an IPv6 address', address('2001:db8::1'), [listener(ListenerProtocol.HTTP, 80)], 'http://[2001:db8::1]'],
    ['an unknown host', address(), [listener(ListenerProtocol.HTTP, 80)], undefined],
    ['TLS passthrough only', address('192.0.2.1'), [listener(ListenerProtocol.TLS, 443)], undefined],
  ])('%s', (_case, given, listeners, url) => {
    expect(gatewayUrl(given, listeners)).toBe(url);
  });
});
