import { IngressApiKind, modelOf, renderGateway } from 'cdk8s-istio-ingress/model';
import { IIngressGateway } from '../src';
import { apiServerRefusals } from './support/apiserver-validation';
import { validateManifest } from './support/schema-validator';
import { build, createFixtures, programs } from './support/sweep';

/**
 * The emulation of the Kubernetes API server's Go validation of built-in kinds
 * (test/support/apiserver-validation.ts, Kubernetes 1.28 pkg/apis/.../validation) that every
 * strict validation runs after the OpenAPI schema, and the bug it found.
 */
const meta = { name: 'web', namespace: 'shop' };
const container = (extra: Record<string, unknown> = {}) => ({ name: 'web', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 8080 }], ...extra });
const deployment = (spec: Record<string, unknown> = {}, podSpec: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta,
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web', tier: 'edge' } }, spec: { containers: [container()], ...podSpec } }, ...spec },
});
const service = (ports: unknown[]) => ({ apiVersion: 'v1', kind: 'Service', metadata: meta, spec: { selector: { app: 'web' }, ports } });
const ingress = (path: string) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: meta,
  spec: { rules: [{ host: 'shop.example.com', http: { paths: [{ path, pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
});

test('accepts what the API server accepts', () => {
  for (const ok of [deployment(), service([{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090 }]), ingress('/api')]) {
    expect(apiServerRefusals(ok)).toStrictEqual([]);
    expect(validateManifest(ok)).toStrictEqual([]);
  }
});

test.each([
  ['a selector its template does not match', deployment({ selector: { matchLabels: { app: 'api' } } }), 'spec.template.metadata.labels', 'Invalid value: `selector` does not match template `labels`'],
  ['an empty selector', deployment({ selector: {} }), 'spec.selector', 'Invalid value: empty selector is invalid for deployment'],
  ['one container port name twice', deployment({}, { containers: [container(), container({ name: 'side' })] }), 'spec.template.spec.containers[1].ports[0].name', 'Duplicate value: "http"'],
  ['a port name of 16 characters', deployment({}, { containers: [container({ ports: [{ name: 'http-0123456789a', containerPort: 80 }] })] }), 'spec.template.spec.containers[0].ports[0].name', 'Invalid value: "http-0123456789a": must be no more than 15 characters'],
  ['a probe with two handlers', deployment({}, { containers: [container({ readinessProbe: { httpGet: { port: 8080 }, tcpSocket: { port: 8080 } } })] }), 'spec.template.spec.containers[0].readinessProbe', 'Forbidden: may not specify more than 1 handler type'],
  ['a request above its limit', deployment({}, { containers: [container({ resources: { requests: { memory: '1Gi' }, limits: { memory: '512Mi' } } })] }), 'spec.template.spec.containers[0].resources.requests', 'Invalid value: "1Gi": must be less than or equal to memory limit of 512Mi'],
  ['a mount of a volume the pod lacks', deployment({}, { containers: [container({ volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }] })] }), 'spec.template.spec.containers[0].volumeMounts[0].name', 'Not found: "tmp"'],
  ['two Service ports, one unnamed', service([{ name: 'http', port: 80 }, { port: 9090 }]), 'spec.ports[1].name', 'Required value'],
  ['a relative Ingress path', ingress('api'), 'spec.rules[0].http.paths[0].path', 'Invalid value: "api": must be an absolute path'],
  ['an Ingress path with //', ingress('/api//v1'), 'spec.rules[0].http.paths[0].path', "Invalid value: \"/api//v1\": must not contain '//'"],
  ['a TLS Secret without its key', { apiVersion: 'v1', kind: 'Secret', metadata: meta, type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==' } }, 'data[tls.key]', 'Required value'],
  ['a disruption budget with both bounds', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta, spec: { selector: { matchLabels: { app: 'web' } }, minAvailable: 1, maxUnavailable: 1 } }, 'spec', 'Invalid value: minAvailable and maxUnavailable cannot be both set'],
  ['an autoscaler with max below min', { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: meta, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 3, maxReplicas: 2 } }, 'spec.maxReplicas', 'Invalid value: 2: must be greater than or equal to `minReplicas`'],
])('refuses %s, naming the field', (_case, manifest, path, message) => {
  expect(apiServerRefusals(manifest)).toContainEqual({ path, message });
  expect(validateManifest(manifest)).toContainEqual({ path, message });
});

describe('what it found: a model whose bundled proxy pods lack the labels they are selected by', () => {
  let model: any;
  beforeAll(async () => {
    const program = programs(await createFixtures('apiserver-')).find((p) => p.name === 'istio rich')!;
    const gateway = build(program).node.findAll().find((c) => c.node.path === 'sweep/gw') as unknown as IIngressGateway;
    const { listeners: _derived, ...rest } = JSON.parse(JSON.stringify(modelOf(gateway)));
    model = rest;
  });

  test('the model as the constructs make it renders (the cases below change one field)', () => {
    expect(model.api).toBe(IngressApiKind.ISTIO);
    expect(renderGateway(model).problems).toStrictEqual([]);
  });

  test('podLabels without a selector label: a Deployment the API server refuses before; now a problem', () => {
    const broken = { ...model, proxy: { ...model.proxy, podLabels: undefined } };
    const { problems, objects } = renderGateway(broken);
    expect(objects).toStrictEqual([]);
    expect(problems).toContainEqual(expect.objectContaining({ source: model.source, field: 'proxy.podLabels' }));
    expect(problems.find((p) => p.field === 'proxy.podLabels')!.message).toMatch(/lacks .* of proxy.bundled.selectorLabels, which select the proxy's pods .*: add them to podLabels/);
  });

  test('a Gateway selector the bundled pods do not carry (Istio API): a problem naming proxy.selector', () => {
    const broken = { ...model, proxy: { ...model.proxy, selector: { istio: 'elsewhere' } } };
    const problems = renderGateway(broken).problems.filter((p) => p.field === 'proxy.selector');
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/selects "istio": "elsewhere", which the bundled proxy's pods \(podLabels\) do not carry, so the Gateway would configure no proxy/);
  });
});
