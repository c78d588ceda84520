/**
 * The JSON Metacontroller (v4.17) exchanges with hooks, as its API reference
 * documents it: docs/api/compositecontroller.md ("Sync Hook Request", "Sync
 * Hook Response", "Finalize Hook"), docs/api/customize.md ("Customize Hook
 * Request/Response") and docs/api/hook.md (webhooks). Requests are checked at
 * run time: a body that is not of this shape is answered 400, never trusted.
 */

import { extended } from '../model/objects';

/** A Kubernetes object as Metacontroller sends it (full, with status and server fields). */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    /** @default - cluster-scoped */
    readonly namespace?: string;
    /** @default - not set (objects the API server has not stored yet) */
    readonly generation?: number;
    /** @default - none */
    readonly annotations?: Readonly<Record<string, string>>;
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

/**
 * Objects grouped by `<Kind>.<apiVersion>` (`Pod.v1`, `HTTPRoute.gateway.networking.k8s.io/v1`),
 * then by `<namespace>/<name>` (hook version v2; v1 uses the bare name for a parent's own namespace).
 */
export type ObjectMap = Readonly<Record<string, Readonly<Record<string, KubeObject>>>>;

/** A child or related resource rule of the controller object. */
export interface ResourceRule {
  readonly apiVersion: string;
  readonly resource: string;
}

/** The CompositeController object sent with every request (only what the hooks read). */
export interface CompositeControllerObject {
  /** @default - none */
  readonly metadata?: { readonly name?: string };
  /** @default - none */
  readonly spec?: { readonly childResources?: readonly ResourceRule[] };
}

/** Sync (and finalize) hook request. */
export interface SyncRequest {
  readonly controller: CompositeControllerObject;
  readonly parent: KubeObject;
  readonly children: ObjectMap;
  readonly related: ObjectMap;
  readonly finalizing: boolean;
}

/** Sync hook response; with hook version v2 Metacontroller rejects unknown fields. */
export interface SyncResponse {
  /** Replaces the parent's status (Metacontroller adds observedGeneration). */
  readonly status: Record<string, unknown>;
  /** Every desired child: any observed child left out is deleted. */
  readonly children: readonly KubeObject[];
  /**
   * Finalize hook only: whether cleaning up is done.
   * @default - none
   */
  readonly finalized?: boolean;
}

/** Customize hook request. */
export interface CustomizeRequest {
  readonly controller: CompositeControllerObject;
  readonly parent: KubeObject;
}

/** A related-resource rule of a customize response. */
export interface RelatedResourceRule {
  readonly apiVersion: string;
  readonly resource: string;
  /**
   * One namespace (any namespace with hook version v2).
   * @default - none
   */
  readonly namespace?: string;
  /** @default - none */
  readonly names?: readonly string[];
}

/** Customize hook response. */
export interface CustomizeResponse {
  readonly relatedResources: readonly RelatedResourceRule[];
}

/** A request body that is not what Metacontroller sends: answered 400. */
export class BadRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadRequestError';
  }
}

/** Where Metacontroller's dynamic apply keeps what a hook last returned for a child. */
export const LAST_APPLIED_ANNOTATION = 'metacontroller.k8s.io/last-applied-configuration';

export function parseSyncRequest(body: unknown): SyncRequest {
  const request = record(body, 'the request body');
  const finalizing = request.finalizing ?? false;
  if (typeof finalizing !== 'boolean') throw new BadRequestError(`finalizing must be true or false, received ${typeof finalizing}`);
  return {
    controller: compositeController(request.controller),
    parent: kubeObject(request.parent, 'parent'),
    children: objectMap(request.children, 'children'),
    related: objectMap(request.related, 'related'),
    finalizing,
  };
}

export function parseCustomizeRequest(body: unknown): CustomizeRequest {
  const request = record(body, 'the request body');
  return {
    controller: compositeController(request.controller),
    parent: kubeObject(request.parent, 'parent'),
  };
}

