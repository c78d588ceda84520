import { ManifestError } from './errors';
import { show } from '../model/show';
import { compareStrings } from '../model/names';
import { IgnoredObject, ObjectRef } from './result';

/**
 * Reads the fields of one object with runtime checks: manifests arrive
 * untyped (YAML, JSON, objects built by hand), so every field the explainer
 * uses is checked for its type, and a wrong one is an error naming the
 * object's source and the field.
 */
export class Fields {
  constructor(public readonly source: string) {}

  public fail(field: string, message: string): never {
    throw new ManifestError(this.source, field, message);
  }

  public object(value: unknown, field: string): Record<string, unknown> | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) this.fail(field, `expected an object, found ${describe(value)}`);
    return value as Record<string, unknown>;
  }

  public list(value: unknown, field: string): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(field, `expected a list, found ${describe(value)}`);
    return value;
  }

  /** A list that may be absent (undefined) or explicitly empty, which some APIs tell apart. */
  public optionalList(value: unknown, field: string): unknown[] | undefined {
    return value === undefined || value === null ? undefined : this.list(value, field);
  }

  public string(value: unknown, field: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') this.fail(field, `expected a string, found ${describe(value)}`);
    return value;
  }

  public requiredString(value: unknown, field: string): string {
    const text = this.string(value, field);
    if (text === undefined || text === '') this.fail(field, 'is required');
    return text;
  }

  public integer(value: unknown, field: string): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) this.fail(field, `expected a whole number, found ${describe(value)}`);
    return value;
  }

  /** A port number, or a name (Service `targetPort`, Ingress backends). */
  public port(value: unknown, field: string): number | string | undefined {
    if (typeof value === 'string') return value;
    const port = this.integer(value, field);
    if (port !== undefined && (port < 1 || port > 65535)) this.fail(field, `${port} is not a port (1-65535)`);
    return port;
  }

  public requiredPort(value: unknown, field: string): number {
    const port = this.port(value, field);
    if (typeof port !== 'number') this.fail(field, port === undefined ? 'is required' : `expected a port number, found the name ${show(port)}`);
    return port;
  }

  public number(value: unknown, field: string): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(field, `expected a number, found ${describe(value)}`);
    return value;
  }

  public boolean(value: unknown, field: string): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') this.fail(field, `expected true or false, found ${describe(value)}`);
    return value;
  }

  public stringList(value: unknown, field: string): string[] {
    return this.list(value, field).map((item, i) => this.requiredString(item, `${field}[${i}]`));
  }

  public stringMap(value: unknown, field: string): Record<string, string> {
    const map = this.object(value, field) ?? {};
    const result: Record<string, string> = {};
    for (const [key, item] of Object.entries(map)) result[key] = this.string(item, `${field}.${key}`) ?? '';
    return result;
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  if (typeof value === 'object') return 'an object';
  return value === undefined ? 'undefined' : `${typeof value} ${show(value)}`;
}

/** One input object, its identity checked. */
export interface Manifest {
  readonly apiVersion: string;
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  /** Empty for cluster-scoped kinds. */
  readonly namespace: string;
  /**
   * Milliseconds since the epoch, when the object carries `metadata.creationTimestamp`.
   * @default - none
   */
  readonly creation?: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly spec: Record<string, unknown>;
  readonly body: Record<string, unknown>;
  readonly fields: Fields;
  readonly ref: ObjectRef;
}

export interface ServicePort {
  /** @default - none */
  readonly name?: string;
  readonly port: number;
  /** @default - none */
  readonly appProtocol?: string;
}

export interface ServiceInfo {
  readonly namespace: string;
  readonly name: string;
  readonly ports: readonly ServicePort[];
  readonly selector: Readonly<Record<string, string>>;
  readonly ref: ObjectRef;
}

export interface WorkloadInfo {
  readonly namespace: string;
  readonly name: string;
  readonly kind: string;
  readonly podLabels: Readonly<Record<string, string>>;
}

const CLUSTER_SCOPED = new Set(['Namespace', 'IngressClass', 'GatewayClass']);

/** The kinds the explainer reads, by API group. */
const KINDS: Record<string, readonly string[]> = {
  'networking.istio.io': ['Gateway', 'VirtualService'],
  'gateway.networking.k8s.io': ['GatewayClass', 'Gateway', 'HTTPRoute', 'TLSRoute', 'ReferenceGrant'],
  'networking.k8s.io': ['Ingress', 'IngressClass'],
  '': ['Service', 'Namespace', 'Pod'],
  apps: ['Deployment', 'StatefulSet', 'DaemonSet'],
};

/**
 * The input, checked and indexed by kind. Lists (`kind: List`, `ServiceList`,
 * as `kubectl get -o yaml` writes them) are flattened; kinds the explainer
 * does not read are kept aside, listed.
 */
export class ManifestIndex {
  public readonly byKind = new Map<string, Manifest[]>();
  public readonly services = new Map<string, ServiceInfo>();
  public readonly workloads: WorkloadInfo[] = [];
  /** Labels of the Namespaces in the input. */
  public readonly namespaces = new Map<string, Readonly<Record<string, string>>>();
  public readonly ignored: IgnoredObject[] = [];
  /** What the input itself makes uncertain (an object given twice). */
  public readonly warnings: string[] = [];
  public size = 0;
  private readonly seen = new Map<string, Manifest>();

