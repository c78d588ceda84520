/** Label selectors (`matchLabels`) read as Kubernetes reads them. */

import { extended } from './objects';

/**
 * The entries of `selector` that `labels` does not carry, in the selector's
 * order: none when the selector selects the labels (an empty selector selects
 * everything).
 */
export function unmatchedLabels(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): [string, string][] {
  return Object.entries(selector).filter(([key, value]) => labels[key] !== value);
}

/** Whether every label of `selector` is on `labels` (an empty selector selects everything). */
export function selects(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  for (const key of Object.keys(selector)) if (labels[key] !== selector[key]) return false;
  return true;
}

/** The label Kubernetes puts on every namespace, its name (so that selectors can select namespaces by name). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** The labels namespace `name` has: the ones given, and the one Kubernetes adds. */
export function namespaceLabels(name: string, labels: Readonly<Record<string, string>> = {}): Record<string, string> {
  return extended(labels, { [NAMESPACE_NAME_LABEL]: name });
}

/** Whether a namespace selector reads the namespace's name alone, so it is answered without knowing its other labels. */
export function selectsByNameOnly(selector: Readonly<Record<string, string>>): boolean {
  return Object.keys(selector).every((key) => key === NAMESPACE_NAME_LABEL);
}
