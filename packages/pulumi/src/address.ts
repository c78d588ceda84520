import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { ListenerProtocol } from 'cdk8s-istio-ingress';
import type { ListenerModel } from 'cdk8s-istio-ingress/model';

/**
 * Where clients reach a gateway: the "determining the ingress IP and ports"
 * step of Istio's ingress tasks, done by `pulumi up`.
 */
export interface IngressAddress {
  /**
   * IP address or hostname of the load balancer in front of the proxy (some
   * clouds publish a hostname), or the address in a Gateway API Gateway's status.
   * @default - unknown: the Service has no load balancer (NodePort, ClusterIP,
   * a cluster without a load-balancer implementation, or `awaitLoadBalancer: false`),
   * or the proxy's Service is not known; reach a node's IP on `nodePorts`
   */
  readonly host?: string;
  /**
   * Ports by name: the proxy Service's ports (`http2`, `https`, `status-port`),
   * or a Gateway API Gateway's listener ports by listener name.
   */
  readonly ports: { [name: string]: number };
  /**
   * Node ports by name (NodePort and LoadBalancer Services): the ports to use
   * on a node's IP when there is no load balancer.
   */
  readonly nodePorts: { [name: string]: number };
}

/** The address of a Service, from its live state: `status.loadBalancer.ingress[0]` and `spec.ports`. */
export function serviceAddress(service: k8s.core.v1.Service): pulumi.Output<IngressAddress> {
  return pulumi.all([service.spec, service.status]).apply(([spec, status]): IngressAddress => {
    const ingress = status?.loadBalancer?.ingress?.[0];
    const ports = spec?.ports ?? [];
    return {
      host: ingress?.ip || ingress?.hostname || undefined,
      ports: Object.fromEntries(ports.map((p) => [p.name, p.port])),
      nodePorts: Object.fromEntries(ports.filter((p) => p.nodePort).map((p) => [p.name, p.nodePort])),
    };
  });
}

/**
 * The address of a Gateway API Gateway, from its live state: Istio publishes
 * the address of the proxy it deploys in `status.addresses`.
 */
export function gatewayStatusAddress(gateway: k8s.apiextensions.CustomResource): pulumi.Output<IngressAddress> {
  const live = gateway as unknown as {
    spec: pulumi.Output<{ listeners?: { name: string; port: number }[] } | undefined>;
    status: pulumi.Output<{ addresses?: { value: string }[] } | undefined>;
  };
  return pulumi.all([live.spec, live.status]).apply(([spec, status]): IngressAddress => ({
    host: status?.addresses?.[0]?.value,
    ports: Object.fromEntries((spec?.listeners ?? []).map((l) => [l.name, l.port])),
    nodePorts: {},
  }));
}

/**
 * `http://<host>[:<port>]` for the gateway's first HTTP listener (else
 * `https://` for its first HTTPS listener), or undefined while the host is
 * unknown. The gateway still routes by host name: send the `Host` header of
 * an exposed host, or point DNS at the address.
 */
export function gatewayUrl(address: IngressAddress, listeners: readonly ListenerModel[]): string | undefined {
  const listener = listeners.find((l) => l.protocol === ListenerProtocol.HTTP) ?? listeners.find((l) => l.protocol === ListenerProtocol.HTTPS);
  if (address.host === undefined || listener === undefined) return undefined;
  const scheme = listener.protocol === ListenerProtocol.HTTP ? 'http' : 'https';
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  const defaultPort = scheme === 'http' ? 80 : 443;
  return `${scheme}://${host}${listener.port === defaultPort ? '' : `:${listener.port}`}`;
}
