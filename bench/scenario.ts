import { App, Chart, Duration } from 'cdk8s';
import { Backend, CertificateSource, ExposedService, HttpbinApp, IBackend, IngressApi, IngressGateway, RouteMatch, StringMatch, TlsIngress } from '../src';

/** The ingress APIs the benchmark exposes services through. */
export type BenchApi = 'istio' | 'gateway-api';

export const BENCH_APIS: readonly BenchApi[] = ['istio', 'gateway-api'];

/**
 * What each service of the benchmark exposes:
 * - `simple`: its own host, two path-prefix rules, an existing Service;
 * - `rich`: four routes (a prefix split 90/10 between two versions with a
 *   timeout, an exact path, a header match, a regular-expression path), a
 *   TlsIngress for every tenth service, an HttpbinApp as the backend of every
 *   fiftieth;
 * - `wildcard`: like `simple`, on a wildcard host of its own (`*.svc-<i>.example.com`).
 */
export type BenchScenario = 'simple' | 'rich' | 'wildcard';

export const BENCH_SCENARIOS: readonly BenchScenario[] = ['simple', 'rich'];

/**
 * `count` services exposed through one gateway (with the Gateway API and the
 * rich scenario, one gateway per 250 services: a Gateway holds at most 64
 * listeners, and each TLS host adds an HTTPS and a redirecting listener):
 * the shape of a platform team's app, scaled up.
 *
 * With the Istio API the gateway is the default one (bundled proxy in
 * `istio-ingress`), and its Gateway lists every host. With the Gateway API the
 * gateway serves `*.example.com` with a single HTTP listener, and sits next to
 * the routes in `default` (a listener accepts routes from its own namespace by
 * default).
 */
export function exposeServices(app: App, api: BenchApi, count: number, scenario: BenchScenario = 'simple'): Chart {
  const chart = new Chart(app, 'bench');
  const gateways: IngressGateway[] = [];
  const perGateway = api === 'gateway-api' && scenario === 'rich' ? 250 : count;
  const gatewayFor = (i: number): IngressGateway => {
    const g = Math.floor(i / perGateway);
    gateways[g] ??=
      api === 'istio'
        ? new IngressGateway(chart, 'gateway')
        : new IngressGateway(chart, g === 0 ? 'gateway' : `gateway-${g}`, { namespace: 'default', api: IngressApi.gatewayApi(), hosts: ['*.example.com'] });
    return gateways[g];
  };
  for (let i = 0; i < count; i++) {
    const gateway = gatewayFor(i);
    const host = scenario === 'wildcard' ? `*.svc-${i}.example.com` : `svc-${i}.example.com`;
    if (scenario !== 'rich') {
      new ExposedService(chart, `svc-${i}`, {
        gateway,
        backend: service(`svc-${i}`),
        hosts: [host],
        routes: [{ matches: [RouteMatch.pathPrefix('/api')] }, { matches: [RouteMatch.pathPrefix('/static')] }],
      });
      continue;
    }
    const backend: IBackend = i % 50 === 0 ? new HttpbinApp(chart, `httpbin-${i}`) : service(`svc-${i}`);
    new ExposedService(chart, `svc-${i}`, {
      gateway,
      backend,
      hosts: [host],
      routes: [
        {
          matches: [RouteMatch.pathPrefix('/api')],
          backends: [
            { backend, weight: 90 },
            { backend: service(`svc-${i}-canary`), weight: 10 },
          ],
          timeout: Duration.seconds(10),
        },
        { matches: [RouteMatch.exactPath('/healthz')] },
        { matches: [RouteMatch.of({ headers: { 'x-canary': StringMatch.exact('always') } })], backends: [{ backend: service(`svc-${i}-canary`) }] },
        { matches: [RouteMatch.pathRegex('/items/[0-9]+')] },
      ],
    });
    if (i % 10 === 0) new TlsIngress(chart, `svc-${i}-tls`, { gateway, hosts: [host], certificate: CertificateSource.fromSecretName(`svc-${i}-credential`) });
  }
  return chart;
}

function service(name: string): Backend {
  return Backend.fromServiceName(name, { namespace: 'default', port: 8080, portName: 'http' });
}
