import { App, Duration } from 'cdk8s';
import { buildExamples } from '../examples/main';
import {
  Backend,
  ExposedService,
  GatewayProxy,
  HttpbinApp,
  HttpMethod,
  IngressApi,
  IngressGateway,
  KubernetesIngressOptions,
  PathMatch,
  RouteMatch,
  StringMatch,
} from '../src';
import { renderIngressSpec } from '../src/render/kubernetes-ingress';
import { ListenerIndex } from '../src/model/attachment';
import { SharedClientCas } from '../src/model/credentials';
import { IngressApiKind, PathMatchType, ProxyMode, ResolvedGatewayModel, RouteModel } from '../src/model/types';
import { gatewayModel } from './support/models';
import { Manifest, newChart, ofKind, only, synth, synthApp } from './support/synth';

/** A chart with a Kubernetes Ingress gateway and an httpbin. */
function setup(options: KubernetesIngressOptions = {}) {
  const chart = newChart();
  const gateway = new IngressGateway(chart, 'gw', { api: IngressApi.kubernetesIngress(options) });
  const httpbin = new HttpbinApp(chart, 'httpbin');
  return { chart, gateway, httpbin };
}

const HTTPBIN_BACKEND = { service: { name: 'httpbin', port: { number: 8000 } } };

describe('Kubernetes Ingress: Istio\'s Kubernetes Ingress task', () => {
  test('the class-annotation variant renders the seed Ingress on httpbin.example.com with /status, and no IngressClass', () => {
    // GIVEN
    const { chart, gateway, httpbin } = setup({ classAnnotation: true });

    // WHEN
    new ExposedService(chart, 'httpbin-ingress', {
      name: 'ingress',
      gateway,
      backend: httpbin,
      hosts: ['httpbin.example.com'],
      routes: [{ matches: [RouteMatch.pathPrefix('/status')] }],
    });

    // THEN
    const objects = synth(chart);
    expect(only(objects, 'Ingress')).toStrictEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'ingress', namespace: 'default', annotations: { 'kubernetes.io/ingress.class': 'istio' } },
      spec: {
        rules: [{ host: 'httpbin.example.com', http: { paths: [{ path: '/status', pathType: 'Prefix', backend: HTTPBIN_BACKEND }] } }],
      },
    });
    expect(ofKind(objects, 'IngressClass')).toHaveLength(0);
  });

  test('the IngressClass variant renders the seed IngressClass and an Ingress referencing it with / Prefix', () => {
    const { chart, gateway, httpbin } = setup();
    new ExposedService(chart, 'httpbin-ingress', {
      name: 'ingress',
      gateway,
      backend: httpbin,
      hosts: ['httpbin.example.com'],
      routes: [{ matches: [RouteMatch.pathPrefix('/')] }],
    });
    const objects = synth(chart);
    expect(only(objects, 'IngressClass')).toStrictEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: 'istio' },
      spec: { controller: 'istio.io/ingress-controller' },
    });
    expect(only(objects, 'Ingress')).toStrictEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'ingress', namespace: 'default' },
      spec: {
        ingressClassName: 'istio',
        rules: [{ host: 'httpbin.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: HTTPBIN_BACKEND }] } }],
      },
    });
  });

  test('no Gateway or VirtualService is rendered; the bundled proxy keeps its secrets Role for spec.tls credentials', () => {
    const { chart, gateway, httpbin } = setup();
    new ExposedService(chart, 'app', { gateway, backend: httpbin, hosts: ['a.example.com'] });
    const objects = synth(chart);
    expect(ofKind(objects, 'Gateway')).toHaveLength(0);
    expect(ofKind(objects, 'VirtualService')).toHaveLength(0);
    expect(only(objects, 'Role').rules).toStrictEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }]);
  });
});

