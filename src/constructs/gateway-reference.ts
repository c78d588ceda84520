import { IConstruct } from 'constructs';
import { IngressApi } from '../values/ingress-api';

/**
 * A gateway routes can be attached to: one this program creates
 * (`IngressGateway`), one another team runs (`IngressGateway.fromGatewayName()`),
 * or your own implementation. Everything here is plain data, so any
 * construct can implement it; the library then renders the routes and TLS
 * attached to it (not the gateway itself) and checks what it can.
 */
export interface IIngressGateway extends IConstruct {
  /**
   * Name of the Gateway object (Istio API and Gateway API). Kubernetes Ingress
   * has no gateway object: there the name only identifies the gateway in messages.
   */
  readonly name: string;
  /** Namespace of the Gateway object. */
  readonly namespace: string;
  /** The API the gateway is configured with. */
  readonly api: IngressApi;
  /** DNS suffix of the cluster. */
  readonly clusterDomain: string;
  /** Namespace the gateway's proxy pods run in (where Istio reads TLS credentials for the Istio API and Ingress). */
  readonly proxyNamespace: string;
  /**
   * Labels of the gateway's proxy pods, when known (for NetworkPolicies that admit them).
   * @default - unknown
   */
  readonly proxySelector?: { [key: string]: string };
  /**
   * Namespace TLS credentials must live in for this gateway: the proxy's
   * namespace for the Istio API and Ingress (Istio reads them there), the
   * Gateway's namespace for the Gateway API.
   */
  readonly credentialNamespace: string;
}

/** Whether `value` looks like an IIngressGateway (JavaScript callers may pass anything). */
export function isGateway(value: unknown): value is IIngressGateway {
  const gateway = value as IIngressGateway | undefined;
  return typeof gateway === 'object' && gateway !== null && typeof gateway.node === 'object' && typeof gateway.name === 'string' && gateway.api instanceof IngressApi;
}
