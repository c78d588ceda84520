import { Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  AllowedRoutes,
  Backend,
  CertificateSource,
  ExposedService,
  GatewayProxy,
  HttpbinApp,
  HttpMethod,
  IngressApi,
  IngressGateway,
  IngressGatewayProps,
  PathMatch,
  RouteMatch,
  StringMatch,
  TlsIngress,
} from '../src';
import { Manifest, newChart, ofKind, only, synth } from './support/synth';

function gatewayApi(chart: Chart, props: IngressGatewayProps = {}) {
  return new IngressGateway(chart, 'httpbin-gateway', { namespace: 'default', api: IngressApi.gatewayApi(), ...props });
}

function exposeHttpbin(chart: Chart, gateway: IngressGateway, hosts = ['httpbin.example.com']): Manifest[] {
  new ExposedService(chart, 'httpbin-route', { name: 'httpbin', gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts });
  return synth(chart);
}

describe('Gateway API: the ingress task with Gateway and HTTPRoute', () => {
  test('httpbin on httpbin.example.com with /status and /delay renders the seed Gateway and HTTPRoute', () => {
    // GIVEN
    const chart = newChart();
    const gateway = gatewayApi(chart);

    // WHEN
    new ExposedService(chart, 'httpbin-route', {
      name: 'httpbin',
      gateway,
      backend: new HttpbinApp(chart, 'httpbin'),
      hosts: ['httpbin.example.com'],
      routes: [{ matches: [RouteMatch.pathPrefix('/status'), RouteMatch.pathPrefix('/delay')] }],
    });

    // THEN
    const objects = synth(chart);
    expect(only(objects, 'Gateway')).toStrictEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'httpbin-gateway', namespace: 'default' },
      spec: {
        gatewayClassName: 'istio',
        listeners: [{ name: 'http', hostname: 'httpbin.example.com', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } }],
      },
    });
    expect(only(objects, 'HTTPRoute')).toStrictEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'httpbin', namespace: 'default' },
      spec: {
        parentRefs: [{ name: 'httpbin-gateway' }],
        hostnames: ['httpbin.example.com'],
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/status' } }, { path: { type: 'PathPrefix', value: '/delay' } }],
            backendRefs: [{ name: 'httpbin', port: 8000 }],
          },
        ],
      },
    });
  });

  test('the hostname-less variant has a listener and a route without hostnames', () => {
    const chart = newChart();
    const result = exposeHttpbin(chart, gatewayApi(chart), ['*']);
    expect(only(result, 'Gateway').spec.listeners).toStrictEqual([{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } }]);
    expect(only(result, 'HTTPRoute').spec.hostnames).toBeUndefined();
  });

  test('by default Istio deploys the proxy: nothing but the Gateway is generated for it, and its names are known', () => {
    const chart = newChart();
    const gateway = gatewayApi(chart);
    const objects = exposeHttpbin(chart, gateway);
    expect(objects.map((o) => o.kind)).toStrictEqual(['Gateway', 'ServiceAccount', 'Service', 'Deployment', 'HTTPRoute']);
    expect(ofKind(objects, 'Role')).toHaveLength(0);
    expect(only(objects, 'Gateway').metadata.annotations).toBeUndefined();
    expect(gateway.toModel().proxy).toStrictEqual({
      mode: 'automated',
      namespace: 'default',
      selector: { 'gateway.networking.k8s.io/gateway-name': 'httpbin-gateway' },
      serviceName: 'httpbin-gateway-istio',
      serviceType: 'LoadBalancer',
    });
  });

  test.each([kplus.ServiceType.NODE_PORT, kplus.ServiceType.CLUSTER_IP])('an automated proxy gets Service type %s through Istio\'s annotation', (serviceType) => {
    const chart = newChart();
    const objects = exposeHttpbin(chart, gatewayApi(chart, { serviceType }));
    expect(only(objects, 'Gateway').metadata.annotations).toStrictEqual({ 'networking.istio.io/service-type': serviceType });
  });

  test('without a load balancer the automated proxy\'s Service defaults to NodePort', () => {
    const chart = newChart();
    const objects = exposeHttpbin(chart, gatewayApi(chart, { loadBalancerAvailable: false }));
    expect(only(objects, 'Gateway').metadata.annotations).toStrictEqual({ 'networking.istio.io/service-type': 'NodePort' });
  });

  test('a manually deployed (bundled) proxy is addressed by its Service hostname, without RBAC, with ports following the listeners', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw', { api: IngressApi.gatewayApi({ allowedRoutes: AllowedRoutes.allNamespaces() }), proxy: GatewayProxy.bundled() });
    const httpbin = new HttpbinApp(chart, 'httpbin');
    new ExposedService(chart, 'a', { gateway, backend: httpbin, hosts: ['a.example.com'] });
    new ExposedService(chart, 'b', { gateway, backend: httpbin, hosts: ['b.example.com'], port: 8080 });
    const objects = synth(chart);
    expect(only(objects, 'Gateway').spec.addresses).toStrictEqual([{ type: 'Hostname', value: 'istio-ingressgateway.istio-ingress.svc.cluster.local' }]);
    expect(ofKind(objects, 'Role')).toHaveLength(0);
    expect(ofKind(objects, 'RoleBinding')).toHaveLength(0);
    expect(only(objects, 'Deployment', 'istio-ingressgateway').metadata.namespace).toBe('istio-ingress');
    expect(only(objects, 'Service', 'istio-ingressgateway').spec.ports.map((p: { port: number }) => p.port)).toStrictEqual([15021, 80, 443, 8080]);
  });

  test('an existing proxy is addressed through its Service, by a Gateway in the proxy\'s namespace', () => {
    const chart = newChart();
    const gateway = gatewayApi(chart, {
      namespace: 'istio-system',
      createNamespace: false,
      api: IngressApi.gatewayApi({ allowedRoutes: AllowedRoutes.allNamespaces() }),
      proxy: GatewayProxy.existing({ selector: { istio: 'ingressgateway' }, namespace: 'istio-system', serviceName: 'istio-ingressgateway' }),
    });
    const objects = exposeHttpbin(chart, gateway);
    expect(only(objects, 'Gateway').metadata.namespace).toBe('istio-system');
    expect(only(objects, 'Gateway').spec.addresses).toStrictEqual([{ type: 'Hostname', value: 'istio-ingressgateway.istio-system.svc.cluster.local' }]);
    expect(ofKind(objects, 'Namespace')).toHaveLength(0);
  });

  test('fails for an existing proxy in another namespace than the Gateway: istiod looks for spec.addresses among the Gateway namespace\'s Services (ResolveGatewayInstances), so it would never be Programmed', () => {
    expect(() =>
      gatewayApi(newChart(), { proxy: GatewayProxy.existing({ selector: { istio: 'ingressgateway' }, namespace: 'istio-system', serviceName: 'istio-ingressgateway' }) }),
    ).toThrow(
      /\[test\/httpbin-gateway\] namespace: "default" is not the namespace of the existing proxy \(istio-system\), but Istio binds a Gateway API Gateway only to a proxy Service in the Gateway's own namespace, .*put the gateway in namespace "istio-system"/,
    );
  });

  test('allowedRoutes, gatewayClassName and infrastructure labels and annotations are configurable', () => {
    const chart = newChart();
    const gateway = gatewayApi(chart, {
      api: IngressApi.gatewayApi({
        gatewayClassName: 'istio-canary',
        allowedRoutes: AllowedRoutes.fromNamespacesWithLabels({ 'kubernetes.io/metadata.name': 'default' }),
        infrastructureLabels: { team: 'edge' },
        infrastructureAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' },
      }),
    });
    const spec = only(exposeHttpbin(chart, gateway), 'Gateway').spec;
    expect(spec.gatewayClassName).toBe('istio-canary');
    expect(spec.infrastructure).toStrictEqual({ labels: { team: 'edge' }, annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' } });
    expect(spec.listeners[0].allowedRoutes).toStrictEqual({
      namespaces: { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'default' } } },
    });
  });

  test('several hosts get one listener each; routes attach without sectionName when the gateway has one port', () => {
    const chart = newChart();
    const gateway = gatewayApi(chart);
    const httpbin = new HttpbinApp(chart, 'httpbin');
    new ExposedService(chart, 'a', { gateway, backend: httpbin, hosts: ['a.example.com', 'b.example.com'] });
    new ExposedService(chart, 'c', { gateway, backend: httpbin, hosts: ['*.example.org'] });
    const objects = synth(chart);
    expect(only(objects, 'Gateway').spec.listeners.map((l: { name: string; hostname: string }) => [l.name, l.hostname])).toStrictEqual([
      ['http-wildcard.example.org', '*.example.org'],
      ['http-a.example.com', 'a.example.com'],
      ['http-b.example.com', 'b.example.com'],
    ]);
    expect(only(objects, 'HTTPRoute', 'a').spec.parentRefs).toStrictEqual([{ name: 'httpbin-gateway' }]);
  });

  test('a route on one port attaches by sectionName when the gateway listens on other ports too', () => {
    const chart = newChart();
    const gateway = gatewayApi(chart);
    const httpbin = new HttpbinApp(chart, 'httpbin');
    new ExposedService(chart, 'web', { gateway, backend: httpbin, hosts: ['a.example.com'] });
    new ExposedService(chart, 'admin', { gateway, backend: httpbin, hosts: ['a.example.com', 'b.example.com'], port: 8080 });
    const objects = synth(chart);
    expect(only(objects, 'HTTPRoute', 'admin').spec.parentRefs).toStrictEqual([
      { name: 'httpbin-gateway', sectionName: 'http-8080-a.example.com' },
      { name: 'httpbin-gateway', sectionName: 'http-8080-b.example.com' },
    ]);
    expect(only(objects, 'HTTPRoute', 'web').spec.parentRefs).toStrictEqual([{ name: 'httpbin-gateway', sectionName: 'http' }]);
  });

  test('matches, methods, headers, query parameters and timeouts render as HTTPRoute fields', () => {
    const chart = newChart();
    const gateway = gatewayApi(chart);
    new ExposedService(chart, 'api', {
      gateway,
      backend: Backend.fromServiceName('api', { port: 8080, portName: 'http' }),
      hosts: ['api.example.com'],
      routes: [
        {
          name: 'users',
          timeout: Duration.seconds(4),
          matches: [
            RouteMatch.of({
              path: PathMatch.regex('/users/[0-9]+'),
              method: HttpMethod.POST,
              headers: { 'X-Team': StringMatch.exact('a') },
              queryParams: { v: StringMatch.regex('[0-9]+') },
            }),
            RouteMatch.exactPath('/users'),
          ],
        },
      ],
    });
    expect(only(synth(chart), 'HTTPRoute').spec.rules).toStrictEqual([
      {
        name: 'users',
        matches: [
          {
            path: { type: 'RegularExpression', value: '/users/[0-9]+' },
            method: 'POST',
            headers: [{ type: 'Exact', name: 'x-team', value: 'a' }],
            queryParams: [{ type: 'RegularExpression', name: 'v', value: '[0-9]+' }],
          },
          { path: { type: 'Exact', value: '/users' } },
        ],
        backendRefs: [{ name: 'api', port: 8080 }],
        timeouts: { request: '4s' },
      },
    ]);
  });

  test('a backend in another namespace gets the ReferenceGrant it needs, in its namespace', () => {
    const chart = newChart();
    const gateway = gatewayApi(chart, { namespace: 'edge', api: IngressApi.gatewayApi({ allowedRoutes: AllowedRoutes.allNamespaces() }) });
    new ExposedService(chart, 'shop', {
      gateway,
      namespace: 'edge',
      backend: Backend.fromServiceName('shop', { namespace: 'shop', port: 80, portName: 'http' }),
      hosts: ['shop.example.com'],
    });
    const objects = synth(chart);
    expect(only(objects, 'HTTPRoute').spec.rules[0].backendRefs).toStrictEqual([{ name: 'shop', namespace: 'shop', port: 80 }]);
    expect(only(objects, 'ReferenceGrant')).toStrictEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'ReferenceGrant',
      metadata: { name: 'edge.shop', namespace: 'shop' },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'edge' }],
        to: [{ group: '', kind: 'Service', name: 'shop' }],
      },
    });
  });

  test('a route in another namespace than the gateway references the gateway namespace', () => {
    const chart = newChart();
    const gateway = gatewayApi(chart, { namespace: 'edge', api: IngressApi.gatewayApi({ allowedRoutes: AllowedRoutes.allNamespaces() }) });
    const objects = exposeHttpbin(chart, gateway);
    expect(only(objects, 'HTTPRoute').spec.parentRefs).toStrictEqual([{ name: 'httpbin-gateway', namespace: 'edge' }]);
    expect(ofKind(objects, 'ReferenceGrant')).toHaveLength(0);
  });
});