describe('Kubernetes Ingress: the class', () => {
  function ingressObjects(options: KubernetesIngressOptions, gatewayProps: { labels?: Record<string, string>; annotations?: Record<string, string> } = {}): Manifest[] {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw', { api: IngressApi.kubernetesIngress(options), ...gatewayProps });
    new ExposedService(chart, 'app', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['a.example.com'] });
    return synth(chart);
  }

  test('the IngressClass can be marked as the cluster default', () => {
    expect(only(ingressObjects({ defaultClass: true }), 'IngressClass').metadata).toStrictEqual({
      name: 'istio',
      annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' },
    });
  });

  test('a custom class name names the IngressClass and is referenced by the Ingresses', () => {
    const objects = ingressObjects({ ingressClassName: 'istio-public' });
    expect(only(objects, 'IngressClass').metadata.name).toBe('istio-public');
    expect(only(objects, 'Ingress').spec.ingressClassName).toBe('istio-public');
  });

  test('with the class annotation, the class name is the annotation value and spec.ingressClassName is not set', () => {
    const ingress = only(ingressObjects({ classAnnotation: true, ingressClassName: 'istio-legacy' }), 'Ingress');
    expect(ingress.metadata.annotations).toStrictEqual({ 'kubernetes.io/ingress.class': 'istio-legacy' });
    expect(ingress.spec.ingressClassName).toBeUndefined();
  });

  test('an existing IngressClass is referenced without being created; the annotation variant may still create one', () => {
    const referenced = ingressObjects({ createIngressClass: false });
    expect(ofKind(referenced, 'IngressClass')).toHaveLength(0);
    expect(only(referenced, 'Ingress').spec.ingressClassName).toBe('istio');
    const both = ingressObjects({ classAnnotation: true, createIngressClass: true });
    expect(only(both, 'IngressClass').metadata.name).toBe('istio');
    expect(only(both, 'Ingress').spec.ingressClassName).toBeUndefined();
  });

  test('the gateway\'s labels and annotations go on the IngressClass', () => {
    const ingressClass = only(ingressObjects({ defaultClass: true }, { labels: { team: 'edge' }, annotations: { owner: 'platform' } }), 'IngressClass');
    expect(ingressClass.metadata).toStrictEqual({
      name: 'istio',
      labels: { team: 'edge' },
      annotations: { owner: 'platform', 'ingressclass.kubernetes.io/is-default-class': 'true' },
    });
  });

  test('every Ingress carries the istio class, by name or annotation, so Istio never silently ignores one', () => {
    const app = buildExamples(new App());
    const chart = newChart();
    const classed = new IngressGateway(chart, 'by-name', { api: IngressApi.kubernetesIngress(), proxy: GatewayProxy.existing({ selector: { istio: 'ingressgateway' } }) });
    const annotated = new IngressGateway(chart, 'by-annotation', {
      api: IngressApi.kubernetesIngress({ classAnnotation: true }),
      proxy: GatewayProxy.existing({ selector: { istio: 'ingressgateway' } }),
    });
    const httpbin = new HttpbinApp(chart, 'httpbin');
    new ExposedService(chart, 'a', { gateway: classed, backend: httpbin, hosts: ['a.example.com'] });
    new ExposedService(chart, 'b', { gateway: annotated, backend: httpbin, hosts: ['b.example.com'] });
    const objects = [...synthApp(app), ...synth(chart)];
    const classes = new Map(ofKind(objects, 'IngressClass').map((c) => [c.metadata.name, c.spec.controller]));
    const ingresses = ofKind(objects, 'Ingress');
    expect(ingresses.length).toBeGreaterThanOrEqual(4);
    for (const ingress of ingresses) {
      const annotation = ingress.metadata.annotations?.['kubernetes.io/ingress.class'];
      if (annotation !== undefined) {
        expect(annotation).toBe('istio');
        expect(ingress.spec.ingressClassName).toBeUndefined();
      } else {
        expect(ingress.spec.ingressClassName).toBe('istio');
      }
    }
    for (const controller of classes.values()) expect(controller).toBe('istio.io/ingress-controller');
  });

  test('two gateways in one chart share the IngressClass when the second does not create it', () => {
    const chart = newChart();
    const proxy = () => GatewayProxy.existing({ selector: { istio: 'ingressgateway' } });
    const one = new IngressGateway(chart, 'one', { api: IngressApi.kubernetesIngress(), proxy: proxy() });
    const two = new IngressGateway(chart, 'two', { api: IngressApi.kubernetesIngress({ createIngressClass: false }), proxy: proxy() });
    const httpbin = new HttpbinApp(chart, 'httpbin');
    new ExposedService(chart, 'a', { gateway: one, backend: httpbin, hosts: ['a.example.com'] });
    new ExposedService(chart, 'b', { gateway: two, backend: httpbin, hosts: ['b.example.com'] });
    const objects = synth(chart);
    expect(ofKind(objects, 'IngressClass')).toHaveLength(1);
    expect(ofKind(objects, 'Ingress').map((i) => i.spec.ingressClassName)).toStrictEqual(['istio', 'istio']);
  });

  test('fails when two gateways of a chart would both create the IngressClass', () => {
    const chart = newChart();
    new IngressGateway(chart, 'one', { api: IngressApi.kubernetesIngress() });
    expect(() => new IngressGateway(chart, 'two', { api: IngressApi.kubernetesIngress(), namespace: 'edge' })).toThrow(
      /\[test\/two\] api\.createIngressClass: IngressClass "istio" is already created by test\/one in this chart; set createIngressClass: false here/,
    );
  });

  test('fails for an invalid class name, an invalid selector, or a default class that is never created', () => {
    const gateway = (options: KubernetesIngressOptions) => () => new IngressGateway(newChart(), 'gw', { api: IngressApi.kubernetesIngress(options) });
    expect(gateway({ ingressClassName: 'Istio' })).toThrow(/\[test\/gw\] api\.ingressClassName: "Istio" must consist of lower-case letters, digits, "-" and "\."/);
    expect(gateway({ ingressSelector: '' })).toThrow(/\[test\/gw\] api\.ingressSelector: "" must not be empty/);
    expect(gateway({ ingressSelector: 'ingress gateway' })).toThrow(/api\.ingressSelector: "ingress gateway" must be empty or at most 63 characters/);
    expect(gateway({ classAnnotation: true, defaultClass: true })).toThrow(
      /\[test\/gw\] api\.defaultClass: marks the IngressClass as the cluster default, but no IngressClass is created \(createIngressClass is false, the default with classAnnotation\); set createIngressClass: true, or drop defaultClass/,
    );
    expect(gateway({ createIngressClass: false, defaultClass: true })).toThrow(/no IngressClass is created \(createIngressClass is false\);/);
  });
});

