import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { HttpbinIstioApi } from '../../../examples/istio-api';
import { ExposedService, HttpbinApp, IngressGateway } from 'cdk8s-istio-ingress';
import { IngressDeployment, IngressDeploymentArgs } from '../src';
import { gatewayApiChart } from './support/charts';
import { mockCluster, registered, Registration, settle } from './support/mocks';

afterAll(settle);

const PROXY_SERVICE = 'Service/istio-ingress/istio-ingressgateway';
const NO_TIMEOUTS = { create: '', update: '' };

/** Registers the charts and returns each child's registration by object key. */
async function deploy(args: IngressDeploymentArgs, registrations: Registration[]): Promise<Record<string, Registration>> {
  const deployment = new IngressDeployment('app', args);
  await registered(Object.values(deployment.resources));
  return Object.fromEntries(registrations.filter((r) => r.parent !== '').map((r) => [r.name.replace(/^app:/, ''), r]));
}

function nodePortChart(): Chart {
  const chart = new Chart(new App(), 'node-port');
  const gateway = new IngressGateway(chart, 'gw', { serviceType: kplus.ServiceType.NODE_PORT });
  new ExposedService(chart, 'route', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['httpbin.example.com'] });
  return chart;
}

describe('IngressDeployment: what pulumi up waits for', () => {
  let registrations: Registration[];
  beforeEach(async () => {
    registrations = await mockCluster();
  });

  test('a LoadBalancer Service waits for its address for five minutes, and nothing else is told anything', async () => {
    const chart = new HttpbinIstioApi(new App(), 'httpbin-istio-api');
    const children = await deploy({ charts: [chart] }, registrations);
    expect(children[PROXY_SERVICE].customTimeouts).toStrictEqual({ create: '300s', update: '300s' });
    for (const [key, child] of Object.entries(children)) {
      if (key !== PROXY_SERVICE) expect(child.customTimeouts).toStrictEqual(NO_TIMEOUTS);
      expect(JSON.stringify(child.inputs.metadata)).not.toContain('pulumi.com/');
    }
  });

  test('loadBalancerTimeout bounds the wait', async () => {
    const children = await deploy({ charts: [new HttpbinIstioApi(new App(), 'c')], loadBalancerTimeout: Duration.minutes(2) }, registrations);
    expect(children[PROXY_SERVICE].customTimeouts).toStrictEqual({ create: '120s', update: '120s' });
  });

  test('with awaitLoadBalancer: false, a LoadBalancer Service is not awaited, and the chart is unchanged', async () => {
    const chart = new HttpbinIstioApi(new App(), 'httpbin-istio-api');
    const before = chart.toJson();
    const children = await deploy({ charts: [chart], awaitLoadBalancer: false }, registrations);
    expect(children[PROXY_SERVICE].inputs.metadata.annotations).toStrictEqual({ 'pulumi.com/skipAwait': 'true' });
    expect(children[PROXY_SERVICE].customTimeouts).toStrictEqual(NO_TIMEOUTS);
    expect(children['Service/default/httpbin'].inputs.metadata.annotations).toBeUndefined();
    expect(chart.toJson()).toStrictEqual(before);
  });

  test('a NodePort gateway keeps the provider\'s own await (endpoints ready, no load balancer)', async () => {
    const children = await deploy({ charts: [nodePortChart()] }, registrations);
    expect(children[PROXY_SERVICE].inputs.spec.type).toBe('NodePort');
    expect(children[PROXY_SERVICE].inputs.metadata.annotations).toBeUndefined();
    expect(children[PROXY_SERVICE].customTimeouts).toStrictEqual(NO_TIMEOUTS);
  });

  test('a Gateway API Gateway waits to be Programmed (it then has its address), bounded like a load balancer', async () => {
    const children = await deploy({ charts: [gatewayApiChart()] }, registrations);
    const gateway = children['Gateway.gateway.networking.k8s.io/istio-ingress/gw'];
    expect(gateway.inputs.metadata.annotations).toStrictEqual({ 'pulumi.com/waitFor': 'condition=Programmed' });
    expect(gateway.customTimeouts).toStrictEqual({ create: '300s', update: '300s' });
  });

  test('with awaitLoadBalancer: false, a Gateway API Gateway only waits to be Accepted', async () => {
    const children = await deploy({ charts: [gatewayApiChart()], awaitLoadBalancer: false }, registrations);
    const gateway = children['Gateway.gateway.networking.k8s.io/istio-ingress/gw'];
    expect(gateway.inputs.metadata.annotations).toStrictEqual({ 'pulumi.com/waitFor': 'condition=Accepted' });
    expect(gateway.customTimeouts).toStrictEqual(NO_TIMEOUTS);
  });

  test('await annotations the chart sets itself win', async () => {
    const children = await deploy({ charts: [gatewayApiChart({ annotations: { 'pulumi.com/waitFor': 'condition=Ready', team: 'edge' } })] }, registrations);
    expect(children['Gateway.gateway.networking.k8s.io/istio-ingress/gw'].inputs.metadata.annotations).toStrictEqual({
      'pulumi.com/waitFor': 'condition=Ready',
      'team': 'edge',
    });
  });

  test.each([
    ['1500 millis', Duration.millis(1500), '1 second 500 millis'],
    ['0 seconds', Duration.seconds(0), '0 seconds'],
  ])('fails for loadBalancerTimeout %s, before registering anything', (_name, loadBalancerTimeout, shown) => {
    expect(() => new IngressDeployment('app', { charts: [gatewayApiChart()], loadBalancerTimeout })).toThrow(
      `[IngressDeployment app] loadBalancerTimeout: ${shown} must be a whole number of seconds, 1 or more (e.g. Duration.minutes(5))`,
    );
    expect(registrations).toStrictEqual([]);
  });
});
