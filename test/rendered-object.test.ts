import { App, Chart, IResolver, ResolutionContext } from 'cdk8s';
import { Backend, ExposedService, IngressGateway, RouteMatch } from '../src';
import { canonicalManifest, Manifest } from '../src/render/manifest';
import { only, synthApp } from './support/synth';

/**
 * Rendered objects skip cdk8s's resolution pass (they hold no tokens), but
 * not at the cost of what cdk8s would do differently: an App's own
 * resolvers and `CDK8S_DISABLE_SORT` apply to them as to any ApiObject.
 */

function program(app: App): Chart {
  const chart = new Chart(app, 'test');
  const gateway = new IngressGateway(chart, 'gw');
  new ExposedService(chart, 'web', {
    gateway,
    backend: Backend.fromServiceName('web', { namespace: 'default', port: 8080, portName: 'http' }),
    hosts: ['web.example.com'],
    routes: [{ matches: [RouteMatch.pathPrefix('/api')] }],
  });
  return chart;
}

/** Replaces one string wherever it is written. */
class RenameHost implements IResolver {
  public resolve(context: ResolutionContext): void {
    if (context.value === 'web.example.com') context.replaceValue('www.example.com');
  }
}

test("an App's own resolvers apply to rendered objects", () => {
  const plain = only(synthApp(withApp(new App())), 'VirtualService');
  expect(plain.spec.hosts).toStrictEqual(['web.example.com']);
  const resolved = only(synthApp(withApp(new App({ resolvers: [new RenameHost()] }))), 'VirtualService');
  expect(resolved.spec.hosts).toStrictEqual(['www.example.com']);
  // Everything else is written as without the resolver.
  expect({ ...resolved.spec, hosts: plain.spec.hosts }).toStrictEqual(plain.spec);
});

test('with CDK8S_DISABLE_SORT, rendered objects keep the order they were written in, as cdk8s keeps it', () => {
  const sorted = only(synthApp(withApp(new App())), 'VirtualService');
  expect(Object.keys(sorted.spec)).toStrictEqual(['gateways', 'hosts', 'http']);
  process.env.CDK8S_DISABLE_SORT = '1';
  try {
    // (Written as cdk8s writes it, not through synthApp: its comparison with the L1 classes' rendering assumes sorted keys.)
    const unsorted = only(program(new App()).toJson(), 'VirtualService');
    // The Istio renderer writes hosts, gateways, http.
    expect(Object.keys(unsorted.spec)).toStrictEqual(['hosts', 'gateways', 'http']);
    expect(unsorted.spec).toEqual(sorted.spec);
  } finally {
    delete process.env.CDK8S_DISABLE_SORT;
  }
});

test('canonicalManifest leaves its input as it was (empty labels dropped from a copy)', () => {
  // Metadata already in order: canonical() hands back the object itself, which must not lose its labels.
  const input: Manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { labels: {}, name: 'a' }, data: { b: '1', a: '2' } };
  const output = canonicalManifest(input);
  expect(output).toStrictEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { a: '2', b: '1' } });
  expect(input.metadata).toStrictEqual({ labels: {}, name: 'a' });
  expect(Object.keys(input.data as object)).toStrictEqual(['b', 'a']);
});

function withApp(app: App): App {
  program(app);
  return app;
}
