import { kindKey, Manifest } from './objects';

/**
 * The order objects are created in. Each object depends on the objects of the
 * rank before it, so the API server never sees an object before what it
 * refers to: a Deployment before its ServiceAccount, a route before the
 * workloads it sends traffic to.
 */
export enum Rank {
  /** Namespaces (and CRDs): everything else lives in or is defined by them. */
  NAMESPACES = 0,
  /** Secrets, ConfigMaps, ServiceAccounts and RBAC: what workloads mount and run as. */
  CONFIGURATION = 1,
  /** Workloads, their Services and the policies that govern them. */
  WORKLOADS = 2,
  /** Gateways and routes (Istio, Gateway API, Ingress), and any other kind. */
  ROUTING = 3,
}

const RANK_OF_KIND: Readonly<Record<string, Rank>> = {
  'Namespace': Rank.NAMESPACES,
  'CustomResourceDefinition.apiextensions.k8s.io': Rank.NAMESPACES,

  'Secret': Rank.CONFIGURATION,
  'ConfigMap': Rank.CONFIGURATION,
  'ServiceAccount': Rank.CONFIGURATION,
  'Role.rbac.authorization.k8s.io': Rank.CONFIGURATION,
  'RoleBinding.rbac.authorization.k8s.io': Rank.CONFIGURATION,
  'ClusterRole.rbac.authorization.k8s.io': Rank.CONFIGURATION,
  'ClusterRoleBinding.rbac.authorization.k8s.io': Rank.CONFIGURATION,
  'IngressClass.networking.k8s.io': Rank.CONFIGURATION,
  'GatewayClass.gateway.networking.k8s.io': Rank.CONFIGURATION,
  'Issuer.cert-manager.io': Rank.CONFIGURATION,
  'ClusterIssuer.cert-manager.io': Rank.CONFIGURATION,

  'Deployment.apps': Rank.WORKLOADS,
  'StatefulSet.apps': Rank.WORKLOADS,
  'DaemonSet.apps': Rank.WORKLOADS,
  'Service': Rank.WORKLOADS,
  'HorizontalPodAutoscaler.autoscaling': Rank.WORKLOADS,
  'PodDisruptionBudget.policy': Rank.WORKLOADS,
  'NetworkPolicy.networking.k8s.io': Rank.WORKLOADS,
  // A Certificate produces the TLS Secret a gateway serves, so it is ready before the gateway.
  'Certificate.cert-manager.io': Rank.WORKLOADS,
};

/** The rank of an object; kinds not listed are custom resources that usually refer to everything else, so they come last. */
export function rankOf(manifest: Manifest): Rank {
  return RANK_OF_KIND[kindKey(manifest.apiVersion, manifest.kind)] ?? Rank.ROUTING;
}
