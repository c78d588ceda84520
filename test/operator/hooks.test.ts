import { connect } from 'node:net';
import { LAST_APPLIED_ANNOTATION } from '../../src/operator/metacontroller';
import { OperatorKind } from '../../src/operator/render';
import { assertValidManifests, validateAgainstCrdSchema, validateManifest } from '../support/schema-validator';
import { assertSecure } from '../support/synth';
import { applied, call, controllerOf, cr, crSchema, Running, startServer, syncRequest } from './support';

const gatewaySpec = { api: { istio: {} } };
const serviceSpec = (extra: object = {}) => ({
  gateway: { name: 'public', namespace: 'istio-ingress' },
  backend: { serviceName: 'httpbin', port: 8000, portName: 'http' },
  hosts: ['httpbin.example.com'],
  ...extra,
});
const gateway = cr('IngressGateway', 'istio-ingress', 'public', gatewaySpec);
const service = cr('ExposedService', 'shop', 'httpbin', serviceSpec({ routes: [{ matches: [{ path: { prefix: '/status' } }] }, { matches: [{ path: { prefix: '/delay' } }], timeout: '4s' }] }));

/** Checks a sync answer as the API server would: children strictly against their schemas and the security rules, status against the CRD. */
function checkAnswer(kind: OperatorKind, parent: object, body: any): void {
  assertValidManifests(body.children);
  assertSecure(body.children);
  expect(validateAgainstCrdSchema(crSchema(kind), { ...parent, status: body.status })).toEqual([]);
  // Hook version v2 decodes responses strictly: nothing but these fields.
  for (const key of Object.keys(body)) expect(['status', 'children', 'resyncAfterSeconds', 'finalized']).toContain(key);
}

