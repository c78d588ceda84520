import { IConstruct } from 'constructs';
import { invalid, show } from '../errors';
import { BackendRefModel } from '../model/types';
import { IBackend } from './backend';
import { checkKnownKeys, isOptionsObject, propNames } from './props';

/** The Gateway API allows at most 16 backendRefs per rule. */
const MAX_BACKENDS = 16;

/** A backend of a route and its share of the route's requests (a canary split: 90 and 10). */
export interface WeightedBackend {
  /** Where the share of requests goes. */
  readonly backend: IBackend;
  /**
   * Percentage of the route's requests, a whole number from 0 to 100; the
   * weights of a route's backends add up to 100. 0 keeps a backend in the
   * route without sending it traffic.
   * @default 100 when it is the route's only backend; required when there are several
   */
  readonly weight?: number;
}

const WEIGHTED_BACKEND_PROPS = propNames<WeightedBackend>({ backend: true, weight: true });

/** Turns an IBackend into a backend reference, checking it as the route's backend would be. */
export type BackendResolver = (field: string, backend: IBackend) => BackendRefModel;

/**
 * Validates a route's weighted backends. Weights are percentages so that the
 * same numbers mean the same split in every API: the Gateway API divides each
 * weight by their sum, and Istio (which once required weights adding up to
 * 100) does today as well.
 */
export function weightedBackendsToModel(scope: IConstruct, field: string, backends: WeightedBackend[], resolve: BackendResolver): BackendRefModel[] {
  if (!Array.isArray(backends) || backends.length === 0) {
    invalid(scope, field, 'expected a non-empty list of { backend, weight }; leave backends unset to use the service\'s backend');
  }
  if (backends.length > MAX_BACKENDS) invalid(scope, field, `has ${backends.length} backends; at most ${MAX_BACKENDS} are allowed per route`);
  const seen = new Map<string, number>();
  const refs = backends.map((entry, i) => {
    const at = `${field}[${i}]`;
    if (!isOptionsObject(entry)) invalid(scope, at, `expected { backend, weight }, received ${show(entry)}`);
    checkKnownKeys(scope, at, entry, WEIGHTED_BACKEND_PROPS);
    const ref = resolve(`${at}.backend`, entry.backend);
    const key = `${ref.namespace}/${ref.name}:${ref.port ?? ref.portName}`;
    const first = seen.get(key);
    if (first !== undefined) invalid(scope, `${at}.backend`, `Service ${ref.namespace}/${ref.name} port ${ref.port ?? ref.portName} is already ${field}[${first}]; give each backend once, with the sum of its weights`);
    seen.set(key, i);
    if (entry.weight === undefined && backends.length > 1) {
      invalid(scope, `${at}.weight`, 'is required when a route has several backends: give each a percentage, the weights adding up to 100');
    }
    if (entry.weight !== undefined && (!Number.isInteger(entry.weight) || entry.weight < 0 || entry.weight > 100)) {
      invalid(scope, `${at}.weight`, `${show(entry.weight)} must be a whole percentage from 0 to 100`);
    }
    return { ref, weight: entry.weight ?? 100 };
  });
  if (refs.length === 1) {
    if (refs[0].weight !== 100) invalid(scope, `${field}[0].weight`, `a single backend receives every request, so the weight ${refs[0].weight} means nothing; leave it unset (or 100)`);
    return [refs[0].ref];
  }
  const total = refs.reduce((sum, { weight }) => sum + weight, 0);
  if (total !== 100) invalid(scope, field, `weights add up to ${total}, but they are percentages of the route's requests and must add up to 100 (e.g. 90 and 10)`);
  // Spelled out: an exactly-sized object per backend (extended() would spill the fifth field out of the object).
  return refs.map(({ ref, weight }) => ({ name: ref.name, namespace: ref.namespace, port: ref.port, portName: ref.portName, weight }));
}