  constructor(objects: readonly unknown[], sources: readonly string[] | undefined) {
    if (!Array.isArray(objects)) throw new ManifestError('input', '', 'expected a list of Kubernetes objects');
    if (sources !== undefined && (!Array.isArray(sources) || sources.length !== objects.length)) {
      throw new ManifestError('input', 'sources', `expected one source per object (${objects.length}), found ${Array.isArray(sources) ? sources.length : describe(sources)}`);
    }
    objects.forEach((object, i) => this.add(object, sources?.[i] ?? `objects[${i}]`));
  }

  /** Objects of one kind of one API group. */
  public of(group: string, kind: string): readonly Manifest[] {
    return this.byKind.get(`${group}/${kind}`) ?? [];
  }

  private add(object: unknown, source: string): void {
    const fields = new Fields(source);
    const body = fields.object(object, '') ?? fields.fail('', 'expected a Kubernetes object, found nothing');
    const apiVersion = fields.requiredString(body.apiVersion, 'apiVersion');
    const kind = fields.requiredString(body.kind, 'kind');
    if (kind === 'List' || (kind.endsWith('List') && Array.isArray(body.items))) {
      fields.list(body.items, 'items').forEach((item, i) => this.add(item, `${source} items[${i}]`));
      return;
    }
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    const metadata = fields.object(body.metadata, 'metadata') ?? fields.fail('metadata', 'is required (with a name)');
    const name = fields.requiredString(metadata.name, 'metadata.name');
    const namespace = CLUSTER_SCOPED.has(kind) ? '' : fields.string(metadata.namespace, 'metadata.namespace') || 'default';
    const ref: ObjectRef = { kind, ...(namespace ? { namespace } : {}), name, source };
    if (!(KINDS[group] ?? []).includes(kind)) {
      this.ignored.push({ object: ref, apiVersion });
      return;
    }
    const timestamp = fields.string(metadata.creationTimestamp, 'metadata.creationTimestamp');
    const creation = timestamp === undefined ? undefined : Date.parse(timestamp);
    if (creation !== undefined && Number.isNaN(creation)) fields.fail('metadata.creationTimestamp', `${show(timestamp)} is not an RFC 3339 time`);
    const manifest: Manifest = {
      apiVersion,
      group,
      kind,
      name,
      namespace,
      creation,
      labels: fields.stringMap(metadata.labels, 'metadata.labels'),
      annotations: fields.stringMap(metadata.annotations, 'metadata.annotations'),
      spec: fields.object(body.spec, 'spec') ?? {},
      body,
      fields,
      ref,
    };
    this.size++;
    const key = `${group}/${kind}`;
    const list = this.byKind.get(key);
    const identity = `${key}/${namespace}/${name}`;
    const earlier = this.seen.get(identity);
    if (earlier && list) {
      // kubectl apply keeps the last object of a name: so does the explainer.
      list.splice(list.indexOf(earlier), 1);
      this.warnings.push(`${kind} ${namespace ? `${namespace}/` : ''}${name} is in the input twice (${earlier.ref.source} and ${source}); a cluster keeps the last one applied, and so does the explainer`);
    }
    this.seen.set(identity, manifest);
    if (list) list.push(manifest);
    else this.byKind.set(key, [manifest]);
    if (group === '' && kind === 'Service') this.addService(manifest);
    else if (group === '' && kind === 'Namespace') this.namespaces.set(name, manifest.labels);
    else if (group === '' && kind === 'Pod') this.workloads.push({ namespace, name, kind, podLabels: manifest.labels });
    else if (group === 'apps') this.addWorkload(manifest);
  }

  private addService(service: Manifest): void {
    const { fields, spec } = service;
    const ports = fields.list(spec.ports, 'spec.ports').map((item, i): ServicePort => {
      const port = fields.object(item, `spec.ports[${i}]`) ?? {};
      const number = fields.requiredPort(port.port, `spec.ports[${i}].port`);
      return { name: fields.string(port.name, `spec.ports[${i}].name`), port: number, appProtocol: fields.string(port.appProtocol, `spec.ports[${i}].appProtocol`) };
    });
    this.services.set(`${service.namespace}/${service.name}`, {
      namespace: service.namespace,
      name: service.name,
      ports,
      selector: fields.stringMap(spec.selector, 'spec.selector'),
      ref: service.ref,
    });
  }

  private addWorkload(workload: Manifest): void {
    const { fields, spec } = workload;
    const template = fields.object(spec.template, 'spec.template') ?? {};
    const metadata = fields.object(template.metadata, 'spec.template.metadata') ?? {};
    this.workloads.push({
      namespace: workload.namespace,
      name: workload.name,
      kind: workload.kind,
      podLabels: fields.stringMap(metadata.labels, 'spec.template.metadata.labels'),
    });
  }
}

/** `name.namespace.svc.<domain>` back to the Service, when a host names one. */
export function serviceOfHost(host: string, clusterDomain: string): { name: string; namespace: string } | undefined {
  const suffix = `.svc.${clusterDomain}`;
  if (!host.endsWith(suffix)) return undefined;
  const parts = host.slice(0, -suffix.length).split('.');
  return parts.length === 2 ? { name: parts[0], namespace: parts[1] } : undefined;
}

/**
 * istiod's order of configuration objects: oldest first, then by name, then
 * by namespace (`sortConfigByCreationTime` in pilot/pkg/model/config.go).
 * An object without a creation timestamp counts as the oldest, like the
 * zero time istiod would see for an object it generates.
 */
export function compareByCreation(a: { creation?: number; name: string; namespace: string }, b: { creation?: number; name: string; namespace: string }): number {
  return (a.creation ?? 0) - (b.creation ?? 0) || compareStrings(a.name, b.name) || compareStrings(a.namespace, b.namespace);
}

/** Display of an object reference: `VirtualService default/httpbin`. */
export function showRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}