describe('Kubernetes Ingress: rules and paths', () => {
  test('one rule per host; "*" is a rule without host and "*.example.com" a wildcard host', () => {
    const { chart, gateway, httpbin } = setup();
    new ExposedService(chart, 'app', {
      gateway,
      backend: httpbin,
      hosts: ['*.example.com', '*', 'a.example.org'],
      routes: [{ matches: [RouteMatch.pathPrefix('/headers')] }],
    });
    const paths = [{ path: '/headers', pathType: 'Prefix', backend: HTTPBIN_BACKEND }];
    expect(only(synth(chart), 'Ingress').spec.rules).toStrictEqual([
      { host: '*.example.com', http: { paths } },
      { http: { paths } },
      { host: 'a.example.org', http: { paths } },
    ]);
  });

  test('exact paths render as Exact and prefixes as Prefix, most specific first whatever the declaration order', () => {
    const { chart, gateway, httpbin } = setup();
    new ExposedService(chart, 'app', {
      gateway,
      backend: httpbin,
      hosts: ['a.example.com'],
      routes: [
        { matches: [RouteMatch.pathPrefix('/')] },
        { matches: [RouteMatch.pathPrefix('/status'), RouteMatch.exactPath('/get')] },
        { matches: [RouteMatch.of({ path: PathMatch.exact('/status/teapot') }), RouteMatch.pathPrefix('/status/5')] },
      ],
    });
    const paths = only(synth(chart), 'Ingress').spec.rules[0].http.paths;
    expect(paths.map((p: any) => [p.pathType, p.path])).toStrictEqual([
      ['Exact', '/status/teapot'],
      ['Exact', '/get'],
      ['Prefix', '/status/5'],
      ['Prefix', '/status'],
      ['Prefix', '/'],
    ]);
  });

  test('a service without routes, or a match without conditions, is served on / Prefix', () => {
    const { chart, gateway, httpbin } = setup();
    new ExposedService(chart, 'all', { gateway, backend: httpbin, hosts: ['a.example.com'] });
    new ExposedService(chart, 'any', { gateway, backend: httpbin, hosts: ['b.example.com'], routes: [{ matches: [RouteMatch.of({})] }] });
    const objects = synth(chart);
    for (const name of ['all', 'any']) {
      expect(only(objects, 'Ingress', name).spec.rules[0].http.paths).toStrictEqual([{ path: '/', pathType: 'Prefix', backend: HTTPBIN_BACKEND }]);
    }
  });

  test('a backend known by port name only is addressed by port name', () => {
    const { chart, gateway } = setup();
    new ExposedService(chart, 'web', { gateway, backend: Backend.fromServiceName('web', { portName: 'http-web' }), hosts: ['web.example.com'] });
    const [path] = only(synth(chart), 'Ingress').spec.rules[0].http.paths;
    expect(path.backend).toStrictEqual({ service: { name: 'web', port: { name: 'http-web' } } });
  });

  test('the Ingress lives in the backend namespace, named after the service', () => {
    const { chart, gateway } = setup();
    new ExposedService(chart, 'shop-ingress', {
      name: 'shop',
      gateway,
      backend: new HttpbinApp(chart, 'shop-backend', { name: 'shop', namespace: 'shop' }),
      hosts: ['shop.example.com'],
    });
    expect(only(synth(chart), 'Ingress').metadata).toStrictEqual({ name: 'shop', namespace: 'shop' });
  });

  test('routes and hosts added after construction appear', () => {
    const { chart, gateway, httpbin } = setup();
    const service = new ExposedService(chart, 'app', { gateway, backend: httpbin, hosts: ['a.example.com'], routes: [{ matches: [RouteMatch.pathPrefix('/status')] }] });
    service.addRoute({ matches: [RouteMatch.exactPath('/late')] });
    service.addHost('b.example.com');
    const rules = only(synth(chart), 'Ingress').spec.rules;
    expect(rules.map((r: any) => r.host)).toStrictEqual(['a.example.com', 'b.example.com']);
    expect(rules[1].http.paths.map((p: any) => p.path)).toStrictEqual(['/late', '/status']);
  });

  test('output is deterministic: the same chart built twice gives identical objects', () => {
    const build = () => {
      const { chart, gateway, httpbin } = setup();
      new ExposedService(chart, 'app', {
        gateway,
        backend: httpbin,
        hosts: ['b.example.com', 'a.example.com'],
        routes: [{ matches: [RouteMatch.pathPrefix('/b'), RouteMatch.pathPrefix('/a')] }, { matches: [RouteMatch.pathPrefix('/c')] }],
      });
      return JSON.stringify(synth(chart));
    };
    expect(build()).toBe(build());
  });

  test('the pure renderer refuses a regular-expression path rather than misrender it', () => {
    const route: RouteModel = {
      source: 'app/route',
      name: 'route',
      namespace: 'default',
      hosts: ['a.example.com'],
      port: 80,
      rules: [{ matches: [{ path: { type: PathMatchType.REGEX, value: '/v[0-9]+' } }], backends: [{ name: 'web', namespace: 'default', port: 80 }] }],
    };
    const model = ingressGatewayModel([route]);
    expect(() => renderIngressSpec(route, { model, listeners: new ListenerIndex(model.listeners), clientCas: new SharedClientCas(model.tls) }, 'istio')).toThrow(/an Ingress path cannot express a RegularExpression match \("\/v\[0-9\]\+"\)/);
  });
});

