import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AllowedRoutes, ExposedService, HttpbinApp, IngressApi, IngressGateway, ListenerProtocol, RouteMatch } from '../src';

/**
 * "Sharing a gateway between teams", the platform team's side, Gateway API:
 * one Gateway `edge` for every `*.example.com` host, in its own namespace,
 * accepting routes from namespaces labelled `shared-gateway-access: "true"`
 * (the label the Gateway API's shared-gateway guide uses). Istio deploys its
 * proxy. Nothing is exposed here: the app teams attach their routes.
 */
export class SharedGatewayApiPlatform extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new IngressGateway(this, 'edge', {
      namespace: 'edge',
      api: IngressApi.gatewayApi({ allowedRoutes: AllowedRoutes.fromNamespacesWithLabels({ 'shared-gateway-access': 'true' }) }),
      hosts: ['*.example.com'],
    });
  }
}

/**
 * The same, an app team's side: its own namespace (labelled so that the
 * Gateway accepts its routes), httpbin, and an HTTPRoute attached to the
 * platform team's Gateway by name. Only the team's objects are rendered.
 */
export class SharedGatewayApiApp extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new ApiObject(this, 'namespace', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'shared-gateway-access': 'true' } },
    });
    const edge = IngressGateway.fromGatewayName(this, 'edge', {
      api: IngressApi.gatewayApi(),
      name: 'edge',
      namespace: 'edge',
      sectionName: 'http',
      listeners: [{ name: 'http', hostname: '*.example.com', allowedRoutes: AllowedRoutes.fromNamespacesWithLabels({ 'shared-gateway-access': 'true' }) }],
    });
    new ExposedService(this, 'shop', {
      gateway: edge,
      backend: new HttpbinApp(this, 'httpbin', { namespace: 'shop', createNamespace: false }),
      hosts: ['shop.example.com'],
      routes: [{ matches: [RouteMatch.pathPrefix('/status'), RouteMatch.pathPrefix('/delay')] }],
    });
  }
}

/**
 * The Istio API version, platform side: Gateway `edge` and its proxy in
 * `istio-ingress`, serving `*.example.com`.
 */
export class SharedIstioApiPlatform extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new IngressGateway(this, 'edge', { hosts: ['*.example.com'] });
  }
}

/** The Istio API version, app side: a VirtualService in the team's namespace bound to `istio-ingress/edge`. */
export class SharedIstioApiApp extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const edge = IngressGateway.fromGatewayName(this, 'edge', {
      name: 'edge',
      namespace: 'istio-ingress',
      listeners: [{ protocol: ListenerProtocol.HTTP, hostname: '*.example.com' }],
    });
    new ExposedService(this, 'store', {
      gateway: edge,
      backend: new HttpbinApp(this, 'httpbin', { namespace: 'store' }),
      hosts: ['store.example.com'],
      routes: [{ matches: [RouteMatch.pathPrefix('/status'), RouteMatch.pathPrefix('/delay')] }],
    });
  }
}