/** The CompositeController sent with the request: only `spec.childResources` is read, so only it is checked (absent in a hand-made request). */
function compositeController(value: unknown): CompositeControllerObject {
  const controller = record(value ?? {}, 'controller');
  if (controller.spec === undefined || controller.spec === null) return controller as CompositeControllerObject;
  const spec = record(controller.spec, 'controller.spec');
  const rules = spec.childResources;
  if (rules !== undefined && rules !== null) {
    if (!Array.isArray(rules)) throw new BadRequestError('controller.spec.childResources must be a list');
    rules.forEach((rule, i) => {
      const at = `controller.spec.childResources[${i}]`;
      const r = record(rule, at);
      if (typeof r.apiVersion !== 'string' || typeof r.resource !== 'string') throw new BadRequestError(`${at} must have apiVersion and resource`);
    });
  }
  return controller as CompositeControllerObject;
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new BadRequestError(`${what} must be a JSON object`);
  return value as Record<string, unknown>;
}

function kubeObject(value: unknown, what: string): KubeObject {
  const object = record(value, what);
  if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') throw new BadRequestError(`${what} must have apiVersion and kind`);
  const metadata = record(object.metadata, `${what}.metadata`);
  if (typeof metadata.name !== 'string' || metadata.name === '') throw new BadRequestError(`${what}.metadata.name must be a non-empty string`);
  if (metadata.namespace !== undefined && typeof metadata.namespace !== 'string') throw new BadRequestError(`${what}.metadata.namespace must be a string`);
  // The API server omits the namespace of a cluster-scoped object; an empty one is no object it sends.
  if (metadata.namespace === '') throw new BadRequestError(`${what}.metadata.namespace must not be empty (a cluster-scoped object has none)`);
  return object as KubeObject;
}

function objectMap(value: unknown, what: string): ObjectMap {
  // Metacontroller always sends both maps; an absent or null one means none observed.
  if (value === undefined || value === null) return {};
  const groups = record(value, what);
  for (const [type, group] of Object.entries(groups)) {
    if (group === null) continue;
    for (const [name, object] of Object.entries(record(group, `${what}[${JSON.stringify(type)}]`))) kubeObject(object, `${what}[${JSON.stringify(type)}][${JSON.stringify(name)}]`);
  }
  return groups as ObjectMap;
}

/** Every object of a map. */
export function objectsOf(map: ObjectMap): KubeObject[] {
  return Object.values(map).flatMap((group) => (group ? Object.values(group) : []));
}

/** The `<Kind>.<apiVersion>` key of an object's group. */
export function groupKey(object: { readonly apiVersion: string; readonly kind: string }): string {
  return `${object.kind}.${object.apiVersion}`;
}

/**
 * An observed child as the desired state that leaves it as it is: what the
 * hook returned last time (Metacontroller's dynamic apply records it in an
 * annotation), else the object without the fields the server owns.
 */
export function unchangedChild(observed: KubeObject): KubeObject {
  const lastApplied = observed.metadata.annotations?.[LAST_APPLIED_ANNOTATION];
  if (lastApplied !== undefined) {
    try {
      const parsed = JSON.parse(lastApplied) as unknown;
      if (parsed !== null && typeof parsed === 'object' && (parsed as KubeObject).kind === observed.kind) return parsed as KubeObject;
    } catch {
      // A damaged annotation: fall back to the observed object.
    }
  }
  const { status: _status, metadata, ...rest } = observed;
  const {
    uid: _uid, resourceVersion: _rv, generation: _generation, creationTimestamp: _created, deletionTimestamp: _deleted,
    deletionGracePeriodSeconds: _grace, managedFields: _managed, selfLink: _self, ownerReferences: _owners, ...kept
  } = metadata;
  const { annotations: observedAnnotations, ...meta } = kept;
  const annotations = { ...(observedAnnotations as Record<string, string> | undefined) };
  delete annotations[LAST_APPLIED_ANNOTATION];
  return extended(rest, { metadata: Object.keys(annotations).length > 0 ? extended(meta, { annotations }) : meta }) as KubeObject;
}
