/** Label selectors (`matchLabels`) read as Kubernetes reads them. */

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