describe('Gateway API errors', () => {
  test('fails when a route lives in a namespace the gateway does not accept routes from (allowedRoutes Same)', () => {
    const chart = newChart();
    const gateway = gatewayApi(chart, { namespace: 'edge' });
    new ExposedService(chart, 'httpbin-route', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['a.com'] });
    expect(() => synth(chart)).toThrow(
      /\[test\/httpbin-route\] namespace: the route is in namespace default, but gateway edge\/httpbin-gateway only accepts routes from its own namespace \(allowedRoutes from: Same\), so the route would never attach; put the ExposedService in namespace edge, or let the gateway accept it with IngressApi\.gatewayApi\(\{ allowedRoutes: AllowedRoutes\.allNamespaces\(\) \}\)/,
    );
  });

  test('fails when the namespace selector would not match the route namespace', () => {
    const chart = newChart();
    const gateway = gatewayApi(chart, { namespace: 'edge', api: IngressApi.gatewayApi({ allowedRoutes: AllowedRoutes.fromNamespacesWithLabels({ 'kubernetes.io/metadata.name': 'shop' }) }) });
    new ExposedService(chart, 'httpbin-route', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['a.com'] });
    expect(() => synth(chart)).toThrow(
      /\[test\/httpbin-route\] namespace: the route is in namespace default, whose labels do not match the gateway's allowedRoutes selector \(kubernetes\.io\/metadata\.name=shop missing\)/,
    );
  });

  test('checks selectors against the labels of namespaces the app creates, and trusts namespaces it does not know', () => {
    const chart = newChart();
    const gateway = gatewayApi(chart, { namespace: 'edge', api: IngressApi.gatewayApi({ allowedRoutes: AllowedRoutes.fromNamespacesWithLabels({ exposed: 'true' }) }) });
    new IngressGateway(chart, 'other', { namespace: 'labelled', namespaceLabels: { exposed: 'true' }, api: IngressApi.gatewayApi() });
    new ExposedService(chart, 'ok', { gateway, backend: new HttpbinApp(chart, 'httpbin', { namespace: 'labelled', createNamespace: false }), hosts: ['a.com'] });
    new ExposedService(chart, 'unknown', { gateway, backend: Backend.fromServiceName('x', { namespace: 'elsewhere', port: 80 }), hosts: ['b.com'] });
    new ExposedService(chart, 'other-route', { gateway: chart.node.findChild('other') as IngressGateway, namespace: 'labelled', backend: Backend.fromServiceName('x', { port: 80 }), hosts: ['c.com'] });
    expect(() => synth(chart)).not.toThrow();

    const bad = newChart();
    const gateway2 = gatewayApi(bad, { namespace: 'edge', api: IngressApi.gatewayApi({ allowedRoutes: AllowedRoutes.fromNamespacesWithLabels({ exposed: 'true' }) }) });
    new HttpbinApp(bad, 'apps', { namespace: 'apps' });
    new ExposedService(bad, 'route', { gateway: gateway2, backend: Backend.fromServiceName('x', { namespace: 'apps', port: 80 }), hosts: ['a.com'] });
    expect(() => synth(bad)).toThrow(/\[test\/route\] namespace: the route is in namespace apps, whose labels do not match the gateway's allowedRoutes selector \(exposed=true missing\)/);
  });

  test('fails when the gateway would need more than 64 listeners', () => {
    const chart = newChart();
    const gateway = gatewayApi(chart);
    const httpbin = new HttpbinApp(chart, 'httpbin');
    for (let i = 0; i < 5; i++) {
      const hosts = Array.from({ length: 13 }, (_, j) => `host-${i}-${j}.example.com`);
      new ExposedService(chart, `many-${i}`, { gateway, backend: httpbin, hosts });
    }
    expect(() => synth(chart)).toThrow(
      /\[test\/httpbin-gateway\] hosts: gateway default\/httpbin-gateway needs 65 listeners \(one per host and port\) but the Gateway API allows at most 64; serve the hosts with a wildcard/,
    );
  });

  test('fails when a route would exceed the HTTPRoute limits of 16 hostnames and 16 rules', () => {
    const chart = newChart();
    const gateway = gatewayApi(chart, { hosts: ['*.example.com'] });
    const hosts = Array.from({ length: 17 }, (_, i) => `host-${i}.example.com`);
    const routes = Array.from({ length: 17 }, (_, i) => ({ matches: [RouteMatch.pathPrefix(`/p${i}`)] }));
    new ExposedService(chart, 'many', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts, routes });
    expect(() => synth(chart)).toThrow(/\[test\/many\] hosts: has 17 hosts, but an HTTPRoute holds at most 16 hostnames; cover them with a wildcard host/);
    expect(() => synth(chart)).toThrow(/\[test\/many\] routes: has 17 routes, but an HTTPRoute holds at most 16 rules/);
  });

  test('fails when a route would attach to more than the 32 listeners an HTTPRoute can name', () => {
    const chart = newChart();
    const hosts = Array.from({ length: 40 }, (_, i) => `host-${i}.example.com`);
    const gateway = gatewayApi(chart, { hosts });
    const httpbin = new HttpbinApp(chart, 'httpbin');
    // The HTTPS listener makes the route name each plain-HTTP listener it is served by instead of the whole Gateway.
    new TlsIngress(chart, 'tls', { gateway, hosts: ['host-0.example.com'], certificate: CertificateSource.fromSecretName('host-0-credential') });
    new ExposedService(chart, 'everything', { gateway, backend: httpbin, hosts: ['*'] });
    expect(() => synth(chart)).toThrow(/\[test\/everything\] hosts: would attach to 40 listeners, but an HTTPRoute holds at most 32 parent references; serve its hosts with a wildcard host/);
  });

  test('a gateway restricted to a wildcard host serves many hosts with one listener', () => {
    const chart = newChart();
    const gateway = gatewayApi(chart, { hosts: ['*.example.com'] });
    const httpbin = new HttpbinApp(chart, 'httpbin');
    for (let i = 0; i < 5; i++) {
      new ExposedService(chart, `many-${i}`, { gateway, backend: httpbin, hosts: Array.from({ length: 13 }, (_, j) => `host-${i}-${j}.example.com`) });
    }
    expect(only(synth(chart), 'Gateway').spec.listeners).toHaveLength(1);
  });

  test('fails when a route host intersects no listener hostname (the classic 404)', () => {
    const chart = newChart();
    const gateway = gatewayApi(chart, { hosts: ['*.example.com'] });
    new ExposedService(chart, 'route', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['example.org'] });
    expect(() => synth(chart)).toThrow(/\[test\/route\] hosts\[0\]: host "example\.org" is not served by gateway default\/httpbin-gateway on port 80/);
  });

  test('fails at construct time for names Istio could not use, and for an existing proxy without a Service', () => {
    expect(() => new IngressGateway(newChart(), 'g'.repeat(58), { api: IngressApi.gatewayApi() })).toThrow(
      /name: "g{58}" is too long: Istio names the proxy "g{58}-istio", which must be at most 63 characters; use at most 57/,
    );
    expect(() => new IngressGateway(newChart(), 'gw', { namespace: 'istio-system', api: IngressApi.gatewayApi(), proxy: GatewayProxy.existing({ selector: { istio: 'ingressgateway' } }) })).toThrow(
      /\[test\/gw\] proxy\.serviceName: the Gateway API addresses an existing proxy through its Service: give the serviceName of the proxy/,
    );
    expect(() => new IngressGateway(newChart(), 'gw', { api: IngressApi.gatewayApi({ gatewayClassName: 'Istio' }) })).toThrow(/api\.gatewayClassName: "Istio" must consist of lower-case/);
    expect(() => new IngressGateway(newChart(), 'gw', { api: IngressApi.gatewayApi({ allowedRoutes: AllowedRoutes.fromNamespacesWithLabels({}) }) })).toThrow(
      /api\.allowedRoutes: a namespace selector needs at least one label/,
    );
  });

  test('fails for a LoadBalancer in a cluster declared to have none', () => {
    expect(
      () => new IngressGateway(newChart(), 'gw', { api: IngressApi.gatewayApi(), loadBalancerAvailable: false, serviceType: kplus.ServiceType.LOAD_BALANCER }),
    ).toThrow(/\[test\/gw\] serviceType: LoadBalancer was chosen, but loadBalancerAvailable is false: the Service would stay <pending> and the gateway unreachable/);
  });
});
