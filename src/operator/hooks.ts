import { OPERATOR_GROUP, OPERATOR_KINDS, OPERATOR_VERSION } from './generated/crds';
import { clip } from '../model/show';
import {
  BadRequestError, CustomizeResponse, groupKey, KubeObject, ObjectMap, objectsOf, parseCustomizeRequest, parseSyncRequest, RelatedResourceRule,
  SyncRequest, SyncResponse, unchangedChild,
} from './metacontroller';
import { CustomResource, isOperatorResource, Manifest, OperatorKind, render, resourceKey, stableJson } from './render';
import { CHILD_KINDS, ELSEWHERE_KINDS, installedApis } from './resources';
import { buildStatus, gatewayAddresses, Readiness, readiness, ReadyReason } from './status';
import { GatewayRefSpec } from './spec';

/**
 * The hooks Metacontroller calls, as pure functions of the request body: the
 * server (server.ts) adds only HTTP. One CompositeController per kind calls
 * `sync` with the parent, its observed children and the related resources
 * `customize` asked for; both use hook version v2, whose maps are keyed
 * `<namespace>/<name>` (v1 keys objects of the parent's namespace by bare
 * name, so two related resources of one name in different namespaces would
 * overwrite each other) and which may relate resources of any namespace.
 */

/** Kinds with hooks, by the path segment of their URLs (`/sync/exposedservices`). */
export const HOOK_KINDS: ReadonlyMap<string, OperatorKind> = new Map(OPERATOR_KINDS.map((k) => [k.plural as string, k.kind as OperatorKind]));

const API_VERSION = `${OPERATOR_GROUP}/${OPERATOR_VERSION}`;

/** What a sync hook decided, besides its response: for the log line. */
export interface SyncOutcome {
  readonly response: SyncResponse;
  readonly parent: string;
  readonly ready: boolean;
  readonly reason: string;
}

/**
 * The sync hook (and finalize, when a controller is configured to call it):
 * the parent's children as the construct program would render them, and its
 * status. A spec that cannot be rendered keeps the observed children as they
 * are (Metacontroller deletes any child left out) and says why in `Ready`.
 */
export function sync(kind: OperatorKind, body: unknown, now: Date = new Date()): SyncOutcome {
  const request = parseSyncRequest(body);
  const parent = checkParent(kind, request.parent);
  const name = `${parent.metadata.namespace ?? ''}/${parent.metadata.name}`;
  const observed = objectsOf(request.children);
  if (request.finalizing) {
    // Children are garbage-collected through their owner references; nothing else to clean up.
    return {
      response: { status: (parent.status as Record<string, unknown> | undefined) ?? {}, children: [], finalized: observed.length === 0 },
      parent: name,
      ready: false,
      reason: 'Finalizing',
    };
  }
  const namespace = parent.metadata.namespace ?? 'default';
  const resources: CustomResource[] = [parent as CustomResource, ...objectsOf(request.related).filter(isOperatorResource)];
  const gateway = kind === 'IngressGateway' ? { namespace, name: parent.metadata.name } : gatewayOf(parent.spec, namespace);
  const elsewhere = elsewhereLookup(request.related);
  // Without a gateway reference the parent renders alone, to report what is wrong with its spec.
  const key = resourceKey(kind, namespace, parent.metadata.name);
  const results = render(gateway === undefined ? [parent as CustomResource] : resources, {
    gateway,
    useAppliedSpecs: true,
    existingElsewhere: elsewhere,
    objectsOf: (k) => k === key,
    defaultNamespace: namespace,
  });
  const result = results.get(key)!;

  let ready: Readiness;
  let children: readonly KubeObject[];
  let appliedSpec = (parent.status as { appliedSpec?: unknown } | undefined)?.appliedSpec;
  // Objects elsewhere were checked to exist as rendered (see existingElsewhere); they are not this parent's to own.
  const own = result.objects?.filter((o) => o.metadata.namespace === namespace);
  const unmanaged = own ? unmanagedKinds(own, request) : [];
  if (own && unmanaged.length === 0) {
    ready = readiness([]);
    children = own as readonly KubeObject[];
    appliedSpec = parent.spec;
  } else if (own) {
    ready = {
      ready: false,
      reason: ReadyReason.KIND_NOT_MANAGED,
      message:
        `needs ${unmanaged.join(', ')}, which CompositeController ${request.controller.metadata?.name ?? ''} does not manage: ` +
        'install the operator with the API these kinds belong to (IngressOperator props gatewayApi, certManager), after installing its CRDs',
    };
    children = observed.map(unchangedChild);
  } else {
    ready = readiness(result.problems);
    children = observed.map(unchangedChild);
  }
  const addresses = kind === 'IngressGateway' ? gatewayAddresses(result, request.children, request.related) : undefined;
  const status = buildStatus(parent, result, ready, appliedSpec, now, addresses) as unknown as Record<string, unknown>;
  return { response: { status, children }, parent: name, ready: ready.ready, reason: ready.reason };
}