describe('Kubernetes Ingress: the proxy Istio serves Ingresses through', () => {
  test('the default bundled proxy carries the label of the default ingressSelector', () => {
    const { chart, gateway, httpbin } = setup();
    new ExposedService(chart, 'app', { gateway, backend: httpbin, hosts: ['a.example.com'] });
    const deployment = only(synth(chart), 'Deployment', 'istio-ingressgateway');
    expect(deployment.metadata.namespace).toBe('istio-ingress');
    expect(deployment.spec.template.metadata.labels.istio).toBe('ingressgateway');
  });

  test('a bundled proxy with another name works when ingressSelector matches its istio label', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw', {
      api: IngressApi.kubernetesIngress({ ingressSelector: 'public-gateway' }),
      proxy: GatewayProxy.bundled({ name: 'istio-public-gateway' }),
    });
    new ExposedService(chart, 'app', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['a.example.com'] });
    expect(only(synth(chart), 'Deployment', 'istio-public-gateway').spec.template.metadata.labels.istio).toBe('public-gateway');
  });

  test('fails when the bundled proxy\'s istio label is not the ingressSelector', () => {
    expect(() => new IngressGateway(newChart(), 'gw', { api: IngressApi.kubernetesIngress(), proxy: GatewayProxy.bundled({ name: 'edge-gateway' }) })).toThrow(
      /\[test\/gw\] proxy\.name: the bundled proxy labels its pods istio: edge-gateway, but Istio serves Ingresses only through pods labelled istio: ingressgateway \(the mesh config's ingressSelector\); keep the default proxy name "istio-ingressgateway", or set ingressSelector: "edge-gateway" here and in the mesh config/,
    );
  });

  test('an existing proxy selected by the ingressSelector label is accepted, and nothing is deployed for it', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw', {
      api: IngressApi.kubernetesIngress(),
      namespace: 'default',
      proxy: GatewayProxy.existing({ selector: { istio: 'ingressgateway', app: 'istio-ingressgateway' } }),
    });
    new ExposedService(chart, 'app', { gateway, backend: Backend.fromServiceName('web', { port: 80, portName: 'http' }), hosts: ['a.example.com'] });
    expect(synth(chart).map((o) => o.kind)).toStrictEqual(['IngressClass', 'Ingress']);
  });

  test('fails when an existing proxy is not selected by the ingressSelector label', () => {
    expect(
      () => new IngressGateway(newChart(), 'gw', { api: IngressApi.kubernetesIngress(), proxy: GatewayProxy.existing({ selector: { app: 'edge' } }) }),
    ).toThrow(/\[test\/gw\] proxy\.selector: the existing proxy is selected by \{"app":"edge"\}, which lacks istio: ingressgateway, the label Istio serves Ingresses through/);
  });

  test('fails for an automated proxy, which only the Gateway API has', () => {
    expect(() => new IngressGateway(newChart(), 'gw', { api: IngressApi.kubernetesIngress(), proxy: GatewayProxy.automated() })).toThrow(
      /proxy: GatewayProxy\.automated\(\) cannot be used with the kubernetes-ingress API; it supports: GatewayProxy\.bundled\(\), GatewayProxy\.existing\(\)/,
    );
  });
});

