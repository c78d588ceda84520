/** One broken rule in a synthesised manifest, located precisely enough to fix it. */
export interface Violation {
  /** `Kind/namespace/name` (or `Kind/name` for objects without a namespace). */
  readonly object: string;
  /** Dotted path of the offending field inside the object, e.g. `spec.template.spec.containers[0].securityContext.runAsNonRoot`. */
  readonly path: string;
  readonly message: string;
}

/** A manifest object as far as the checks need it. */
export interface ManifestObject {
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly [key: string]: any };
  readonly [key: string]: any;
}

export function objectRef(object: ManifestObject): string {
  const { name = '(unnamed)', namespace } = object.metadata ?? {};
  return namespace === undefined ? `${object.kind}/${name}` : `${object.kind}/${namespace}/${name}`;
}

/** One violation per line, so a failing test lists everything to fix at once. */
export function formatViolations(title: string, violations: readonly Violation[]): string {
  return `${title} (${violations.length}):\n${violations.map((v) => `  ${v.object} ${v.path}: ${v.message}`).join('\n')}`;
}