/**
 * The customize hook: every IngressGateway, ExposedService and TlsIngress
 * (a gateway's listeners depend on all resources attached to it, their
 * routes on the gateway and each other), objects the parent may need outside
 * its namespace, and the Service of an existing proxy (for the address in
 * status). Metacontroller caches the answer per parent generation and calls
 * sync again whenever one of these objects changes.
 */
export function customize(kind: OperatorKind, body: unknown): CustomizeResponse {
  const request = parseCustomizeRequest(body);
  const parent = checkParent(kind, request.parent);
  const rules: RelatedResourceRule[] = OPERATOR_KINDS.map((k) => ({ apiVersion: API_VERSION, resource: k.plural }));
  const apis = installedApis(request.controller.spec?.childResources ?? []);
  for (const elsewhere of ELSEWHERE_KINDS[kind]) {
    if (apis.has(elsewhere.api)) rules.push({ apiVersion: elsewhere.apiVersion, resource: elsewhere.resource });
  }
  const existing = (parent.spec as { proxy?: { existing?: { namespace?: unknown; serviceName?: unknown } } } | undefined)?.proxy?.existing;
  if (kind === 'IngressGateway' && existing && typeof existing.serviceName === 'string') {
    rules.push({
      apiVersion: 'v1',
      resource: 'services',
      namespace: typeof existing.namespace === 'string' ? existing.namespace : 'istio-system',
      names: [existing.serviceName],
    });
  }
  return { relatedResources: rules };
}

function checkParent(kind: OperatorKind, parent: KubeObject): KubeObject {
  if (parent.kind !== kind || !parent.apiVersion.startsWith(`${OPERATOR_GROUP}/`)) {
    throw new BadRequestError(`this hook reconciles ${kind} (${OPERATOR_GROUP}), received a ${clip(parent.kind)} (${clip(parent.apiVersion)})`);
  }
  return parent;
}

function gatewayOf(spec: unknown, namespace: string): { namespace: string; name: string } | undefined {
  const ref = (spec as { gateway?: GatewayRefSpec } | undefined)?.gateway;
  if (ref === null || typeof ref !== 'object' || typeof ref.name !== 'string') return undefined;
  return { namespace: typeof ref.namespace === 'string' ? ref.namespace : namespace, name: ref.name };
}

/** Whether an object the parent needs outside its namespace exists as rendered among the related objects. */
function elsewhereLookup(related: ObjectMap): (object: Manifest) => boolean {
  return (object) => {
    const group = related[groupKey(object)];
    if (!group) return false;
    const existing = group[object.metadata.namespace ? `${object.metadata.namespace}/${object.metadata.name}` : object.metadata.name];
    return existing !== undefined && stableJson(existing.spec) === stableJson(object.spec);
  };
}

/** Kinds of the objects that the controller of this request does not list among its children. */
function unmanagedKinds(objects: readonly Manifest[], request: SyncRequest): string[] {
  const rules = request.controller.spec?.childResources;
  // Without the controller object (a test, a hand-made request), nothing can be checked.
  if (!rules) return [];
  const managed = new Set(rules.map((r) => `${r.apiVersion} ${r.resource}`));
  const kinds = new Set<string>();
  for (const object of objects) {
    const known = Object.values(CHILD_KINDS).flat().find((k) => k.apiVersion === object.apiVersion && k.kind === object.kind);
    if (!known || !managed.has(`${known.apiVersion} ${known.resource}`)) kinds.add(`${object.kind} (${object.apiVersion})`);
  }
  return [...kinds];
}

