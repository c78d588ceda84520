import { IConstruct } from 'constructs';
import { invalid, show } from '../errors';
import { checkCidr } from '../checks/names';
import { EgressModel, ProxyNetworkPolicyModel } from '../model/types';
import { checkKnownKeys, isOptionsObject, propNames } from './props';
import { definedFields } from '../model/objects';

/**
 * A `networking.k8s.io/v1` NetworkPolicy for the bundled proxy's pods. Ingress
 * is allowed on the listener ports (the ports of the proxy Service) and on the
 * proxy's own 15020 (merged Prometheus metrics, which the pod's
 * `prometheus.io/port` annotation points scrapers at), 15021 (health, probed
 * by load balancers) and 15090 (Envoy's Prometheus statistics); every other
 * port is closed. Only clusters whose network plugin enforces NetworkPolicy
 * apply it.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export interface ProxyNetworkPolicy {
  /**
   * Source CIDRs allowed to reach the listener ports, as the proxy pods see
   * them. Behind a load balancer that is often not the client: with
   * `externalTrafficPolicy: Cluster` (the default) packets may arrive from a
   * node's address. To filter clients at the load balancer, use
   * `loadBalancerSourceRanges`. The health and metrics ports stay open to any
   * source, since load-balancer health checks and scrapers come from
   * addresses that vary by platform.
   * @default - any source
   */
  readonly sourceCidrs?: string[];
  /**
   * Where the proxy may open connections.
   * @default ProxyEgress.allowAll()
   */
  readonly egress?: ProxyEgress;
}

/** Where the gateway proxy may open connections. */
export class ProxyEgress {
  /** No restriction: backends may be anywhere, in the cluster or outside it (ServiceEntry). */
  public static allowAll(): ProxyEgress {
    return new ProxyEgress(false, undefined);
  }

  /**
   * Only to pods of the cluster, on any port (istiod's 15012 and every
   * backend), and to DNS (port 53) wherever it is served, since node-local
   * caches and cloud resolvers are not pods. Backends outside the cluster
   * become unreachable.
   */
  public static clusterOnly(): ProxyEgress {
    return new ProxyEgress(true, undefined);
  }

  /** Like `clusterOnly()`, plus the given CIDRs (e.g. backends outside the cluster). */
  public static clusterAndCidrs(cidrs: string[]): ProxyEgress {
    return new ProxyEgress(true, cidrs);
  }

  private constructor(
    private readonly restricted: boolean,
    private readonly cidrs: string[] | undefined,
  ) {}

  /**
   * The egress restriction as plain data, or undefined when egress is not restricted.
   * @internal
   */
  public _toModel(scope: IConstruct, field: string): EgressModel | undefined {
    if (!this.restricted) return undefined;
    return { clusterOnly: true, ...(this.cidrs === undefined ? {} : { cidrs: checkCidrs(scope, `${field}.cidrs`, this.cidrs) }) };
  }
}

const PROXY_NETWORK_POLICY = propNames<ProxyNetworkPolicy>({ sourceCidrs: true, egress: true });

/** Validates the NetworkPolicy options of the bundled proxy. */
export function networkPolicyToModel(scope: IConstruct, field: string, policy: ProxyNetworkPolicy): ProxyNetworkPolicyModel {
  if (!isOptionsObject(policy)) invalid(scope, field, `expected ProxyNetworkPolicy options ({} for the defaults), received ${show(policy)}`);
  checkKnownKeys(scope, field, policy, PROXY_NETWORK_POLICY);
  const sourceCidrs = policy.sourceCidrs === undefined ? undefined : checkCidrs(scope, `${field}.sourceCidrs`, policy.sourceCidrs);
  const egress = policy.egress ?? ProxyEgress.allowAll();
  if (!(egress instanceof ProxyEgress)) invalid(scope, `${field}.egress`, 'expected a ProxyEgress (ProxyEgress.allowAll(), .clusterOnly() or .clusterAndCidrs())');
  const egressModel = egress._toModel(scope, `${field}.egress`);
  return definedFields({ sourceCidrs: sourceCidrs || undefined, egress: egressModel || undefined });
}

/** Validates a non-empty list of CIDRs: in a NetworkPolicy an empty list would mean "anywhere". */
export function checkCidrs(scope: IConstruct, field: string, cidrs: string[]): string[] {
  if (!Array.isArray(cidrs) || cidrs.length === 0) {
    invalid(scope, field, `${show(cidrs)} must be a non-empty list of CIDRs, e.g. ["203.0.113.0/24"] (an empty list would allow any address)`);
  }
  cidrs.forEach((cidr, i) => {
    const problem = checkCidr(cidr);
    if (problem) invalid(scope, `${field}[${i}]`, `${show(cidr)} ${problem}`);
  });
  return [...cidrs];
}
