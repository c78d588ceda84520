import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ExposedService, HttpbinApp, IngressApi, IngressGateway, RouteMatch } from '../src';

/**
 * Istio's "Kubernetes Ingress" task: httpbin on httpbin.example.com, /status
 * exposed through an Ingress carrying the `kubernetes.io/ingress.class: istio`
 * annotation, everything else 404.
 */
export class HttpbinKubernetesIngress extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const gateway = new IngressGateway(this, 'httpbin-gateway', { api: IngressApi.kubernetesIngress({ classAnnotation: true }) });
    const httpbin = new HttpbinApp(this, 'httpbin');
    new ExposedService(this, 'httpbin-ingress', {
      name: 'ingress',
      gateway,
      backend: httpbin,
      hosts: ['httpbin.example.com'],
      routes: [{ matches: [RouteMatch.pathPrefix('/status')] }],
    });
  }
}

/** The same task's IngressClass variant: an `istio` IngressClass, and every path of httpbin.example.com exposed. */
export class HttpbinKubernetesIngressClass extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const gateway = new IngressGateway(this, 'httpbin-gateway', { api: IngressApi.kubernetesIngress() });
    const httpbin = new HttpbinApp(this, 'httpbin');
    new ExposedService(this, 'httpbin-ingress', {
      name: 'ingress',
      gateway,
      backend: httpbin,
      hosts: ['httpbin.example.com'],
      routes: [{ matches: [RouteMatch.pathPrefix('/')] }],
    });
  }
}
