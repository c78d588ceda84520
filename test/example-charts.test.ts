import { App } from 'cdk8s';
import { buildExamples } from '../examples/main';
import { Manifest, ofKind, only, synthApp } from './support/synth';

// What the example charts must show, field by field (the snapshots in
// examples.test.ts keep the whole picture), and that each chart deploys
// every backend it routes to.

const app = buildExamples(new App());
synthApp(app);
const charts = new Map(app.charts.map((chart) => [chart.node.id, chart.toJson() as Manifest[]]));

function chart(id: string): Manifest[] {
  const objects = charts.get(id);
  if (!objects) throw new Error(`no example chart ${id}`);
  return objects;
}

/** The VirtualService route (Istio API) or HTTPRoute rule (Gateway API) of that name. */
function istioRoute(id: string, name: string): any {
  return only(chart(id), 'VirtualService').spec.http.find((r: any) => r.name === name);
}
function gatewayRule(id: string, name: string): any {
  return only(chart(id), 'HTTPRoute').spec.rules.find((r: any) => r.name === name);
}

const HTTPBIN = { destination: { host: 'httpbin.default.svc.cluster.local', port: { number: 8000 } } };
const HTTPBIN_REF = { name: 'httpbin', port: 8000 };

describe('every example chart deploys what it routes to', () => {
  /** Charts that route to a Service the user brings, by design. */
  const BRING_YOUR_OWN: Record<string, string> = {
    'hello-istio-api': 'the scenario is a gateway for an existing Service "hello"',
  };

  /** Every Service port a chart's routes, mirrors and passthrough routes send traffic to, as namespace/name:port. */
  function destinations(objects: Manifest[]): string[] {
    const found: string[] = [];
    for (const vs of ofKind(objects, 'VirtualService')) {
      for (const route of [...(vs.spec.http ?? []), ...(vs.spec.tls ?? [])]) {
        for (const d of [...(route.route ?? []), ...(route.mirrors ?? [])]) {
          const [name, namespace] = d.destination.host.split('.');
          found.push(`${namespace}/${name}:${d.destination.port.number}`);
        }
      }
    }
    for (const route of [...ofKind(objects, 'HTTPRoute'), ...ofKind(objects, 'TLSRoute')]) {
      for (const rule of route.spec.rules) {
        const mirrors = (rule.filters ?? []).filter((f: any) => f.type === 'RequestMirror').map((f: any) => f.requestMirror.backendRef);
        for (const ref of [...(rule.backendRefs ?? []), ...mirrors]) found.push(`${ref.namespace ?? route.metadata.namespace}/${ref.name}:${ref.port}`);
      }
    }
    for (const ingress of ofKind(objects, 'Ingress')) {
      for (const rule of ingress.spec.rules) {
        for (const path of rule.http.paths) found.push(`${ingress.metadata.namespace}/${path.backend.service.name}:${path.backend.service.port.number}`);
      }
    }
    return [...new Set(found)].sort();
  }

  /** Why `destination` would not be served by the chart's own objects, or undefined if it is. */
  function unserved(objects: Manifest[], destination: string): string | undefined {
    const [, namespace, name, port] = /^(.*)\/(.*):(\d+)$/.exec(destination)!;
    const service = objects.find((o) => o.kind === 'Service' && o.metadata.name === name && (o.metadata.namespace ?? 'default') === namespace);
    if (!service) return 'no Service';
    const servicePort = service.spec.ports.find((p: any) => p.port === Number(port));
    if (!servicePort) return `Service has no port ${port}`;
    const pods = ofKind(objects, 'Deployment').filter(
      (d) => d.metadata.namespace === namespace && Object.entries(service.spec.selector).every(([k, v]) => d.spec.template.metadata.labels[k] === v),
    );
    if (pods.length === 0) return 'no Deployment selected by the Service';
    const served = pods.every((d) =>
      d.spec.template.spec.containers.some((c: any) =>
        (c.ports ?? []).some((p: any) => p.containerPort === servicePort.targetPort || p.name === servicePort.targetPort),
      ),
    );
    return served ? undefined : `target port ${servicePort.targetPort} is not a container port of every selected Deployment`;
  }

  test.each([...charts.keys()])('%s', (id) => {
    const problems = destinations(chart(id))
      .map((d) => [d, unserved(chart(id), d)] as const)
      .filter(([, problem]) => problem !== undefined)
      .map(([d, problem]) => `${d}: ${problem}`);
    if (id in BRING_YOUR_OWN) expect(problems).toStrictEqual(['default/hello:80: no Service']);
    else expect(problems).toStrictEqual([]);
  });

  test('the check finds what is missing', () => {
    const objects = chart('two-hosts-istio-api-tls').filter((o) => !(o.kind === 'Deployment' && o.metadata.name === 'helloworld-v1'));
    expect(unserved(objects, 'default/helloworld:5000')).toBe('no Deployment selected by the Service');
    expect(unserved(objects, 'default/helloworld:5001')).toBe('Service has no port 5001');
    expect(unserved(objects, 'default/nothing:80')).toBe('no Service');
  });
});

