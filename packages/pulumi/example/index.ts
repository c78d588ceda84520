import * as pulumi from '@pulumi/pulumi';
import { Chart } from 'cdk8s';
import { ExposedService, HttpbinApp, IngressGateway, RouteMatch } from 'cdk8s-istio-ingress';
import { IngressDeployment } from 'cdk8s-istio-ingress-pulumi';

const config = new pulumi.Config();

// Istio's "Control Ingress Traffic" task: the httpbin-istio-api chart of
// the repository's examples/istio-api.ts, built here from the published package as your own
// program would be.
const httpbin = new IngressDeployment('httpbin', {
  build: (app) => {
    const chart = new Chart(app, 'httpbin-istio-api');
    const gateway = new IngressGateway(chart, 'httpbin-gateway');
    const backend = new HttpbinApp(chart, 'httpbin', { namespace: config.get('namespace') });
    new ExposedService(chart, 'httpbin-ingress', {
      name: 'httpbin',
      gateway,
      backend,
      hosts: ['httpbin.example.com'],
      routes: [{ matches: [RouteMatch.pathPrefix('/status'), RouteMatch.pathPrefix('/delay')] }],
    });
  },
  awaitLoadBalancer: config.getBoolean('awaitLoadBalancer'),
});

/** `http://<load balancer>`: curl it with `-H Host:httpbin.example.com`. */
export const url = httpbin.url;
/** The load balancer's IP or hostname, and the gateway's ports and node ports by name. */
export const address = httpbin.address;