describe('hooks over HTTP, with the request shapes of Metacontroller\'s API reference', () => {
  let running: Running;
  beforeAll(async () => {
    running = await startServer();
  });
  afterAll(() => running.server.drain());

  test('ExposedService sync: children keyed Kind.apiVersion, related gateway, the routes of the construct program', async () => {
    const answer = await call(running.port, 'POST', '/sync/exposedservices', syncRequest(service, { related: [gateway, service] }));
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json');
    checkAnswer('ExposedService', service, answer.body);
    expect(answer.body.children).toStrictEqual([
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'httpbin', namespace: 'shop' },
        spec: {
          gateways: ['istio-ingress/public'],
          hosts: ['httpbin.example.com'],
          http: [
            // The longer prefix first (the README's "Route precedence").
            { match: [{ uri: { prefix: '/status' } }], route: [{ destination: { host: 'httpbin.shop.svc.cluster.local', port: { number: 8000 } } }] },
            { match: [{ uri: { prefix: '/delay' } }], route: [{ destination: { host: 'httpbin.shop.svc.cluster.local', port: { number: 8000 } } }], timeout: '4s' },
          ],
        },
      },
    ]);
    expect(answer.body.status).toStrictEqual({
      observedGeneration: 1,
      conditions: [{ type: 'Ready', status: 'True', reason: 'Reconciled', message: 'the objects of the current spec are applied', lastTransitionTime: '2026-06-01T12:00:00Z', observedGeneration: 1 }],
      hosts: ['httpbin.example.com'],
      listeners: [{ name: 'http', port: 80, protocol: 'HTTP', hostname: 'httpbin.example.com' }],
      api: 'istio',
      appliedSpec: service.spec,
    });
  });

  test('IngressGateway sync: the proxy and the Gateway, with servers for every attached service, and its address from the proxy Service', async () => {
    const other = cr('ExposedService', 'blog', 'blog', { ...serviceSpec(), backend: { serviceName: 'blog', port: 80, portName: 'http' }, hosts: ['blog.example.com'] });
    const first = await call(running.port, 'POST', '/sync/ingressgateways', syncRequest(gateway, { related: [gateway, service, other] }));
    expect(first.status).toBe(200);
    checkAnswer('IngressGateway', gateway, first.body);
    const kinds = first.body.children.map((o: any) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`);
    expect(kinds).toEqual([
      'ServiceAccount istio-ingress/istio-ingressgateway',
      'Deployment istio-ingress/istio-ingressgateway',
      'Service istio-ingress/istio-ingressgateway',
      'Role istio-ingress/istio-ingressgateway',
      'RoleBinding istio-ingress/istio-ingressgateway',
      'HorizontalPodAutoscaler istio-ingress/istio-ingressgateway',
      'Gateway istio-ingress/public',
    ]);
    const istioGateway = first.body.children.find((o: any) => o.kind === 'Gateway');
    expect(istioGateway.spec.servers).toStrictEqual([{ hosts: ['blog.example.com', 'httpbin.example.com'], port: { name: 'http', number: 80, protocol: 'HTTP' } }]);
    expect(first.body.status.hosts).toEqual(['blog.example.com', 'httpbin.example.com']);
    expect(first.body.status.addresses).toBeUndefined();

    // WHEN the proxy Service has a load-balancer address
    const children = applied(first.body.children, gateway).map((o) => (o.kind === 'Service' ? { ...o, status: { loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } } } : o));
    const second = await call(running.port, 'POST', '/sync/ingressgateways', syncRequest(gateway, { children, related: [gateway, service, other] }));
    expect(second.body.status.addresses).toStrictEqual([{ type: 'IPAddress', value: '203.0.113.7' }]);
    expect(second.body.children).toStrictEqual(first.body.children);
  });

  test('TlsIngress sync on the Gateway API: the redirect route and the grant for a certificate in another namespace, when that namespace is its own', async () => {
    const gw = cr('IngressGateway', 'edge', 'web', { api: { gatewayApi: { allowedRoutes: { allNamespaces: {} } } } });
    const tls = cr('TlsIngress', 'certs', 'web-tls', { gateway: { name: 'web', namespace: 'edge' }, hosts: ['web.example.com'], certificate: { secret: { name: 'web-cert', namespace: 'certs' } } });
    const svc = cr('ExposedService', 'edge', 'web', { gateway: { name: 'web' }, backend: { serviceName: 'web', port: 80, portName: 'http' }, hosts: ['web.example.com'] });
    const answer = await call(running.port, 'POST', '/sync/tlsingresses', syncRequest(tls, { related: [gw, tls, svc] }));
    expect(answer.status).toBe(200);
    checkAnswer('TlsIngress', tls, answer.body);
    expect(answer.body.children.map((o: any) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'HTTPRoute certs/web-tls-https-redirect',
      'ReferenceGrant certs/edge.web',
    ]);
    expect(answer.body.children[1].spec).toStrictEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'edge' }],
      to: [{ group: '', kind: 'Secret', name: 'web-cert' }],
    });
    expect(answer.body.status.listeners.map((l: any) => `${l.protocol} ${l.port} ${l.hostname}`)).toEqual(['HTTP 80 web.example.com', 'HTTPS 443 web.example.com']);
  });

  test('customize asks for every resource of operator mode (hook version v2: any namespace), and for objects it may need elsewhere', async () => {
    const answer = await call(running.port, 'POST', '/customize/exposedservices', { controller: controllerOf('ExposedService'), parent: service });
    expect(answer.status).toBe(200);
    expect(answer.body).toStrictEqual({
      relatedResources: [
        { apiVersion: 'cdk8s-istio-ingress.github.io/v1alpha1', resource: 'ingressgateways' },
        { apiVersion: 'cdk8s-istio-ingress.github.io/v1alpha1', resource: 'exposedservices' },
        { apiVersion: 'cdk8s-istio-ingress.github.io/v1alpha1', resource: 'tlsingresses' },
        { apiVersion: 'gateway.networking.k8s.io/v1', resource: 'referencegrants' },
      ],
    });
    const existing = cr('IngressGateway', 'istio-ingress', 'shared', { proxy: { existing: { selector: { istio: 'ingressgateway' }, serviceName: 'istio-ingressgateway' } } });
    const withoutGatewayApi = await call(running.port, 'POST', '/customize/ingressgateways', { controller: controllerOf('IngressGateway', {}), parent: existing });
    expect(withoutGatewayApi.body.relatedResources.slice(3)).toStrictEqual([
      { apiVersion: 'networking.k8s.io/v1', resource: 'ingressclasses' },
      { apiVersion: 'v1', resource: 'services', namespace: 'istio-system', names: ['istio-ingressgateway'] },
    ]);
  });

  test('an invalid spec after a valid one answers 200 with the observed children unchanged, and Ready=False naming the field', async () => {
    const first = await call(running.port, 'POST', '/sync/exposedservices', syncRequest(service, { related: [gateway, service] }));
    const observed = applied(first.body.children, service);
    const broken = cr('ExposedService', 'shop', 'httpbin', serviceSpec({ routes: [{ matches: [{ path: { prefix: '/status' } }] }, { timeout: '4s', retries: { attempts: 2, perTryTimeout: '5s' } }] }), {
      metadata: { generation: 2 },
      status: first.body.status,
    });
    const answer = await call(running.port, 'POST', '/sync/exposedservices', syncRequest(broken, { children: observed, related: [gateway, broken] }));
    expect(answer.status).toBe(200);
    checkAnswer('ExposedService', broken, answer.body);
    expect(answer.body.children).toStrictEqual(first.body.children);
    expect(answer.body.status.conditions[0]).toStrictEqual({
      type: 'Ready',
      status: 'False',
      reason: 'InvalidSpec',
      message: "spec.routes[1].retries.perTryTimeout: 5s is longer than the route's timeout (4s), which bounds all attempts together; shorten it, or raise the timeout",
      lastTransitionTime: '2026-06-01T12:00:00Z',
      observedGeneration: 2,
    });
    expect(answer.body.status.appliedSpec).toStrictEqual(service.spec);
    // The gateway still serves the host of the last valid spec.
    const gw = await call(running.port, 'POST', '/sync/ingressgateways', syncRequest(gateway, { related: [gateway, broken] }));
    expect(gw.body.status.hosts).toEqual(['httpbin.example.com']);
  });

  test('a spec the schema refuses (the KRM function\'s and a damaged object\'s case) names every field', async () => {
    const bad = cr('ExposedService', 'shop', 'bad', { ...serviceSpec(), hosts: ['a.example.com', 'a.example.com'], port: 'eighty', colour: 'blue' });
    const answer = await call(running.port, 'POST', '/sync/exposedservices', syncRequest(bad, { related: [gateway, bad] }));
    expect(answer.status).toBe(200);
    expect(answer.body.children).toEqual([]);
    expect(answer.body.status.conditions[0].reason).toBe('InvalidSpec');
    expect(answer.body.status.conditions[0].message).toBe(
      'spec.hosts[1]: "a.example.com" is listed twice; spec.port: expected a number, received "eighty"; spec.colour: is not a known field; known fields: backend, gateway, hosts, port, routes',
    );
  });

  test('a conflict goes against the newcomer: the resource already serving keeps the route', async () => {
    const served = cr('ExposedService', 'shop', 'first', serviceSpec(), { metadata: { creationTimestamp: '2026-01-01T00:00:00Z' } });
    const newcomer = cr('ExposedService', 'shop', 'second', serviceSpec(), { metadata: { creationTimestamp: '2026-02-01T00:00:00Z' } });
    const related = [gateway, served, newcomer];
    const second = await call(running.port, 'POST', '/sync/exposedservices', syncRequest(newcomer, { related }));
    expect(second.body.status.conditions[0].reason).toBe('Conflict');
    expect(second.body.status.conditions[0].message).toMatch(
      /^spec\.routes\[0\]\.matches\[0\]: host "httpbin\.example\.com" with match PathPrefix \/ \(every path\) on port 80 is already claimed by ExposedService shop\/first; /,
    );
    expect(second.body.children).toEqual([]);
    const first = await call(running.port, 'POST', '/sync/exposedservices', syncRequest(served, { related }));
    expect(first.body.status.conditions[0].status).toBe('True');
  });

  test('a service whose gateway does not exist keeps its children and says so', async () => {
    const orphan = cr('ExposedService', 'shop', 'orphan', { ...serviceSpec(), gateway: { name: 'missing' } });
    const answer = await call(running.port, 'POST', '/sync/exposedservices', syncRequest(orphan, { related: [gateway, orphan] }));
    expect(answer.body.status.conditions[0]).toMatchObject({
      reason: 'GatewayNotFound',
      message: 'spec.gateway: IngressGateway shop/missing does not exist; create it, or attach to an existing one',
    });
  });

  test('objects outside the parent\'s namespace are not left out silently: OutsideNamespace until they exist as rendered', async () => {
    const gw = cr('IngressGateway', 'edge', 'web', { api: { gatewayApi: { allowedRoutes: { allNamespaces: {} } } } });
    const svc = cr('ExposedService', 'shop', 'web', { gateway: { name: 'web', namespace: 'edge' }, backend: { serviceName: 'web', namespace: 'backends', port: 80, portName: 'http' }, hosts: ['web.example.com'] });
    const answer = await call(running.port, 'POST', '/sync/exposedservices', syncRequest(svc, { related: [gw, svc] }));
    expect(answer.body.status.conditions[0].reason).toBe('OutsideNamespace');
    expect(answer.body.status.conditions[0].message).toMatch(/^metadata\.namespace: needs ReferenceGrant backends\/shop\.web outside namespace shop; /);
    expect(answer.body.children).toEqual([]);

    // WHEN the owner of namespace backends creates the grant as rendered
    const grant = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'ReferenceGrant', metadata: { name: 'shop.web', namespace: 'backends' }, spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' }], to: [{ group: '', kind: 'Service', name: 'web' }] } };
    expect(validateManifest(grant)).toEqual([]);
    const granted = await call(running.port, 'POST', '/sync/exposedservices', syncRequest(svc, { related: [gw, svc, grant] }));
    expect(granted.body.status.conditions[0].reason).toBe('Reconciled');
    expect(granted.body.children.map((o: any) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['HTTPRoute shop/web']);
  });

  test('kinds the controller was installed without are refused with KindNotManaged, children kept', async () => {
    const gw = cr('IngressGateway', 'edge', 'web', { api: { gatewayApi: {} } });
    const answer = await call(running.port, 'POST', '/sync/ingressgateways', syncRequest(gw, {
      related: [gw, cr('ExposedService', 'edge', 'web', { gateway: { name: 'web' }, backend: { serviceName: 'web', port: 80 }, hosts: ['web.example.com'] })],
      controller: controllerOf('IngressGateway', {}),
    }));
    expect(answer.body.status.conditions[0].reason).toBe('KindNotManaged');
    expect(answer.body.status.conditions[0].message).toMatch(/^needs Gateway \(gateway\.networking\.k8s\.io\/v1\), which CompositeController ingressgateways\.cdk8s-istio-ingress\.github\.io does not manage/);
    expect(answer.body.children).toEqual([]);
  });

  test('finalizing: no children, finalized once none is observed', async () => {
    const observed = applied((await call(running.port, 'POST', '/sync/exposedservices', syncRequest(service, { related: [gateway, service] }))).body.children, service);
    const pending = await call(running.port, 'POST', '/sync/exposedservices', syncRequest(service, { children: observed, related: [gateway], finalizing: true }));
    expect(pending.body).toMatchObject({ children: [], finalized: false });
    const done = await call(running.port, 'POST', '/sync/exposedservices', syncRequest(service, { related: [gateway], finalizing: true }));
    expect(done.body).toMatchObject({ children: [], finalized: true });
  });

  test('the observed children of an invalid spec are returned as last applied (Metacontroller\'s annotation), else without server fields', async () => {
    const first = await call(running.port, 'POST', '/sync/exposedservices', syncRequest(service, { related: [gateway, service] }));
    const [observed] = applied(first.body.children, service);
    const withoutAnnotation = { ...observed, metadata: { ...observed.metadata, annotations: { team: 'shop' } } };
    const broken = cr('ExposedService', 'shop', 'httpbin', { ...serviceSpec(), hosts: ['UPPER.example.com'] });
    const answer = await call(running.port, 'POST', '/sync/exposedservices', syncRequest(broken, { children: [withoutAnnotation], related: [gateway, broken] }));
    expect(answer.body.children).toStrictEqual([
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'httpbin', namespace: 'shop', labels: { 'controller-uid': service.metadata.uid }, annotations: { team: 'shop' } },
        spec: first.body.children[0].spec,
      },
    ]);
    expect(LAST_APPLIED_ANNOTATION).toBe('metacontroller.k8s.io/last-applied-configuration');
  });

  test('one structured log line per hook call: hook, kind, parent, outcome, duration', async () => {
    running.logs.length = 0;
    await call(running.port, 'POST', '/sync/exposedservices', syncRequest(service, { related: [gateway, service] }));
    const hooks = running.logs.filter((l) => l.msg === 'hook');
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({ hook: 'sync', kind: 'ExposedService', parent: 'shop/httpbin', outcome: 'Reconciled', ready: true, children: 1, httpStatus: 200 });
    expect(typeof hooks[0].durationMs).toBe('number');
  });
});

describe('faults: bad requests are answered 4xx, and the server keeps serving', () => {
  let running: Running;
  beforeAll(async () => {
    running = await startServer({ maxBodyBytes: 64 * 1024, requestTimeoutMs: 300 });
  });
  afterAll(() => running.server.drain());

  test('malformed JSON is 400', async () => {
    const answer = await call(running.port, 'POST', '/sync/exposedservices', '{"parent": ', {});
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/^the body is not JSON: /);
    expect(running.logs.at(-1)).toMatchObject({ msg: 'hook', outcome: 'malformed-json', httpStatus: 400 });
  });

  test.each([
    ['a body that is not an object', [], 'the request body must be a JSON object'],
    ['no parent', { children: {} }, 'parent must be a JSON object'],
    ['a parent without a name', { parent: { apiVersion: 'v1', kind: 'ExposedService', metadata: {} } }, 'parent.metadata.name must be a non-empty string'],
    ['a parent of another kind', { parent: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } } }, 'this hook reconciles ExposedService (cdk8s-istio-ingress.github.io), received a Pod (v1)'],
    ['a children map of the wrong shape', { parent: service, children: { 'Pod.v1': { x: 'not an object' } } }, 'children["Pod.v1"]["x"] must be a JSON object'],
    ['finalizing that is not a boolean', { parent: service, finalizing: 'yes' }, 'finalizing must be true or false, received string'],
  ])('%s is 400', async (_what, body, error) => {
    const answer = await call(running.port, 'POST', '/sync/exposedservices', body);
    expect(answer.status).toBe(400);
    expect(answer.body).toStrictEqual({ error });
  });

  test('wrong method is 405, wrong content type 415, unknown path 404', async () => {
    const get = await call(running.port, 'GET', '/sync/exposedservices');
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    const text = await call(running.port, 'POST', '/sync/exposedservices', JSON.stringify(syncRequest(service)), { 'Content-Type': 'text/plain' });
    expect(text.status).toBe(415);
    const unknown = await call(running.port, 'POST', '/sync/pods', syncRequest(service));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatch(/^no hook at \/sync\/pods; hooks are POST \/sync\/<plural> and \/customize\/<plural> for ingressgateways, exposedservices, tlsingresses$/);
  });

  test('a body over the limit is 413, declared or not', async () => {
    const big = JSON.stringify({ parent: service, padding: 'x'.repeat(70 * 1024) });
    const declared = await call(running.port, 'POST', '/sync/exposedservices', big);
    expect(declared.status).toBe(413);
    const chunked = await call(running.port, 'POST', '/sync/exposedservices', big, { 'Transfer-Encoding': 'chunked' });
    expect(chunked.status).toBe(413);
    expect((await call(running.port, 'GET', '/healthz')).status).toBe(200);
  });

  test('a client that sends too slowly is cut off with 408', async () => {
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(running.port, '127.0.0.1', () => {
        socket.write('POST /sync/exposedservices HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"par');
      });
      let received = '';
      socket.on('data', (d) => (received += d.toString()));
      socket.on('close', () => resolve(received));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect((await call(running.port, 'GET', '/healthz')).status).toBe(200);
  });

  test('many concurrent requests for the same parent get the same answer', async () => {
    const body = syncRequest(service, { related: [gateway, service] });
    const answers = await Promise.all(Array.from({ length: 40 }, () => call(running.port, 'POST', '/sync/exposedservices', body)));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200]));
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
  });

  test('drain: the server stops listening and closes, and says so in its log', async () => {
    const own = await startServer();
    expect((await call(own.port, 'GET', '/readyz')).status).toBe(200);
    const drained = own.server.drain();
    await drained;
    expect(own.logs.map((l) => l.msg)).toEqual(['listening', 'draining', 'stopped']);
    await expect(call(own.port, 'GET', '/readyz')).rejects.toThrow(/ECONNREFUSED/);
  });
});
