import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, App, Chart } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { HelloIstioApi, HttpbinIstioApi } from '../../examples/istio-api';
import { HttpbinGatewayApi } from '../../examples/gateway-api';
import { HttpbinKubernetesIngress } from '../../examples/kubernetes-ingress';
import { HttpbinSimpleTls } from '../../examples/tls';
import { HttpbinApp } from '../../src';
import { KubeObject } from '../../src/operator/metacontroller';
import { isOperatorResource, OperatorKind } from '../../src/operator/render';
import { validateAgainstCrdSchema } from '../support/schema-validator';
import { assertSecure, Manifest, synth } from '../support/synth';
import { assertValidManifests } from '../support/schema-validator';
import { call, crSchema, Running, startServer, syncRequest } from './support';

const EXAMPLES: readonly [string, (app: App) => Chart][] = [
  ['httpbin.yaml', (app) => new HttpbinIstioApi(app, 'chart')],
  ['hello.yaml', (app) => new HelloIstioApi(app, 'chart')],
  ['httpbin-gateway-api.yaml', (app) => new HttpbinGatewayApi(app, 'chart')],
  ['httpbin-ingress.yaml', (app) => new HttpbinKubernetesIngress(app, 'chart')],
  ['httpbin-tls.yaml', (app) => new HttpbinSimpleTls(app, 'chart', 'istio')],
];

const PLURAL: Record<OperatorKind, string> = { IngressGateway: 'ingressgateways', ExposedService: 'exposedservices', TlsIngress: 'tlsingresses' };

/** The chart's objects, less those of the sample backend (HttpbinApp), which the custom resources only name. */
function chartObjects(build: (app: App) => Chart): Manifest[] {
  const chart = build(new App());
  const objects = synth(chart);
  const backends = chart.node.findAll().filter((c) => c instanceof HttpbinApp).map((c) => c.node.path);
  const backendObjects = new Set(
    chart.node
      .findAll()
      .filter((c): c is ApiObject => c instanceof ApiObject && backends.some((p) => c.node.path.startsWith(`${p}/`)))
      .map((o) => `${o.kind}/${o.metadata.namespace}/${o.name}`),
  );
  return objects.filter((o) => !backendObjects.has(`${o.kind}/${o.metadata.namespace}/${o.metadata.name}`));
}

function keyed(objects: readonly Manifest[]): Record<string, Manifest> {
  return Object.fromEntries(objects.map((o) => [`${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`, o]));
}

describe('the custom resources of examples/operator render, through the hooks, what the example charts synthesise', () => {
  let running: Running;
  beforeAll(async () => {
    running = await startServer();
  });
  afterAll(() => running.server.drain());

  test.each(EXAMPLES)('%s', async (file, build) => {
    // GIVEN the file's documents as kubectl would apply them
    const documents = parseAllDocuments(readFileSync(join(__dirname, '..', '..', 'examples', 'operator', file), 'utf8')).map((d) => d.toJSON() as KubeObject);
    const resources = documents.filter(isOperatorResource) as unknown as KubeObject[];
    const plain = documents.filter((d) => !isOperatorResource(d)) as Manifest[];
    for (const resource of resources) expect(validateAgainstCrdSchema(crSchema(resource.kind as OperatorKind), resource)).toEqual([]);

    // WHEN Metacontroller syncs each resource, with every resource of the file as related
    const children: Manifest[] = [];
    for (const resource of resources) {
      const answer = await call(running.port, 'POST', `/sync/${PLURAL[resource.kind as OperatorKind]}`, syncRequest(resource, { related: resources }));
      expect(answer.status).toBe(200);
      expect(answer.body.status.conditions[0]).toMatchObject({ type: 'Ready', status: 'True', reason: 'Reconciled' });
      expect(validateAgainstCrdSchema(crSchema(resource.kind as OperatorKind), { ...resource, status: answer.body.status })).toEqual([]);
      children.push(...answer.body.children);
    }

    // THEN the objects are the chart's, name for name and field for field, and pass every check
    assertValidManifests(children);
    assertSecure(children);
    const expected = chartObjects(build);
    expect(keyed([...plain, ...children])).toStrictEqual(keyed(expected));
    expect(children.length).toBeGreaterThan(0);
  });
});
