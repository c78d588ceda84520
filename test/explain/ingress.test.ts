import { RouteOutcome, TraceReason } from '../../src';
import { backends, explain, explainer, service, to, traced, vs } from './support';

const istioClass = `
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: { name: istio }
spec: { controller: istio.io/ingress-controller }
---`;

interface PathSpec {
  readonly path?: string;
  readonly type?: string;
  readonly svc: string;
  readonly port?: number | string;
}

function ingress(name: string, host: string | undefined, paths: PathSpec[], options: { meta?: string; spec?: string; namespace?: string } = {}): string {
  const rendered = paths
    .map((p) => {
      const port = typeof p.port === 'string' ? `{ name: ${p.port} }` : `{ number: ${p.port ?? 8000} }`;
      return `          - ${p.path !== undefined ? `path: "${p.path}"\n            ` : ''}${p.type ? `pathType: ${p.type}\n            ` : ''}backend: { service: { name: ${p.svc}, port: ${port} } }`;
    })
    .join('\n');
  return `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: ${name}, namespace: ${options.namespace ?? 'default'}${options.meta ?? ''} }
spec:
${options.spec ?? '  ingressClassName: istio'}
  rules:
    - ${host ? `host: ${host}\n      ` : ''}http:
        paths:
${rendered}
---`;
}

const services = ['a', 'b', 'c'].map((s) => service(s)).join('\n');

