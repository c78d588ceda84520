import { IConstruct } from 'constructs';
import { invalid, show } from '../errors';
import { checkDnsLabel, checkHostname, checkLabelKey, checkLabelValue } from '../checks/names';

/** Checks of the props every construct of this library shares: object names, namespaces, labels, annotations. */

/** The API server's limit on the total size of an object's annotations (keys and values). */
const MAX_ANNOTATIONS_BYTES = 256 * 1024;

/**
 * The name of a construct's main objects: the `name` prop, else the construct
 * id (construct ids are part of the public contract: they decide names).
 */
export function objectName(scope: IConstruct, name: string | undefined): string {
  const resolved = name ?? scope.node.id;
  const problem = checkDnsLabel(resolved);
  if (problem) invalid(scope, name === undefined ? 'name (from the construct id)' : 'name', `${show(resolved)} ${problem}`);
  return resolved;
}

/** Validates a namespace name given as a prop. */
export function checkNamespace(scope: IConstruct, field: string, name: string): string {
  const problem = checkDnsLabel(name);
  if (problem) invalid(scope, field, `${show(name)} ${problem}`);
  return name;
}

/** Whether a value can be an options object: an object that is not an array. */
export function isOptionsObject(options: unknown): options is object {
  return options !== null && typeof options === 'object' && !Array.isArray(options);
}

/** Checks that an options argument is an object (or undefined, for the defaults). */
export function checkOptions(scope: IConstruct, field: string, options: unknown, type: string): void {
  if (options !== undefined) requireOptions(scope, field, options, type);
}

/**
 * Refuses props an options object does not have, where a misspelt one would silently widen what
 * it selects (`{ match: [...] }` for `matches` would route every request): JavaScript and YAML
 * callers have no compiler to tell them.
 */
export function checkKnownKeys(scope: IConstruct, field: string, options: object, known: readonly string[]): void {
  const problem = unknownKey(field, options, known);
  if (problem) invalid(scope, problem.field, problem.message);
}

/**
 * The first prop of `options` that `known` does not list (set to anything but undefined), as the
 * field and message `checkKnownKeys` reports; for callers without a construct to name.
 */
export function unknownKey(field: string, options: object, known: readonly string[]): { field: string; message: string } | undefined {
  for (const key of Object.keys(options)) {
    if (!known.includes(key) && (options as Record<string, unknown>)[key] !== undefined) {
      const shown = key.length > 40 ? `${key.slice(0, 37)}...` : key;
      const near = known.find((name) => editDistance(name.toLowerCase(), key.toLowerCase()) <= 2);
      return { field: field === '' ? shown : `${field}.${shown}`, message: `is not a prop of this object; known: ${known.join(', ')}${near === undefined ? '' : ` (did you mean ${near}?)`}` };
    }
  }
  return undefined;
}

/** `checkOptions` and `checkKnownKeys` together: an optional options object with only the props `known` lists. */
export function checkOptionKeys(scope: IConstruct, field: string, options: unknown, type: string, known: readonly string[]): void {
  checkOptions(scope, field, options, type);
  if (options !== undefined) checkKnownKeys(scope, field, options as object, known);
}

/** Levenshtein distance, for suggesting the prop a misspelt one meant (short strings only). */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2 || a.length > 40 || b.length > 40) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

/**
 * The prop names of a props interface, for `checkKnownKeys`: the compiler
 * checks the object lists each prop of `T` exactly once, and no other.
 */
export function propNames<T>(names: { readonly [K in keyof Required<T>]: true }): readonly string[] {
  return Object.keys(names);
}

/** Checks that a required options argument is an object. */
export function requireOptions(scope: IConstruct, field: string, options: unknown, type: string): void {
  if (!isOptionsObject(options)) invalid(scope, field, `expected ${type} (an object), received ${show(options)}`);
}

/** Validates a map of labels given as a prop. */
export function checkLabels(scope: IConstruct, field: string, labels: Record<string, string> | undefined): Record<string, string> {
  if (labels === undefined) return {};
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) invalid(scope, field, 'expected a map of label names to values');
  for (const [key, value] of Object.entries(labels)) {
    const keyProblem = checkLabelKey(key);
    if (keyProblem) invalid(scope, `${field}[${JSON.stringify(key)}]`, `the label name ${show(key)} ${keyProblem}`);
    const valueProblem = checkLabelValue(value);
    if (valueProblem) invalid(scope, `${field}[${JSON.stringify(key)}]`, `the label value ${show(value)} ${valueProblem}`);
  }
  return labels;
}

/** Validates a map of annotations given as a prop: qualified names as keys, string values, 256 KiB in all. */
export function checkAnnotations(scope: IConstruct, field: string, annotations: Record<string, string> | undefined): Record<string, string> {
  if (annotations === undefined) return {};
  if (annotations === null || typeof annotations !== 'object' || Array.isArray(annotations)) invalid(scope, field, 'expected a map of annotation names to values');
  let bytes = 0;
  for (const [key, value] of Object.entries(annotations)) {
    const keyProblem = checkLabelKey(key);
    if (keyProblem) invalid(scope, `${field}[${JSON.stringify(key)}]`, `the annotation name ${show(key)} ${keyProblem}`);
    if (typeof value !== 'string') invalid(scope, `${field}[${JSON.stringify(key)}]`, `the annotation value ${show(value)} must be a string (quote numbers and booleans)`);
    bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (bytes > MAX_ANNOTATIONS_BYTES) invalid(scope, field, `the annotations take ${bytes} bytes; the API server accepts at most ${MAX_ANNOTATIONS_BYTES} (256 KiB) per object`);
  return annotations;
}

/** A boolean prop: JavaScript callers may pass anything, and the string "false" is truthy. */
export function booleanProp(scope: IConstruct, field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') invalid(scope, field, `expected true or false, received ${show(value)}`);
  return value;
}

/** Validates a list of hosts given as a prop; duplicates are errors, since they usually hide a typo elsewhere. */
export function checkHosts(scope: IConstruct, field: string, hosts: string[]): string[] {
  if (!Array.isArray(hosts) || hosts.length === 0) invalid(scope, field, 'expected a non-empty list of hosts (use ["*"] for any host)');
  const seen = new Set<string>();
  hosts.forEach((host, i) => {
    const hostProblem = checkHostname(host);
    if (hostProblem) invalid(scope, `${field}[${i}]`, `${show(host)} ${hostProblem}`);
    if (seen.has(host)) invalid(scope, `${field}[${i}]`, `${show(host)} is listed twice`);
    seen.add(host);
  });
  return [...hosts];
}
