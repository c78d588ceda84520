import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { IngressGateway, ProxyMode } from 'cdk8s-istio-ingress';
import { modelOf } from 'cdk8s-istio-ingress/model';
import { gatewayStatusAddress, gatewayUrl, IngressAddress, serviceAddress } from './address';
import { newObjectResource } from './kinds';
import { objectKey } from './objects';
import { planDeployment } from './plan';
import { Rank } from './ranks';
import { IngressDeploymentArgs } from './args';

/**
 * Deploys the objects of cdk8s charts as Pulumi resources, one child resource
 * per object, and publishes where the gateways can be reached.
 *
 * Every chart is validated as `cdk8s synth` does before anything is
 * registered. Objects are created in ranks: Namespaces; then Secrets,
 * ConfigMaps, ServiceAccounts and RBAC; then workloads and Services; then
 * gateways and routes.
 */
export class IngressDeployment extends pulumi.ComponentResource {
  /** The Pulumi type of the component. */
  public static readonly TYPE = 'cdk8s-istio-ingress:index:IngressDeployment';

  /**
   * The child resource of every object, by `<Kind>[.<group>]/[<namespace>/]<name>`,
   * e.g. `Service/istio-ingress/istio-ingressgateway`, `Gateway.networking.istio.io/istio-ingress/httpbin-gateway`.
   * The child's Pulumi name is `<component name>:<key>`.
   */
  public readonly resources: { readonly [key: string]: pulumi.CustomResource };
  /** The address of every IngressGateway of the charts, by `<namespace>/<name>` of the gateway. */
  public readonly addresses: pulumi.Output<{ [gateway: string]: IngressAddress }>;
  /** The address of the gateway, when the charts hold exactly one IngressGateway (else see `addresses`). */
  public readonly address: pulumi.Output<IngressAddress | undefined>;
  /** `http://<address>[:<port>]` of the gateway's first HTTP listener, once the address is known (see `address`). */
  public readonly url: pulumi.Output<string | undefined>;

  constructor(name: string, args: IngressDeploymentArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const plan = planDeployment(`IngressDeployment ${name}`, args);
    super(IngressDeployment.TYPE, name, {}, opts);

    const resources: Record<string, pulumi.CustomResource> = {};
    const byRank = new Map<Rank, pulumi.CustomResource[]>();
    for (const { key, manifest, rank, customTimeouts } of plan.objects) {
      const resource = newObjectResource(`${name}:${key}`, manifest, { parent: this, dependsOn: previousRank(byRank, rank), customTimeouts });
      // Objects come in rank order, so a rank's list is complete before any later rank depends on it.
      const same = byRank.get(rank);
      if (same) same.push(resource);
      else byRank.set(rank, [resource]);
      resources[key] = resource;
    }
    this.resources = resources;

    const published = [...plan.gateways].map(([key, gateway]) => {
      const address = this.addressOf(name, gateway);
      const listeners = modelOf(gateway).listeners;
      return { key, address, url: address.apply((a) => gatewayUrl(a, listeners)) };
    });
    const only = published.length === 1 ? published[0] : undefined;
    this.addresses = pulumi.all(Object.fromEntries(published.map(({ key, address }) => [key, address])));
    this.address = only?.address ?? pulumi.output(undefined);
    this.url = only?.url ?? pulumi.output(undefined);

    this.registerOutputs({ resources: this.resources, addresses: this.addresses, address: this.address, url: this.url });
  }

  private addressOf(name: string, gateway: IngressGateway): pulumi.Output<IngressAddress> {
    const { mode, namespace, serviceName } = modelOf(gateway).proxy;
    switch (mode) {
      case ProxyMode.BUNDLED: {
        const service = objectKey({ apiVersion: 'v1', kind: 'Service', metadata: { namespace, name: serviceName! } });
        return serviceAddress(this.resources[service] as k8s.core.v1.Service);
      }
      case ProxyMode.AUTOMATED: {
        const gatewayObject = objectKey({ apiVersion: GATEWAY_API_VERSION, kind: 'Gateway', metadata: { namespace: gateway.namespace, name: gateway.name } });
        return gatewayStatusAddress(this.resources[gatewayObject] as k8s.apiextensions.CustomResource);
      }
      case ProxyMode.EXISTING:
        // A proxy installed by other means: its Service is read (not managed) when its name is known.
        if (serviceName === undefined) return pulumi.output<IngressAddress>({ ports: {}, nodePorts: {} });
        return serviceAddress(k8s.core.v1.Service.get(`${name}:existing:Service/${namespace}/${serviceName}`, `${namespace}/${serviceName}`, { parent: this }));
    }
  }
}

/** Only the group matters to an object's identity (see objectKey). */
const GATEWAY_API_VERSION = 'gateway.networking.k8s.io/v1';

/** The resources of the closest lower rank that has any: ranks before it are reached through them. */
function previousRank(byRank: ReadonlyMap<Rank, pulumi.CustomResource[]>, rank: Rank): pulumi.CustomResource[] {
  for (let lower = rank - 1; lower >= 0; lower--) {
    const resources = byRank.get(lower);
    if (resources !== undefined) return resources;
  }
  return [];
}