describe('complete TLS examples', () => {
  test.each(['two-hosts-istio-api-tls', 'two-hosts-gateway-api-tls'])('%s deploys helloworld (Service http 5000, hardened)', (id) => {
    const service = only(chart(id), 'Service', 'helloworld');
    expect(service.spec.ports).toStrictEqual([{ name: 'http', port: 5000, targetPort: 5000, protocol: 'TCP', appProtocol: 'http' }]);
    const pod = only(chart(id), 'Deployment', 'helloworld-v1').spec.template.spec;
    expect(pod.containers[0].image).toBe('registry.istio.io/release/examples-helloworld-v1:1.0');
    expect(pod.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    expect(pod.containers[0].volumeMounts).toStrictEqual([{ name: 'tmp', mountPath: '/tmp' }]);
  });

  test('two hosts, Istio API: /hello of helloworld.example.com goes to helloworld:5000', () => {
    const vs = only(chart('two-hosts-istio-api-tls'), 'VirtualService', 'helloworld');
    expect(vs.spec.hosts).toStrictEqual(['helloworld.example.com']);
    expect(vs.spec.http).toStrictEqual([{ match: [{ uri: { prefix: '/hello' } }], route: [{ destination: { host: 'helloworld.default.svc.cluster.local', port: { number: 5000 } } }] }]);
  });

  test.each(['nginx-istio-api-passthrough', 'nginx-gateway-api-passthrough'])('%s deploys my-nginx terminating TLS with nginx-server-certs', (id) => {
    const objects = chart(id);
    expect(only(objects, 'Service', 'my-nginx').spec.ports).toStrictEqual([{ name: 'https', port: 443, targetPort: 'https', protocol: 'TCP' }]);
    const pod = only(objects, 'Deployment', 'my-nginx').spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'certs', secret: { secretName: 'nginx-server-certs', defaultMode: 0o440 } });
    expect(pod.containers[0].ports).toStrictEqual([{ name: 'https', containerPort: 8443, protocol: 'TCP' }]);
    const conf = only(objects, 'ConfigMap', 'my-nginx').data['default.conf'];
    expect(conf).toContain('listen 8443 ssl;');
    expect(conf).toContain('server_name nginx.example.com;');
    expect(conf).toContain('ssl_certificate /etc/nginx-server-certs/tls.crt;');
    expect(conf).toContain('ssl_certificate_key /etc/nginx-server-certs/tls.key;');
    // The chart never carries the certificate itself.
    expect(ofKind(objects, 'Secret')).toStrictEqual([]);
  });

  test('passthrough, Istio API: SNI nginx.example.com to my-nginx:443', () => {
    expect(only(chart('nginx-istio-api-passthrough'), 'VirtualService').spec.tls).toStrictEqual([
      { match: [{ port: 443, sniHosts: ['nginx.example.com'] }], route: [{ destination: { host: 'my-nginx.default.svc.cluster.local', port: { number: 443 } } }] },
    ]);
  });

  test('passthrough, Gateway API: a TLSRoute to my-nginx:443', () => {
    const route = only(chart('nginx-gateway-api-passthrough'), 'TLSRoute');
    expect(route.spec.hostnames).toStrictEqual(['nginx.example.com']);
    expect(route.spec.rules).toStrictEqual([{ backendRefs: [{ name: 'my-nginx', port: 443 }] }]);
  });
});

