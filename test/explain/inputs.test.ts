import { ManifestError, RequestError, RouteExplainer, RouteOutcome } from '../../src';
import { explain, explainer, ISTIO_GATEWAY_YAML, objects, service } from './support';

const gateway = ISTIO_GATEWAY_YAML;
const vs = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: web, namespace: default }
spec:
  hosts: [web.example.com]
  gateways: [istio-ingress/gw]
  http: [{ route: [{ destination: { host: web.default.svc.cluster.local, port: { number: 8000 } } }] }]
---`;

describe('bad manifests fail with the source, the field and what is allowed', () => {
  test('fails on input that is not a list of objects', () => {
    expect(() => RouteExplainer.fromManifests('nope' as unknown as unknown[])).toThrow(/^input: expected a list of Kubernetes objects$/);
    expect(() => RouteExplainer.fromManifests([42])).toThrow(new ManifestError('objects[0]', '', 'expected an object, found number 42'));
  });

  test('fails on an object without kind or name, naming its position or the source given', () => {
    expect(() => RouteExplainer.fromManifests([{ apiVersion: 'v1', metadata: { name: 'x' } }])).toThrow(/^objects\[0\]: kind: is required$/);
    expect(() => RouteExplainer.fromManifests([{ apiVersion: 'v1', kind: 'Service', metadata: {} }], { sources: ['dist/app.yaml:12'] })).toThrow(/^dist\/app\.yaml:12: metadata\.name: is required$/);
  });

  test('fails on a field of the wrong type, naming the field and what was found', () => {
    const broken = objects(gateway + vs).map((o, i) => (i === 1 ? { ...(o as object), spec: { hosts: 'web.example.com' } } : o));
    let error: unknown;
    try {
      RouteExplainer.fromManifests(broken);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ManifestError);
    expect(error).toMatchObject({ source: 'objects[1]', field: 'spec.hosts', message: 'objects[1]: spec.hosts: expected a list, found the string "web.example.com"' });
    expect(() => explainer(gateway.replace('number: 80', 'number: 80000'))).toThrow(/^objects\[0\]: spec\.servers\[0\]\.port\.number: 80000 is not a port \(1-65535\)$/);
    expect(() => explainer(vs.replace('metadata: { name: web, namespace: default }', 'metadata: { name: web, namespace: default, creationTimestamp: yesterday }'))).toThrow(/creationTimestamp: "yesterday" is not an RFC 3339 time/);
  });

  test('fails on a regular expression it cannot read, naming the field', () => {
    const bad = vs.replace('http: [{ route', 'http: [{ match: [{ uri: { regex: "(unclosed" } }], route');
    expect(() => explainer(gateway + bad)).toThrow(/^objects\[1\]: spec\.http\[0\]\.match\[0\]\.uri\.regex: "\(unclosed" is refused by RE2 \(which istiod and Envoy use\): missing closing \) `\(unclosed`; close every group, or escape a literal \( as \\\($/);
  });

  test('fails on a delegated VirtualService, which it does not explain, saying what to do', () => {
    const delegated = vs.replace('http: [{ route: [{ destination: { host: web.default.svc.cluster.local, port: { number: 8000 } } }] }]', 'http: [{ delegate: { name: other } }]');
    expect(() => explainer(gateway + delegated)).toThrow(/spec\.http\[0\]\.delegate: delegated VirtualServices are not explained; inline the delegate's routes/);
  });
});

describe('inputs the explainer does not use', () => {
  test('lists the objects of kinds it does not read, and reads Lists item by item', () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' } },
        { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'cert', namespace: 'istio-ingress' } },
        ...objects(gateway + vs),
      ],
    };
    const ex = RouteExplainer.fromManifests([list]);
    expect(ex.ignored).toStrictEqual([
      { object: { kind: 'ConfigMap', namespace: 'default', name: 'settings', source: 'objects[0] items[0]' }, apiVersion: 'v1' },
      { object: { kind: 'Certificate', namespace: 'istio-ingress', name: 'cert', source: 'objects[0] items[1]' }, apiVersion: 'cert-manager.io/v1' },
    ]);
    expect(ex.objectCount).toBe(2);
    expect(ex.explain({ url: 'http://web.example.com/' }).outcome).toBe(RouteOutcome.FORWARD);
  });

  test('an object given twice is the last one, as kubectl apply keeps it, with a warning', () => {
    const second = vs.replace('web.default.svc', 'other.default.svc');
    const result = explain(gateway + vs + second + service('web') + service('other'), 'http://web.example.com/');
    expect(result.backends[0].name).toBe('other');
    expect(result.warnings).toContain('VirtualService default/web is in the input twice (objects[1] and objects[2]); a cluster keeps the last one applied, and so does the explainer');
  });

  test('an input without any gateway explains that nothing listens', () => {
    const result = explain(vs + service('web'), 'http://web.example.com/');
    expect(result.outcome).toBe(RouteOutcome.NO_LISTENER);
    expect(result.warnings[0]).toMatch(/^the input has no gateway/);
  });
});

describe('bad requests fail with a clear message', () => {
  const ex = explainer(gateway + vs);

  test.each([
    [{ url: '/status/200' }, /"\/status\/200" is not an absolute URL with a host; write it as http:\/\/<host>\/<path>/],
    [{ url: '' }, /the request needs a url/],
    [{ url: 'ftp://web.example.com/' }, /uses ftp:, but a gateway takes http: or https: requests/],
    [{ url: 'http://web.example.com/', method: 'GE T' }, /"GE T" is not an HTTP method/],
    [{ url: 'http://web.example.com/', headers: { 'x-a': 1 as unknown as string } }, /header x-a must have a string value/],
    [{ url: 'http://web.example.com/', headers: { 'bad header': 'x' } }, /"bad header" is not a header name/],
    [{ url: 'http://web.example.com/', gateway: { namespace: 'nowhere', name: 'gw' } }, /^unknown gateway nowhere\/gw; the input has istio-ingress\/gw$/],
  ])('fails on %j', (request, message) => {
    expect(() => ex.explain(request)).toThrow(RequestError);
    expect(() => ex.explain(request)).toThrow(message);
  });

  test('fails on a gateway name two namespaces share, asking for the namespace', () => {
    const two = gateway + gateway.replace('namespace: istio-ingress', 'namespace: other').replace('istio: ingressgateway', 'istio: other');
    expect(() => explainer(two).explain({ url: 'http://x/', gateway: { name: 'gw' } })).toThrow(/^gateway gw is ambiguous \(istio-ingress\/gw; other\/gw\); give its namespace as namespace\/name$/);
  });

  test('fails on a model that is not one', () => {
    expect(() => RouteExplainer.fromModel({} as never)).toThrow(/expected a GatewayModel \(modelOf\(gateway\) from cdk8s-istio-ingress\/model\)/);
    expect(() => RouteExplainer.fromGateway({} as never)).toThrow(/expected an IngressGateway/);
  });
});