describe('Kubernetes Ingress: what an Ingress cannot express fails at synth time', () => {
  const ALTERNATIVES = /use the Istio API \(IngressApi\.istio\(\)\) or the Gateway API \(IngressApi\.gatewayApi\(\)\)/;

  test.each([
    ['regular-expression path match', 'routes[0].matches[0].path', { matches: [RouteMatch.pathRegex('/status/[0-9]+')] }],
    ['header match', 'routes[0].matches[0].headers', { matches: [RouteMatch.of({ path: PathMatch.prefix('/a'), headers: { 'x-user': StringMatch.exact('alice') } })] }],
    ['regular-expression header match', 'routes[0].matches[0].headers', { matches: [RouteMatch.of({ headers: { 'x-user': StringMatch.regex('a.*') } })] }],
    ['query parameter match', 'routes[0].matches[0].queryParams', { matches: [RouteMatch.of({ queryParams: { debug: StringMatch.exact('1') } })] }],
    ['regular-expression query parameter match', 'routes[0].matches[0].queryParams', { matches: [RouteMatch.of({ queryParams: { v: StringMatch.regex('[0-9]') } })] }],
    ['HTTP method match', 'routes[0].matches[0].method', { matches: [RouteMatch.of({ method: HttpMethod.GET })] }],
    ['request timeout', 'routes[0].timeout', { matches: [RouteMatch.pathPrefix('/delay')], timeout: Duration.seconds(4) }],
  ])('fails for a %s, naming the feature, the flavour and the APIs that support it', (title, field, route) => {
    const { chart, gateway, httpbin } = setup();
    new ExposedService(chart, 'app', { gateway, backend: httpbin, hosts: ['a.example.com'], routes: [route] });
    let message = '';
    try {
      synth(chart);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain(`[test/app] ${field}: ${title} is not supported by the Kubernetes Ingress (IngressApi.kubernetesIngress()): `);
    expect(message).toMatch(ALTERNATIVES);
  });

  test('the same routes synthesise with the Istio API', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw', { api: IngressApi.istio() });
    new ExposedService(chart, 'app', {
      gateway,
      backend: new HttpbinApp(chart, 'httpbin'),
      hosts: ['a.example.com'],
      routes: [{ matches: [RouteMatch.of({ path: PathMatch.regex('/s/[0-9]+'), method: HttpMethod.GET, headers: { 'x-a': StringMatch.exact('1') } })], timeout: Duration.seconds(4) }],
    });
    expect(() => synth(chart)).not.toThrow();
  });

  test('fails for a backend in another namespace than the Ingress, saying how to fix it', () => {
    const { chart, gateway } = setup();
    new ExposedService(chart, 'app', {
      gateway,
      backend: Backend.fromServiceName('web', { namespace: 'apps', port: 80, portName: 'http' }),
      hosts: ['a.example.com'],
      namespace: 'edge',
      routes: [{ matches: [RouteMatch.pathPrefix('/a')] }, { matches: [RouteMatch.pathPrefix('/b')] }],
    });
    let message = '';
    try {
      synth(chart);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(
      /\[test\/app\] backend: Service apps\/web is in namespace apps, but an Ingress can only send traffic to Services in its own namespace \(edge\); put the route in namespace apps \(leave its namespace unset, or set it to "apps"\), or use the Istio API/,
    );
    expect(message.match(/Service apps\/web is in namespace apps/g)).toHaveLength(1);
  });

  test('fails for a port other than 80, which Istio does not serve Ingresses on', () => {
    const { chart, gateway, httpbin } = setup();
    new ExposedService(chart, 'app', { gateway, backend: httpbin, hosts: ['a.example.com'], port: 8080 });
    expect(() => synth(chart)).toThrow(
      /\[test\/app\] port: 8080 cannot be used: an Ingress has no port, and Istio serves Ingresses over HTTP on port 80 only; leave the port at its default \(80\), or use the Istio API/,
    );
  });
});

/** The resolved model of a Kubernetes Ingress gateway with these routes, and no listeners. */
function ingressGatewayModel(routes: RouteModel[]): ResolvedGatewayModel {
  const model = gatewayModel({
    source: 'app/gw',
    api: IngressApiKind.KUBERNETES_INGRESS,
    name: 'gw',
    namespace: 'istio-ingress',
    proxy: { mode: ProxyMode.BUNDLED, namespace: 'istio-ingress', selector: { istio: 'ingressgateway' } },
    routes,
  });
  return { ...model, listeners: [] };
}
