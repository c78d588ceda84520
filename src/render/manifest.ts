import { Mutable } from '../model/mutable';

/** A Kubernetes object as plain JSON, the way it is written to YAML. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ManifestMetadata;
  readonly [field: string]: unknown;
}

export interface ManifestMetadata {
  readonly name: string;
  /** @default - cluster-scoped */
  readonly namespace?: string;
  /** @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * One object a gateway renders, with the construct that owns it: `owner` is
 * the `source` (construct path) of the gateway, route or TLS model it comes
 * from, `id` its construct id below the owner (`Resource` for the main object,
 * as in cdk8s-plus; `Proxy/Deployment` for a nested one). Constructs create
 * each object under its owner with that id; the operator returns an owner's
 * objects as the children of its custom resource.
 */
export interface RenderedObject {
  readonly owner: string;
  readonly id: string;
  readonly manifest: Manifest;
}

/** Kinds without a namespace among those we render. */
const CLUSTER_SCOPED = new Set(['Namespace', 'IngressClass', 'GatewayClass', 'ClusterIssuer', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding']);

export function isClusterScoped(manifest: Pick<Manifest, 'kind'>): boolean {
  return CLUSTER_SCOPED.has(manifest.kind);
}

/**
 * An object exactly as cdk8s writes it: keys sorted, `undefined` and `null`
 * dropped, and empty `labels`/`annotations` dropped from the metadata. The
 * renderers leave optional fields undefined; this is what makes their
 * output equal to what `cdk8s synth` writes for the same object.
 */
export function canonicalManifest(manifest: Manifest): Manifest {
  const { apiVersion, kind, metadata, ...rest } = manifest;
  // A copy: canonical() returns an object that is canonical already as it is, and that one is the renderer's.
  const meta = { ...(canonical(metadata) as Record<string, unknown>) };
  for (const key of ['labels', 'annotations']) {
    if (meta[key] !== undefined && Object.keys(meta[key] as object).length === 0) delete meta[key];
  }
  return { apiVersion, kind, metadata: meta as unknown as ManifestMetadata, ...(canonical(rest) as object) };
}

/** The fields of an object but apiVersion, kind and metadata, as cdk8s writes them: keys sorted, undefined and null dropped. */
export function canonicalBody(body: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return canonical(body) as Record<string, unknown>;
}

/**
 * The value with keys sorted and undefined and null dropped, in one pass
 * that copies only what has to change: a renderer's output is mostly
 * canonical already, and an unchanged subtree is returned as it is.
 */
function canonical(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    // A copy is made whole and then written to, so that it has exactly the original's length (one grown by push keeps room for 16 more).
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const entry = value[i];
      const result = canonical(entry);
      if (result === entry) continue;
      copy ??= value.slice();
      copy[i] = result;
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  let changed = false;
  let previous: string | undefined;
  let values: Record<string, unknown> | undefined;
  for (const key in record) {
    const entry = record[key];
    if (entry === undefined || entry === null) {
      changed = true;
      continue;
    }
    if (previous !== undefined && previous > key) changed = true;
    previous = key;
    const result = canonical(entry);
    if (result !== entry) {
      changed = true;
      (values ??= Object.create(null) as Record<string, unknown>)[key] = result;
    }
  }
  if (!changed) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    const entry = record[key];
    if (entry === undefined || entry === null) continue;
    copy[key] = values !== undefined && key in values ? values[key] : entry;
  }
  return copy;
}

/**
 * Metadata with the optional maps left out when empty, in canonical form
 * (keys sorted), like the objects the renderers write on their hot paths:
 * `canonicalManifest` then finds nothing to copy.
 */
export function metadata(name: string, namespace: string | undefined, labels?: Readonly<Record<string, string>>, annotations?: Readonly<Record<string, string>>): ManifestMetadata {
  const result: Mutable<ManifestMetadata> = {} as ManifestMetadata;
  if (annotations && Object.keys(annotations).length > 0) result.annotations = sortedRecord(annotations);
  if (labels && Object.keys(labels).length > 0) result.labels = sortedRecord(labels);
  result.name = name;
  if (namespace !== undefined) result.namespace = namespace;
  return result;
}

/** A copy of a string map with its keys in sorted order. */
function sortedRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const key of Object.keys(record).sort()) copy[key] = record[key];
  return copy;
}
