import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { ExposedService, HttpbinApp, IngressApi, IngressGateway, RetryOn, RouteMatch, StringMatch } from '../src';
import type { ApiChoice } from './tls';

/**
 * A canary release of httpbin: 90% of requests to v1, 10% to v2, testers
 * sending `x-canary: always` to v2 only, each request answered within 10s.
 * With the Istio API, failed attempts are retried (3 times, 2s each, on 502,
 * 503, 504 and connection failures); the Gateway API's standard channel has
 * no retry field, so its chart relies on Istio's default retries.
 */
export class HttpbinCanary extends Chart {
  constructor(scope: Construct, id: string, api: ApiChoice) {
    super(scope, id);
    const gateway = new IngressGateway(this, 'httpbin-gateway', api === 'istio' ? {} : { namespace: 'default', api: IngressApi.gatewayApi() });
    const stable = new HttpbinApp(this, 'httpbin-v1', { version: 'v1' });
    const canary = new HttpbinApp(this, 'httpbin-v2', { version: 'v2' });
    const timeout = Duration.seconds(10);
    new ExposedService(this, 'httpbin-route', {
      name: 'httpbin',
      gateway,
      backend: stable,
      hosts: ['httpbin.example.com'],
      routes: [
        { name: 'testers', matches: [RouteMatch.of({ headers: { 'x-canary': StringMatch.exact('always') } })], backends: [{ backend: canary }], timeout },
        {
          name: 'split',
          backends: [
            { backend: stable, weight: 90 },
            { backend: canary, weight: 10 },
          ],
          timeout,
          ...(api === 'istio'
            ? { retries: { attempts: 3, perTryTimeout: Duration.seconds(2), retryOn: [RetryOn.GATEWAY_ERROR, RetryOn.CONNECT_FAILURE] } }
            : {}),
        },
      ],
    });
  }
}