describe('one chart per traffic feature', () => {
  test('rewrite, Istio API: prefix /api removed (a regex rewrite), Host replaced', () => {
    expect(istioRoute('httpbin-istio-api-rewrite', 'api')).toStrictEqual({
      match: [{ uri: { prefix: '/api' } }],
      name: 'api',
      rewrite: { authority: 'httpbin.internal', uriRegexRewrite: { match: '^/api/?', rewrite: '/' } },
      route: [HTTPBIN],
    });
  });

  test('rewrite, Gateway API: a URLRewrite filter', () => {
    expect(gatewayRule('httpbin-gateway-api-rewrite', 'api').filters).toStrictEqual([
      { type: 'URLRewrite', urlRewrite: { hostname: 'httpbin.internal', path: { replacePrefixMatch: '/', type: 'ReplacePrefixMatch' } } },
    ]);
  });

  test('redirect, Istio API: a 301 to a new path and a 302 to https://httpbin.org, no destinations', () => {
    expect(istioRoute('httpbin-istio-api-redirect', 'moved')).toStrictEqual({
      match: [{ uri: { exact: '/old-status' } }],
      name: 'moved',
      redirect: { derivePort: 'FROM_REQUEST_PORT', redirectCode: 301, uri: '/status/200' },
    });
    expect(istioRoute('httpbin-istio-api-redirect', 'upstream').redirect).toStrictEqual({
      authority: 'httpbin.org',
      derivePort: 'FROM_PROTOCOL_DEFAULT',
      redirectCode: 302,
      scheme: 'https',
    });
  });

  test('redirect, Gateway API: RequestRedirect filters without backendRefs', () => {
    const moved = gatewayRule('httpbin-gateway-api-redirect', 'moved');
    expect(moved.backendRefs).toBeUndefined();
    expect(moved.filters).toStrictEqual([{ type: 'RequestRedirect', requestRedirect: { path: { replaceFullPath: '/status/200', type: 'ReplaceFullPath' }, statusCode: 301 } }]);
    expect(gatewayRule('httpbin-gateway-api-redirect', 'upstream').filters).toStrictEqual([
      { type: 'RequestRedirect', requestRedirect: { hostname: 'httpbin.org', scheme: 'https', statusCode: 302 } },
    ]);
  });

  test('headers, Istio API: headers.request and headers.response', () => {
    expect(istioRoute('httpbin-istio-api-headers', 'headers').headers).toStrictEqual({
      request: { add: { 'x-gateway': 'istio' }, remove: ['x-debug'], set: { 'x-environment': 'demo' } },
      response: { add: { 'x-served-by': 'httpbin-gateway' }, set: { 'cache-control': 'no-store' } },
    });
  });

  test('headers, Gateway API: RequestHeaderModifier and ResponseHeaderModifier filters', () => {
    expect(gatewayRule('httpbin-gateway-api-headers', 'headers').filters).toStrictEqual([
      {
        type: 'RequestHeaderModifier',
        requestHeaderModifier: { add: [{ name: 'x-gateway', value: 'istio' }], remove: ['x-debug'], set: [{ name: 'x-environment', value: 'demo' }] },
      },
      {
        type: 'ResponseHeaderModifier',
        responseHeaderModifier: { add: [{ name: 'x-served-by', value: 'httpbin-gateway' }], set: [{ name: 'cache-control', value: 'no-store' }] },
      },
    ]);
  });

  test('mirror, both APIs: half of /anything copied to httpbin-v2, answered by httpbin-v1', () => {
    const istio = istioRoute('httpbin-istio-api-mirror', 'mirrored');
    expect(istio.route).toStrictEqual([{ destination: { host: 'httpbin-v1.default.svc.cluster.local', port: { number: 8000 } } }]);
    expect(istio.mirrors).toStrictEqual([{ destination: { host: 'httpbin-v2.default.svc.cluster.local', port: { number: 8000 } }, percentage: { value: 50 } }]);
    const rule = gatewayRule('httpbin-gateway-api-mirror', 'mirrored');
    expect(rule.backendRefs).toStrictEqual([{ name: 'httpbin-v1', port: 8000 }]);
    expect(rule.filters).toStrictEqual([{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'httpbin-v2', port: 8000 }, percent: 50 } }]);
  });

  test('CORS, both APIs: one exact origin, methods, headers, credentials, an hour of caching', () => {
    expect(istioRoute('httpbin-istio-api-cors', 'cors').corsPolicy).toStrictEqual({
      allowCredentials: true,
      allowHeaders: ['authorization', 'content-type'],
      allowMethods: ['GET', 'POST'],
      allowOrigins: [{ exact: 'https://app.example.com' }],
      exposeHeaders: ['x-request-id'],
      maxAge: '3600s',
    });
    expect(gatewayRule('httpbin-gateway-api-cors', 'cors').filters).toStrictEqual([
      {
        type: 'CORS',
        cors: {
          allowCredentials: true,
          allowHeaders: ['authorization', 'content-type'],
          allowMethods: ['GET', 'POST'],
          allowOrigins: ['https://app.example.com'],
          exposeHeaders: ['x-request-id'],
          maxAge: 3600,
        },
      },
    ]);
  });

  test('fault injection, Istio API only: 2s delay for 50%, 503 for 10%', () => {
    expect(istioRoute('httpbin-istio-api-fault', 'faulty')).toStrictEqual({
      fault: { abort: { httpStatus: 503, percentage: { value: 10 } }, delay: { fixedDelay: '2s', percentage: { value: 50 } } },
      match: [{ uri: { prefix: '/headers' } }],
      name: 'faulty',
      route: [HTTPBIN],
    });
    expect(charts.has('httpbin-gateway-api-fault')).toBe(false);
  });

  test('direct response, Istio API only: answered by the gateway, no destination', () => {
    expect(istioRoute('httpbin-istio-api-direct-response', 'healthz')).toStrictEqual({
      directResponse: { body: { string: 'ok' }, status: 200 },
      match: [{ uri: { exact: '/healthz' } }],
      name: 'healthz',
    });
    expect(istioRoute('httpbin-istio-api-direct-response', 'maintenance').directResponse).toStrictEqual({ body: { string: 'down for maintenance' }, status: 503 });
    expect(charts.has('httpbin-gateway-api-direct-response')).toBe(false);
  });

  test.each([
    ['httpbin-istio-api-rewrite'],
    ['httpbin-gateway-api-rewrite'],
    ['httpbin-istio-api-headers'],
    ['httpbin-gateway-api-cors'],
    ['httpbin-istio-api-direct-response'],
  ])('%s keeps /status routed to httpbin', (id) => {
    const objects = chart(id);
    if (ofKind(objects, 'VirtualService').length > 0) {
      expect(istioRoute(id, 'status')).toStrictEqual({ match: [{ uri: { prefix: '/status' } }], name: 'status', route: [HTTPBIN] });
    } else {
      expect(gatewayRule(id, 'status')).toStrictEqual({ backendRefs: [HTTPBIN_REF], matches: [{ path: { type: 'PathPrefix', value: '/status' } }], name: 'status' });
    }
  });

  test('network policies: the proxy open on its ports only, egress inside the cluster; httpbin open to the proxy only', () => {
    const objects = chart('httpbin-istio-api-network-policy');
    const proxy = only(objects, 'NetworkPolicy', 'istio-ingressgateway');
    expect(proxy.metadata.namespace).toBe('istio-ingress');
    expect(proxy.spec).toStrictEqual({
      egress: [{ to: [{ namespaceSelector: {} }] }, { ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }],
      ingress: [
        { ports: [{ port: 80, protocol: 'TCP' }, { port: 443, protocol: 'TCP' }] },
        { ports: [{ port: 15020, protocol: 'TCP' }, { port: 15021, protocol: 'TCP' }, { port: 15090, protocol: 'TCP' }] },
      ],
      podSelector: { matchLabels: { app: 'istio-ingressgateway', istio: 'ingressgateway' } },
      policyTypes: ['Ingress', 'Egress'],
    });
    const httpbin = only(objects, 'NetworkPolicy', 'httpbin');
    expect(httpbin.metadata.namespace).toBe('default');
    expect(httpbin.spec).toStrictEqual({
      ingress: [
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-ingress' } }, podSelector: { matchLabels: { istio: 'ingressgateway' } } }],
          ports: [{ port: 8080, protocol: 'TCP' }],
        },
      ],
      podSelector: { matchLabels: { app: 'httpbin', version: 'v1' } },
      policyTypes: ['Ingress'],
    });
  });
});
