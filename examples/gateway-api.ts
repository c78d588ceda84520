import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AllowedRoutes, ExposedService, GatewayProxy, HttpbinApp, IngressApi, IngressGateway, RouteMatch } from '../src';

/**
 * Istio's ingress task with the Kubernetes Gateway API: Gateway and HTTPRoute
 * next to httpbin in `default`; Istio deploys the proxy (`httpbin-gateway-istio`).
 */
export class HttpbinGatewayApi extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const gateway = new IngressGateway(this, 'httpbin-gateway', { namespace: 'default', api: IngressApi.gatewayApi() });
    const httpbin = new HttpbinApp(this, 'httpbin');
    new ExposedService(this, 'httpbin-route', {
      name: 'httpbin',
      gateway,
      backend: httpbin,
      hosts: ['httpbin.example.com'],
      routes: [{ matches: [RouteMatch.pathPrefix('/status'), RouteMatch.pathPrefix('/delay')] }],
    });
  }
}

/** The task's browser variant: no hostnames on the listener or the route, /headers exposed. */
export class HttpbinGatewayApiAnyHost extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const gateway = new IngressGateway(this, 'httpbin-gateway', { namespace: 'default', api: IngressApi.gatewayApi() });
    const httpbin = new HttpbinApp(this, 'httpbin');
    new ExposedService(this, 'httpbin-route', {
      name: 'httpbin',
      gateway,
      backend: httpbin,
      hosts: ['*'],
      routes: [{ matches: [RouteMatch.pathPrefix('/headers')] }],
    });
  }
}

/**
 * The production layout the task mentions: the Gateway and a proxy we deploy
 * ("manual deployment") in `istio-ingress`, routes from the `default`
 * namespace allowed by name.
 */
export class HttpbinGatewayApiManual extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const gateway = new IngressGateway(this, 'httpbin-gateway', {
      api: IngressApi.gatewayApi({ allowedRoutes: AllowedRoutes.fromNamespacesWithLabels({ 'kubernetes.io/metadata.name': 'default' }) }),
      proxy: GatewayProxy.bundled(),
    });
    const httpbin = new HttpbinApp(this, 'httpbin');
    new ExposedService(this, 'httpbin-route', {
      name: 'httpbin',
      gateway,
      backend: httpbin,
      hosts: ['httpbin.example.com'],
      routes: [{ matches: [RouteMatch.pathPrefix('/status'), RouteMatch.pathPrefix('/delay')] }],
    });
  }
}

/**
 * The Gateway API with the proxy an Istio install already runs
 * (`istio-ingressgateway` in `istio-system`, installed by istioctl or the
 * gateway chart): the Gateway goes in the proxy's namespace, since istiod
 * binds `spec.addresses` only to a Service of the Gateway's own namespace;
 * routes from `default` are allowed by name. Nothing is deployed for the proxy.
 */
export class HttpbinGatewayApiExisting extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const gateway = new IngressGateway(this, 'httpbin-gateway', {
      namespace: 'istio-system',
      createNamespace: false,
      api: IngressApi.gatewayApi({ allowedRoutes: AllowedRoutes.fromNamespacesWithLabels({ 'kubernetes.io/metadata.name': 'default' }) }),
      proxy: GatewayProxy.existing({ selector: { istio: 'ingressgateway' }, namespace: 'istio-system', serviceName: 'istio-ingressgateway' }),
    });
    new ExposedService(this, 'httpbin-route', {
      name: 'httpbin',
      gateway,
      backend: new HttpbinApp(this, 'httpbin'),
      hosts: ['httpbin.example.com'],
      routes: [{ matches: [RouteMatch.pathPrefix('/status'), RouteMatch.pathPrefix('/delay')] }],
    });
  }
}