describe('Kubernetes Ingress: which Ingresses Istio takes (istiod: shouldProcessIngressWithClass, STRICT mode)', () => {
  test('Ingress: an Ingress whose IngressClass has controller istio.io/ingress-controller is Istio\'s', () => {
    const result = explain(istioClass + ingress('web', 'web.example.com', [{ path: '/', type: 'Prefix', svc: 'a' }]) + services, 'http://web.example.com/x');
    expect(result).toMatchObject({ outcome: RouteOutcome.FORWARD, gateway: 'istio', listener: { port: 80, protocol: 'HTTP', gateway: { kind: 'Ingress', name: 'web' } } });
    expect(backends(result)).toStrictEqual(['a.default:8000']);
  });

  test('Ingress: another controller\'s class, no class at all, or an annotation naming another class: Istio ignores the Ingress', () => {
    const nginx = `
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: { name: nginx }
spec: { controller: k8s.io/ingress-nginx }
---`;
    const other = explain(nginx + ingress('web', 'web.example.com', [{ path: '/', type: 'Prefix', svc: 'a' }], { spec: '  ingressClassName: nginx' }), 'http://web.example.com/');
    expect(other.outcome).toBe(RouteOutcome.NO_LISTENER);
    expect(traced(other, TraceReason.CLASS_NOT_ISTIO)).toStrictEqual(['Ingress default/web spec.ingressClassName: IngressClass nginx has controller k8s.io/ingress-nginx, not istio.io/ingress-controller, so Istio ignores the Ingress']);
    const none = explain(ingress('web', 'web.example.com', [{ path: '/', type: 'Prefix', svc: 'a' }], { spec: '  defaultBackend: null' }), 'http://web.example.com/');
    expect(traced(none, TraceReason.CLASS_NOT_ISTIO)).toStrictEqual(['Ingress default/web spec.ingressClassName: the Ingress names no class, and Istio (STRICT mode) takes only Ingresses of its class']);
    const annotated = ingress('web', 'web.example.com', [{ path: '/', type: 'Prefix', svc: 'a' }], { meta: ', annotations: { kubernetes.io/ingress.class: nginx }' });
    expect(traced(explain(annotated, 'http://web.example.com/'), TraceReason.CLASS_NOT_ISTIO)[0]).toMatch(/the kubernetes.io\/ingress.class annotation is "nginx", not Istio's "istio"/);
    // The annotation wins over spec.ingressClassName.
    const legacy = ingress('web', 'web.example.com', [{ path: '/', type: 'Prefix', svc: 'a' }], { meta: ', annotations: { kubernetes.io/ingress.class: istio }', spec: '  ingressClassName: nginx' });
    expect(explain(legacy + services, 'http://web.example.com/').outcome).toBe(RouteOutcome.FORWARD);
  });

  test('Ingress: an IngressClass missing from the input is taken as not Istio\'s, with a warning', () => {
    const result = explain(ingress('web', 'web.example.com', [{ path: '/', type: 'Prefix', svc: 'a' }]), 'http://web.example.com/');
    expect(result.outcome).toBe(RouteOutcome.NO_LISTENER);
    expect(result.warnings).toContain('IngressClass istio of Ingress default/web is not in the input; if it exists with controller istio.io/ingress-controller, Istio serves the Ingress');
  });

  test('Ingress: the mesh\'s ingressClass option changes which annotation Istio takes', () => {
    const annotated = ingress('web', 'web.example.com', [{ path: '/', type: 'Prefix', svc: 'a' }], { meta: ', annotations: { kubernetes.io/ingress.class: edge }', spec: '  defaultBackend: null' });
    expect(explain(annotated + services, 'http://web.example.com/', { ingressClass: 'edge' }).outcome).toBe(RouteOutcome.FORWARD);
  });
});

describe('Kubernetes Ingress: paths (istiod: convertIngressRule, sortHTTPRoutes in pilot/pkg/config/kube/ingress)', () => {
  test('Ingress: Prefix matches whole path segments ("/status" matches /status/200 but not /statusx)', () => {
    const yaml = istioClass + ingress('web', 'web.example.com', [{ path: '/status', type: 'Prefix', svc: 'a' }]) + services;
    expect(explain(yaml, 'http://web.example.com/status').outcome).toBe(RouteOutcome.FORWARD);
    expect(explain(yaml, 'http://web.example.com/status/200').outcome).toBe(RouteOutcome.FORWARD);
    expect(explain(yaml, 'http://web.example.com/statusx')).toMatchObject({ outcome: RouteOutcome.NOT_FOUND, statusCode: 404 });
  });

  test('Ingress: the longest path wins, whatever the order written, and Exact beats Prefix at equal length', () => {
    const paths: PathSpec[] = [
      { path: '/', type: 'Prefix', svc: 'a' },
      { path: '/api', type: 'Prefix', svc: 'b' },
      { path: '/api', type: 'Exact', svc: 'c' },
    ];
    const yaml = istioClass + ingress('web', 'web.example.com', paths) + services;
    expect(backends(explain(yaml, 'http://web.example.com/api'))).toStrictEqual(['c.default:8000']);
    expect(backends(explain(yaml, 'http://web.example.com/api/v1'))).toStrictEqual(['b.default:8000']);
    expect(backends(explain(yaml, 'http://web.example.com/other'))).toStrictEqual(['a.default:8000']);
    const shadowed = traced(explain(yaml, 'http://web.example.com/api'), TraceReason.SHADOWED);
    expect(shadowed[0]).toBe('Ingress default/web spec.rules[0].http.paths[1]: path prefix /api: matches too, but Ingress default/web spec.rules[0].http.paths[2] comes first: Exact wins over Prefix at equal length');
  });

  test('Ingress: one virtual host per host across every Ingress; paths of several Ingresses merge by length', () => {
    const yaml = istioClass + ingress('one', 'web.example.com', [{ path: '/', type: 'Prefix', svc: 'a' }]) + ingress('two', 'web.example.com', [{ path: '/two', type: 'Prefix', svc: 'b' }]) + services;
    expect(backends(explain(yaml, 'http://web.example.com/two/x'))).toStrictEqual(['b.default:8000']);
    const table = explainer(yaml).routes();
    expect(table.gateways[0].listeners[0].virtualHosts.map((v) => [v.domains[0], v.routes.map((r) => r.object.name)])).toStrictEqual([['web.example.com', ['two', 'one']]]);
  });

  test('Ingress: at equal length the older Ingress (creation time, then name) comes first (istiod: sortRulesByCreationTimestamp)', () => {
    const one = ingress('zz', 'web.example.com', [{ path: '/same', type: 'Prefix', svc: 'a' }], { meta: ', creationTimestamp: "2020-01-01T00:00:00Z"' });
    const two = ingress('aa', 'web.example.com', [{ path: '/same', type: 'Prefix', svc: 'b' }], { meta: ', creationTimestamp: "2025-01-01T00:00:00Z"' });
    expect(backends(explain(istioClass + one + two + services, 'http://web.example.com/same'))).toStrictEqual(['a.default:8000']);
    const strip = (text: string) => text.replace(/, creationTimestamp: "[^"]*"/, '');
    expect(backends(explain(istioClass + strip(one) + strip(two) + services, 'http://web.example.com/same'))).toStrictEqual(['b.default:8000']);
  });

  test('Ingress: ImplementationSpecific (or no pathType) is Istio\'s legacy notation: "/x/*" and "x.*" are prefixes, "/*" and "" everything, anything else exact (istiod: createFallbackStringMatch)', () => {
    const paths: PathSpec[] = [
      { path: '/files/*', type: 'ImplementationSpecific', svc: 'a' },
      { path: '/img.*', svc: 'b' },
      { path: '/exact', type: 'ImplementationSpecific', svc: 'c' },
    ];
    const yaml = istioClass + ingress('legacy', 'web.example.com', paths) + services;
    expect(backends(explain(yaml, 'http://web.example.com/files/a/b'))).toStrictEqual(['a.default:8000']);
    expect(backends(explain(yaml, 'http://web.example.com/files'))).toStrictEqual(['a.default:8000']);
    // "/img.*" is the prefix "/img", matched by segments like every Ingress prefix.
    expect(backends(explain(yaml, 'http://web.example.com/img/1.png'))).toStrictEqual(['b.default:8000']);
    expect(explain(yaml, 'http://web.example.com/img.png').outcome).toBe(RouteOutcome.NOT_FOUND);
    expect(backends(explain(yaml, 'http://web.example.com/exact'))).toStrictEqual(['c.default:8000']);
    expect(explain(yaml, 'http://web.example.com/exact/x').outcome).toBe(RouteOutcome.NOT_FOUND);
    const everything = istioClass + ingress('all', 'web.example.com', [{ path: '/*', type: 'ImplementationSpecific', svc: 'a' }]) + services;
    expect(explain(everything, 'http://web.example.com/anything/at/all').route?.match).toBe('any request');
  });

  test('Ingress: a rule without host serves every host', () => {
    const yaml = istioClass + ingress('any', undefined, [{ path: '/', type: 'Prefix', svc: 'a' }]) + services;
    expect(explain(yaml, 'http://whatever.example.net/').outcome).toBe(RouteOutcome.FORWARD);
  });

  test('Ingress: a named port is resolved through the Service; a name the Service lacks drops the path, and a Service missing from the input is a warning (istiod: resolveNamedPort)', () => {
    const named = istioClass + ingress('named', 'web.example.com', [{ path: '/', type: 'Prefix', svc: 'a', port: 'http' }]);
    expect(backends(explain(named + services, 'http://web.example.com/'))).toStrictEqual(['a.default:8000']);
    const wrong = istioClass + ingress('named', 'web.example.com', [{ path: '/', type: 'Prefix', svc: 'a', port: 'grpc' }]);
    const dropped = explain(wrong + services, 'http://web.example.com/');
    expect(dropped.outcome).toBe(RouteOutcome.NOT_FOUND);
    expect(traced(dropped, TraceReason.DROPPED)).toStrictEqual(['Ingress default/named spec.rules[0].http.paths[0].backend: Service default/a has no port named "grpc", so istiod skips the path']);
    const missing = explain(named, 'http://web.example.com/');
    expect(missing.warnings).toContain('Service default/a is not in the input: if it has a port named "http", the path of Ingress default/named is served');
  });

  test('Ingress: defaultBackend is ignored ("Ignore default wildcard ingress, use VirtualService")', () => {
    const yaml = istioClass + ingress('web', 'web.example.com', [{ path: '/api', type: 'Prefix', svc: 'a' }], { spec: '  ingressClassName: istio\n  defaultBackend: { service: { name: b, port: { number: 8000 } } }' }) + services;
    const result = explain(yaml, 'http://web.example.com/other');
    expect(result.outcome).toBe(RouteOutcome.NOT_FOUND);
    expect(traced(result, TraceReason.DROPPED)[0]).toMatch(/ignores an Ingress's defaultBackend/);
  });
});

describe('Kubernetes Ingress: TLS and the proxy', () => {
  const tlsSpec = '  ingressClassName: istio\n  tls: [{ hosts: [web.example.com], secretName: web-cert }]';

  test('Ingress: a TLS entry becomes an HTTPS server on 443 for its hosts; port 80 keeps serving plain HTTP (istiod: convertIngressV1alpha3)', () => {
    const yaml = istioClass + ingress('web', 'web.example.com', [{ path: '/', type: 'Prefix', svc: 'a' }], { spec: tlsSpec }) + services;
    expect(explain(yaml, 'https://web.example.com/')).toMatchObject({ outcome: RouteOutcome.FORWARD, listener: { port: 443, protocol: 'HTTPS', tlsMode: 'SIMPLE', hosts: ['web.example.com'] } });
    expect(explain(yaml, 'http://web.example.com/').outcome).toBe(RouteOutcome.FORWARD);
    expect(explain(yaml, 'https://other.example.com/').outcome).toBe(RouteOutcome.NO_LISTENER);
  });

  test('Ingress: a host\'s VirtualService is bound to the Gateway of its first Ingress only, so another Ingress\'s TLS entry for that host serves it no routes', () => {
    const first = ingress('aa-first', 'web.example.com', [{ path: '/', type: 'Prefix', svc: 'a' }]);
    const second = ingress('bb-tls', 'web.example.com', [{ path: '/b', type: 'Prefix', svc: 'b' }], { spec: tlsSpec });
    const yaml = istioClass + first + second + services;
    expect(explain(yaml, 'http://web.example.com/b').outcome).toBe(RouteOutcome.FORWARD);
    expect(explain(yaml, 'https://web.example.com/b')).toMatchObject({ outcome: RouteOutcome.NOT_FOUND, statusCode: 404 });
  });

  test('Ingress: Ingresses and Istio Gateways selecting the same istio: ingressgateway pods share one proxy (mesh ingressSelector)', () => {
    const gateway = `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: gw, namespace: istio-ingress }
spec:
  selector: { istio: ingressgateway }
  servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: [api.example.com] }]
---${vs('api', ['api.example.com'], `    - ${to('b')}`)}`;
    const ex = explainer(istioClass + ingress('web', 'web.example.com', [{ path: '/', type: 'Prefix', svc: 'a' }]) + gateway + services);
    expect(ex.gatewayNames()).toStrictEqual(['istio, istio-ingress/gw']);
    expect(backends(ex.explain({ url: 'http://api.example.com/', gateway: { name: 'istio' } }))).toStrictEqual(['b.default:8000']);
    expect(backends(ex.explain({ url: 'http://web.example.com/', gateway: { namespace: 'istio-ingress', name: 'gw' } }))).toStrictEqual(['a.default:8000']);
  });
});
