import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Backend, ExposedService, HttpbinApp, IngressGateway, RouteMatch } from '../src';

/**
 * Istio's "Control Ingress Traffic" task with the Istio API: httpbin behind a
 * gateway on httpbin.example.com, /status and /delay exposed, everything else 404.
 */
export class HttpbinIstioApi extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const gateway = new IngressGateway(this, 'httpbin-gateway');
    const httpbin = new HttpbinApp(this, 'httpbin');
    new ExposedService(this, 'httpbin-ingress', {
      name: 'httpbin',
      gateway,
      backend: httpbin,
      hosts: ['httpbin.example.com'],
      routes: [{ matches: [RouteMatch.pathPrefix('/status'), RouteMatch.pathPrefix('/delay')] }],
    });
  }
}

/** The same task's browser variant: any host, /headers exposed. */
export class HttpbinIstioApiAnyHost extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const gateway = new IngressGateway(this, 'httpbin-gateway');
    const httpbin = new HttpbinApp(this, 'httpbin');
    new ExposedService(this, 'httpbin-ingress', {
      name: 'httpbin',
      gateway,
      backend: httpbin,
      hosts: ['*'],
      routes: [{ matches: [RouteMatch.pathPrefix('/headers')] }],
    });
  }
}

/** The legacy ingress task's routing rule: /delay answers within 4s, /status as before. */
export class HttpbinIstioApiTimeout extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const gateway = new IngressGateway(this, 'httpbin-gateway');
    const httpbin = new HttpbinApp(this, 'httpbin');
    new ExposedService(this, 'httpbin-ingress', {
      name: 'httpbin',
      gateway,
      backend: httpbin,
      hosts: ['httpbin.example.com'],
      routes: [
        { matches: [RouteMatch.pathPrefix('/status')] },
        { matches: [RouteMatch.pathPrefix('/delay')], timeout: Duration.seconds(4) },
      ],
    });
  }
}

/** A minimal gateway for an existing `hello` Service on hello.com, through the default istio-ingressgateway. */
export class HelloIstioApi extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const gateway = new IngressGateway(this, 'hello-gateway');
    new ExposedService(this, 'frontend-ingress', {
      gateway,
      backend: Backend.fromServiceName('hello', { namespace: 'default', port: 80, portName: 'http' }),
      hosts: ['hello.com'],
    });
  }
}
