import { ProxyMode } from '../model/types';
import { KubeObject, ObjectMap, objectsOf } from './metacontroller';
import { RenderedResource, ResourceProblem } from './render';
import { ConditionSpec, ConditionStatus, GatewayAddressStatus, IngressGatewayStatus, OperatorStatus } from './spec';
import { definedFields } from '../model/objects';

/** Reasons of the Ready condition besides those of NotReadyReason. */
export enum ReadyReason {
  /** The objects of the current spec are what was returned. */
  RECONCILED = 'Reconciled',
  /** A kind the spec needs is not among the controller's children (the operator was installed without its API). */
  KIND_NOT_MANAGED = 'KindNotManaged',
}

export interface Readiness {
  readonly ready: boolean;
  readonly reason: string;
  readonly message: string;
}

/** Ready, or not and why: every problem, each naming its field. */
export function readiness(problems: readonly ResourceProblem[]): Readiness {
  if (problems.length === 0) return { ready: true, reason: ReadyReason.RECONCILED, message: 'the objects of the current spec are applied' };
  const message = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
  return { ready: false, reason: problems[0].reason, message };
}

/**
 * The status of a resource after a sync: Ready with its reason and message
 * (its lastTransitionTime kept while the status stays the same), what it
 * serves, and the spec its applied objects come from.
 */
export function buildStatus(
  parent: KubeObject,
  result: RenderedResource | undefined,
  ready: Readiness,
  appliedSpec: unknown,
  now: Date,
  addresses?: readonly GatewayAddressStatus[],
): IngressGatewayStatus & OperatorStatus {
  const generation = typeof parent.metadata.generation === 'number' ? parent.metadata.generation : undefined;
  const previous = previousReady(parent);
  const status = ready.ready ? ConditionStatus.TRUE : ConditionStatus.FALSE;
  const condition: ConditionSpec = {
    type: 'Ready',
    status,
    reason: ready.reason,
    message: ready.message.length > 32768 ? `${ready.message.slice(0, 32765)}...` : ready.message,
    lastTransitionTime: previous?.status === status && typeof previous.lastTransitionTime === 'string' ? previous.lastTransitionTime : now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ...(generation === undefined ? {} : { observedGeneration: generation }),
  };
  const rendered = result !== undefined && result.rendered !== 'none';
  return definedFields({
    observedGeneration: generation,
    conditions: [condition],
    hosts: rendered ? [...result.hosts] : undefined,
    listeners: rendered ? [...result.listeners] : undefined,
    api: rendered ? result.api : undefined,
    appliedSpec: appliedSpec as { [key: string]: unknown } | undefined,
    addresses: addresses && addresses.length > 0 ? [...addresses] : undefined,
  });
}

function previousReady(parent: KubeObject): Partial<ConditionSpec> | undefined {
  const conditions = (parent.status as { conditions?: unknown } | undefined)?.conditions;
  if (!Array.isArray(conditions)) return undefined;
  return conditions.find((c): c is Partial<ConditionSpec> => c !== null && typeof c === 'object' && (c as ConditionSpec).type === 'Ready');
}

/**
 * Where clients reach a gateway: the load-balancer addresses of its proxy
 * Service (a child when the library deploys the proxy, a related object when
 * an existing one is named), or the addresses Istio reports on a Gateway API
 * Gateway (its automated proxy is Istio's, not ours).
 */
export function gatewayAddresses(result: RenderedResource | undefined, children: ObjectMap, related: ObjectMap): GatewayAddressStatus[] {
  if (!result || result.rendered === 'none') return [];
  const spec = (result.rendered === 'spec' ? result.resource.spec : result.resource.status?.appliedSpec) as
    | { proxy?: { existing?: { namespace?: string; serviceName?: string }; bundled?: { name?: string } } }
    | undefined;
  const observed = [...objectsOf(children), ...objectsOf(related)];
  const gatewayApi = observed.find((o) => o.kind === 'Gateway' && o.apiVersion.startsWith('gateway.networking.k8s.io/') && o.metadata.name === result.name && o.metadata.namespace === result.namespace);
  const fromGateway = (gatewayApi?.status as { addresses?: unknown } | undefined)?.addresses;
  if (Array.isArray(fromGateway) && fromGateway.length > 0) {
    return fromGateway
      .filter((a): a is GatewayAddressStatus => a !== null && typeof a === 'object' && typeof (a as GatewayAddressStatus).value === 'string')
      .map((a) => ({ type: typeof a.type === 'string' ? a.type : 'IPAddress', value: a.value }));
  }
  const existing = spec?.proxy?.existing;
  const service =
    existing !== undefined
      ? { name: existing.serviceName, namespace: existing.namespace ?? 'istio-system' }
      : { name: spec?.proxy?.bundled?.name ?? (result.api === undefined ? undefined : 'istio-ingressgateway'), namespace: result.namespace };
  if (service.name === undefined || proxyMode(spec) === ProxyMode.AUTOMATED) return [];
  const found = observed.find((o) => o.kind === 'Service' && o.apiVersion === 'v1' && o.metadata.name === service.name && o.metadata.namespace === service.namespace);
  const ingress = (found?.status as { loadBalancer?: { ingress?: unknown } } | undefined)?.loadBalancer?.ingress;
  if (!Array.isArray(ingress)) return [];
  return ingress.flatMap((entry): GatewayAddressStatus[] => {
    if (entry === null || typeof entry !== 'object') return [];
    const { ip, hostname } = entry as { ip?: unknown; hostname?: unknown };
    if (typeof ip === 'string') return [{ type: 'IPAddress', value: ip }];
    if (typeof hostname === 'string') return [{ type: 'Hostname', value: hostname }];
    return [];
  });
}

function proxyMode(spec: { proxy?: { existing?: unknown; bundled?: unknown } } | undefined): ProxyMode | undefined {
  if (spec?.proxy?.existing !== undefined) return ProxyMode.EXISTING;
  if (spec?.proxy?.bundled !== undefined) return ProxyMode.BUNDLED;
  return (spec?.proxy as { automated?: unknown } | undefined)?.automated !== undefined ? ProxyMode.AUTOMATED : undefined;
}
