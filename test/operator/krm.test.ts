import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { runKrm } from '../../src/operator/cli';
import { krmFunction } from '../../src/operator/krm';
import { assertValidManifests } from '../support/schema-validator';
import { API_VERSION } from './support';

const example = (file: string) => parseAllDocuments(readFileSync(join(__dirname, '..', '..', 'examples', 'operator', file), 'utf8')).map((d) => d.toJSON());
const resourceList = (items: unknown[], extra: object = {}) => stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, ...extra });

describe('the KRM function (ResourceList in, ResourceList out)', () => {
  test('replaces the custom resources by their objects and passes every other item through', () => {
    const items = example('httpbin.yaml');
    const output = krmFunction(resourceList(items, { functionConfig: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config' } } }));
    expect(output.exitCode).toBe(0);
    expect(output.stderr).toBe('');
    const list = parse(output.stdout);
    expect(list.apiVersion).toBe('config.kubernetes.io/v1');
    expect(list.kind).toBe('ResourceList');
    expect(list.results).toBeUndefined();
    expect(list.items.map((o: any) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toEqual([
      'Namespace /istio-ingress',
      'ServiceAccount istio-ingress/istio-ingressgateway',
      'Deployment istio-ingress/istio-ingressgateway',
      'Service istio-ingress/istio-ingressgateway',
      'Role istio-ingress/istio-ingressgateway',
      'RoleBinding istio-ingress/istio-ingressgateway',
      'HorizontalPodAutoscaler istio-ingress/istio-ingressgateway',
      'Gateway istio-ingress/httpbin-gateway',
      'VirtualService default/httpbin',
    ]);
    assertValidManifests(list.items);
  });

  test('objects in other namespaces are fine here: kubectl applies them, no owner is needed', () => {
    const items = [
      { apiVersion: API_VERSION, kind: 'IngressGateway', metadata: { name: 'web', namespace: 'edge' }, spec: { api: { gatewayApi: { allowedRoutes: { allNamespaces: {} } } } } },
      { apiVersion: API_VERSION, kind: 'ExposedService', metadata: { name: 'web', namespace: 'shop' }, spec: { gateway: { name: 'web', namespace: 'edge' }, backend: { serviceName: 'web', namespace: 'backends', port: 80, portName: 'http' }, hosts: ['web.example.com'] } },
    ];
    const list = parse(krmFunction(resourceList(items)).stdout);
    expect(list.items.map((o: any) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['Gateway edge/web', 'HTTPRoute shop/web', 'ReferenceGrant backends/shop.web']);
  });

  test('an invalid resource: an error result naming resource, field and file, nothing rendered for it, exit 1', () => {
    const items = [
      ...example('httpbin.yaml').slice(0, 2),
      {
        apiVersion: API_VERSION,
        kind: 'ExposedService',
        metadata: { name: 'httpbin', namespace: 'default', annotations: { 'internal.config.kubernetes.io/path': 'apps/httpbin.yaml', 'internal.config.kubernetes.io/index': '2' } },
        spec: { gateway: { name: 'httpbin-gateway', namespace: 'istio-ingress' }, backend: { serviceName: 'httpbin', port: 8000, portName: 'http' }, hosts: ['httpbin.example.com'], routes: [{ timeout: '4 seconds' }] },
      },
    ];
    const output = krmFunction(resourceList(items));
    expect(output.exitCode).toBe(1);
    const list = parse(output.stdout);
    expect(list.results).toStrictEqual([
      {
        message: '"4 seconds" does not match ^([0-9]{1,5}(h|m|s|ms)){1,4}$ (InvalidSpec)',
        severity: 'error',
        resourceRef: { apiVersion: API_VERSION, kind: 'ExposedService', name: 'httpbin', namespace: 'default' },
        field: { path: 'spec.routes[0].timeout' },
        file: { path: 'apps/httpbin.yaml', index: 2 },
      },
      {
        message: 'nothing is exposed through gateway istio-ingress/httpbin-gateway: add an ExposedService for it, or set the hosts it serves (InvalidSpec)',
        severity: 'error',
        resourceRef: { apiVersion: API_VERSION, kind: 'IngressGateway', name: 'httpbin-gateway', namespace: 'istio-ingress' },
        field: { path: 'spec.hosts' },
      },
    ].sort((a, b) => (a.resourceRef.kind < b.resourceRef.kind ? 1 : -1)));
    expect(list.items.map((o: any) => o.kind)).toEqual(['Namespace']);
  });

  test('input that is not a ResourceList: a message on stderr, exit 1', () => {
    expect(krmFunction('kind: Deployment')).toStrictEqual({ stdout: '', stderr: 'the input must be a ResourceList, not "Deployment"\n', exitCode: 1 });
    expect(krmFunction('{{{')).toMatchObject({ stdout: '', exitCode: 1 });
    expect(krmFunction('kind: ResourceList\nitems: 3')).toMatchObject({ stderr: 'items of the ResourceList must be a list\n', exitCode: 1 });
  });

  test('the krm subcommand reads standard input and writes standard output', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    stdin.end(resourceList(example('hello.yaml')));
    const code = await runKrm(stdin, stdout, stderr);
    expect(code).toBe(0);
    expect(parse(stdout.read().toString()).items.at(-1)).toMatchObject({ kind: 'VirtualService', metadata: { name: 'frontend-ingress', namespace: 'default' } });
  });
});
