import { ManifestObject, objectRef, Violation } from './violations';

const ENFORCE = 'pod-security.kubernetes.io/enforce';

/** Every Namespace we emit makes the API server enforce the "restricted" Pod Security Standard. */
export function namespaceViolations(objects: readonly ManifestObject[]): Violation[] {
  return objects
    .filter((o) => o.kind === 'Namespace' && o.metadata?.labels?.[ENFORCE] !== 'restricted')
    .map((o) => ({
      object: objectRef(o),
      path: `metadata.labels[${JSON.stringify(ENFORCE)}]`,
      message: `${JSON.stringify(o.metadata?.labels?.[ENFORCE]) ?? 'is not set'}: it must be "restricted"`,
    }));
}
