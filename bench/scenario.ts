import { App, Chart } from 'cdk8s';
import { Backend, ExposedService, IngressApi, IngressGateway, RouteMatch } from '../src';

/** The ingress APIs the benchmark exposes services through. */
export type BenchApi = 'istio' | 'gateway-api';

export const BENCH_APIS: readonly BenchApi[] = ['istio', 'gateway-api'];

/**
 * `count` services exposed through one gateway, each on its own host with two
 * path rules, backed by an existing Service addressed by name: the shape of a
 * platform team's app, scaled up.
 *
 * With the Istio API the gateway is the default one (bundled proxy in
 * `istio-ingress`), and its Gateway lists every host. The Gateway API allows
 * at most 64 listeners per Gateway, one per host, so there the gateway serves
 * `*.example.com` with a single listener, and sits next to the routes in
 * `default` (a listener accepts routes from its own namespace by default).
 */
export function exposeServices(app: App, api: BenchApi, count: number): Chart {
  const chart = new Chart(app, 'bench');
  const gateway =
    api === 'istio'
      ? new IngressGateway(chart, 'gateway')
      : new IngressGateway(chart, 'gateway', { namespace: 'default', api: IngressApi.gatewayApi(), hosts: ['*.example.com'] });
  for (let i = 0; i < count; i++) {
    new ExposedService(chart, `svc-${i}`, {
      gateway,
      backend: Backend.fromServiceName(`svc-${i}`, { namespace: 'default', port: 8080, portName: 'http' }),
      hosts: [`svc-${i}.example.com`],
      routes: [{ matches: [RouteMatch.pathPrefix('/api')] }, { matches: [RouteMatch.pathPrefix('/static')] }],
    });
  }
  return chart;
}
