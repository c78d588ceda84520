import { request } from 'node:http';
import { App, Chart } from 'cdk8s';
import { IngressOperator } from '../../src';
import { OPERATOR_CRDS, OPERATOR_GROUP, OPERATOR_VERSION } from '../../src/operator/generated/crds';
import { KubeObject, ObjectMap } from '../../src/operator/metacontroller';
import { OperatorKind } from '../../src/operator/render';
import { CHILD_KINDS } from '../../src/operator/resources';
import { HookServer } from '../../src/operator/server';
import { Manifest, synth } from '../support/synth';

export const API_VERSION = `${OPERATOR_GROUP}/${OPERATOR_VERSION}`;

/** A custom resource of operator mode. */
export function cr(kind: OperatorKind, namespace: string, name: string, spec: unknown, extra: { metadata?: object; status?: object } = {}): KubeObject {
  return {
    apiVersion: API_VERSION,
    kind,
    metadata: { name, namespace, generation: 1, uid: `uid-${kind}-${namespace}-${name}`, ...extra.metadata },
    spec,
    ...(extra.status ? { status: extra.status } : {}),
  };
}

/** The generated CRD of a kind. */
export function crd(kind: OperatorKind): any {
  return OPERATOR_CRDS.find((c: any) => c.spec.names.kind === kind);
}

/** The CRD's schema without descriptions, as test/support/schema-validator.ts takes vendored ones. */
export function crSchema(kind: OperatorKind): object {
  return strip(crd(kind).spec.versions[0].schema.openAPIV3Schema);
}

function strip(schema: any): any {
  if (Array.isArray(schema)) return schema.map(strip);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description') continue;
    out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, strip(v)])) : ['enum', 'required', 'x-kubernetes-validations', 'x-kubernetes-list-map-keys'].includes(key) ? value : strip(value);
  }
  return out;
}

/** The objects of the operator install with every API, as the cluster would hold them. */
export function installObjects(props: { gatewayApi?: boolean; certManager?: boolean } = { gatewayApi: true, certManager: true }): Manifest[] {
  const chart = new Chart(new App(), 'install');
  new IngressOperator(chart, 'operator', { image: 'registry.example.com/cdk8s-istio-ingress@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', ...props });
  return synth(chart);
}

/** The CompositeController of a kind, from the install. */
export function controllerOf(kind: OperatorKind, props?: { gatewayApi?: boolean; certManager?: boolean }): KubeObject {
  const plural = crd(kind).spec.names.plural;
  return installObjects(props).find((o) => o.kind === 'CompositeController' && o.metadata.name === `${plural}.${OPERATOR_GROUP}`) as KubeObject;
}

/** Objects grouped as Metacontroller sends them (hook version v2): `<Kind>.<apiVersion>`, then `<namespace>/<name>`. */
export function objectMap(objects: readonly KubeObject[], groups: readonly string[] = []): ObjectMap {
  const map: Record<string, Record<string, KubeObject>> = Object.fromEntries(groups.map((g) => [g, {}]));
  for (const object of objects) {
    const group = (map[`${object.kind}.${object.apiVersion}`] ??= {});
    group[object.metadata.namespace ? `${object.metadata.namespace}/${object.metadata.name}` : object.metadata.name] = object;
  }
  return map;
}

/** Every child group of a kind's controller, empty: Metacontroller always sends one per child rule. */
export function childGroups(kind: OperatorKind): string[] {
  return CHILD_KINDS[kind].map((k) => `${k.kind}.${k.apiVersion}`);
}

/** A sync request as Metacontroller sends it. */
export function syncRequest(parent: KubeObject, options: { children?: KubeObject[]; related?: KubeObject[]; finalizing?: boolean; controller?: KubeObject } = {}) {
  const kind = parent.kind as OperatorKind;
  return {
    controller: options.controller ?? controllerOf(kind),
    parent,
    children: objectMap(options.children ?? [], childGroups(kind)),
    related: objectMap(options.related ?? []),
    finalizing: options.finalizing ?? false,
  };
}

/** Children as the cluster holds them after Metacontroller applied them (dynamic apply records what it applied). */
export function applied(objects: readonly KubeObject[], parent: KubeObject): KubeObject[] {
  return objects.map((o) => ({
    ...o,
    metadata: {
      ...o.metadata,
      uid: `uid-${o.kind}-${o.metadata.name}`,
      resourceVersion: '42',
      creationTimestamp: '2026-01-01T00:00:00Z',
      labels: { ...(o.metadata.labels as object), 'controller-uid': String(parent.metadata.uid) },
      ownerReferences: [{ apiVersion: parent.apiVersion, kind: parent.kind, name: parent.metadata.name, uid: parent.metadata.uid, controller: true, blockOwnerDeletion: true }],
      annotations: { ...(o.metadata.annotations as object), 'metacontroller.k8s.io/last-applied-configuration': JSON.stringify(o) },
    },
    status: {},
  }));
}

export interface Running {
  readonly port: number;
  readonly server: HookServer;
  readonly logs: Record<string, any>[];
}

/** A hook server on a free loopback port. */
export async function startServer(options: ConstructorParameters<typeof HookServer>[0] = {}): Promise<Running> {
  const logs: Record<string, any>[] = [];
  const server = new HookServer({ log: (line) => logs.push(JSON.parse(line)), now: () => new Date('2026-06-01T12:00:00Z'), ...options });
  const { port } = await server.listen(0, '127.0.0.1');
  return { port, server, logs };
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: any;
}

/** One HTTP request to the server. */
export function call(port: number, method: string, path: string, body?: string | object, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: {
          ...(text === undefined ? {} : { 'Content-Type': 'application/json', ...(headers['Transfer-Encoding'] ? {} : { 'Content-Length': Buffer.byteLength(text) }) }),
          ...headers,
        },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = raw;
          try {
            parsed = JSON.parse(raw);
          } catch {
            // Not JSON: the raw text is the body.
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
        });
      },
    );
    req.on('error', reject);
    if (text !== undefined) req.write(text);
    req.end();
  });
}
