import * as pulumi from '@pulumi/pulumi';
import { kindKey, Manifest } from './objects';

/** How long `pulumi up` waits for load balancers, and whether it does. */
export interface AwaitPolicy {
  readonly awaitLoadBalancer: boolean;
  /** A Pulumi custom timeout, e.g. `"300s"`. */
  readonly loadBalancerTimeout: string;
}

/** What the Kubernetes provider is told about waiting for one object. */
export interface Readiness {
  /** `pulumi.com/*` await annotations; they never override annotations the object already has. */
  readonly annotations: Readonly<Record<string, string>>;
  /** @default - none */
  readonly customTimeouts?: pulumi.CustomTimeouts;
}

/**
 * The provider's default await logic fits most objects (a Deployment waits
 * for its rollout). Two need a say:
 *
 * - a LoadBalancer Service waits until it has an external address, for up to
 *   ten minutes by default, and never gets one in clusters without a load
 *   balancer: the wait is bounded by `loadBalancerTimeout`, or skipped
 *   (`pulumi.com/skipAwait`) when load balancers are not awaited;
 * - a Gateway API Gateway has no built-in await: it waits for `Programmed`,
 *   which Istio sets once the proxy is deployed and has an address (so it is
 *   bounded like a load balancer), or only for `Accepted` when load balancers
 *   are not awaited.
 *
 * @see https://www.pulumi.com/blog/improved-kubernetes-await-logic/
 */
export function readiness(manifest: Manifest, policy: AwaitPolicy): Readiness {
  const bounded = { create: policy.loadBalancerTimeout, update: policy.loadBalancerTimeout };
  switch (kindKey(manifest.apiVersion, manifest.kind)) {
    case 'Service':
      if ((manifest.spec as { type?: string } | undefined)?.type !== 'LoadBalancer') break;
      return policy.awaitLoadBalancer ? { annotations: {}, customTimeouts: bounded } : { annotations: { 'pulumi.com/skipAwait': 'true' } };
    case 'Gateway.gateway.networking.k8s.io':
      return policy.awaitLoadBalancer
        ? { annotations: { 'pulumi.com/waitFor': 'condition=Programmed' }, customTimeouts: bounded }
        : { annotations: { 'pulumi.com/waitFor': 'condition=Accepted' } };
  }
  return { annotations: {} };
}

/** The manifest with `annotations` added under the ones it has; the charts' own objects are never changed. */
export function withAnnotations(manifest: Manifest, annotations: Readonly<Record<string, string>>): Manifest {
  if (Object.keys(annotations).length === 0) return manifest;
  const { metadata } = manifest;
  return { ...manifest, metadata: { ...metadata, annotations: { ...annotations, ...metadata.annotations } } };
}
