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
  const meta = canonical(metadata) as Record<string, unknown>;
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
 * The value with keys sorted and undefined and null dropped, copying only
 * what has to change: a renderer's output is mostly canonical already, and
 * checking costs no allocation.
 */
function canonical(value: unknown): unknown {
  return isCanonical(value) ? value : copyCanonical(value);
}

function isCanonical(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    for (const entry of value) if (!isCanonical(entry)) return false;
    return true;
  }
  let previous: string | undefined;
  for (const key in value) {
    const entry = (value as Record<string, unknown>)[key];
    if (entry === undefined || entry === null || (previous !== undefined && previous > key) || !isCanonical(entry)) return false;
    previous = key;
  }
  return true;
}

function copyCanonical(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(canonical);
  const record = value as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    const entry = record[key];
    if (entry !== undefined && entry !== null) result[key] = canonical(entry);
  }
  return result;
}

/** Metadata with the optional maps left out when empty. */
export function metadata(name: string, namespace: string | undefined, labels?: Readonly<Record<string, string>>, annotations?: Readonly<Record<string, string>>): ManifestMetadata {
  return {
    name,
    ...(namespace === undefined ? {} : { namespace }),
    ...(labels && Object.keys(labels).length > 0 ? { labels: { ...labels } } : {}),
    ...(annotations && Object.keys(annotations).length > 0 ? { annotations: { ...annotations } } : {}),
  };
}
