import { IConstruct } from 'constructs';
import { invalid, show } from '../errors';
import { MirrorModel } from '../model/types';
import { IBackend } from './backend';
import { Percentage, percentageToModel } from './percentage';
import { checkKnownKeys, isOptionsObject, propNames } from './props';
import { BackendResolver } from './weighted-backend';

/**
 * The Gateway API allows 16 filters per rule; the other filters a route can
 * have (request and response headers, rewrite or redirect, CORS) take 4.
 */
const MAX_MIRRORS = 12;

/**
 * A copy of requests sent to another backend ("shadowing"), whose responses
 * are ignored: to try a new version with live traffic.
 *
 * @see https://istio.io/latest/docs/tasks/traffic-management/mirroring/
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprequestmirrorfilter
 */
export interface RequestMirror {
  /** Where the copies go. */
  readonly backend: IBackend;
  /**
   * The share of requests copied.
   * @default - every request
   */
  readonly percentage?: Percentage;
}

const REQUEST_MIRROR_PROPS = propNames<RequestMirror>({ backend: true, percentage: true });

/** Validates a route's mirrors. */
export function mirrorsToModel(scope: IConstruct, field: string, mirrors: RequestMirror[], resolve: BackendResolver): MirrorModel[] {
  if (!Array.isArray(mirrors) || mirrors.length === 0) invalid(scope, field, 'expected a non-empty list of { backend, percentage }');
  if (mirrors.length > MAX_MIRRORS) invalid(scope, field, `has ${mirrors.length} mirrors; at most ${MAX_MIRRORS} are allowed per route`);
  const seen = new Map<string, number>();
  return mirrors.map((mirror, i) => {
    const at = `${field}[${i}]`;
    if (!isOptionsObject(mirror)) invalid(scope, at, `expected { backend, percentage }, received ${show(mirror)}`);
    checkKnownKeys(scope, at, mirror, REQUEST_MIRROR_PROPS);
    const backend = resolve(`${at}.backend`, mirror.backend);
    const key = `${backend.namespace}/${backend.name}:${backend.port ?? backend.portName}`;
    const first = seen.get(key);
    if (first !== undefined) invalid(scope, `${at}.backend`, `Service ${backend.namespace}/${backend.name} already receives copies through ${field}[${first}]; mirror to each backend once`);
    seen.set(key, i);
    return {
      backend,
      ...(mirror.percentage === undefined ? {} : { percentage: percentageToModel(scope, `${at}.percentage`, mirror.percentage) }),
    };
  });
}
