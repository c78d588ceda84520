import type { OperatorKind } from './render';

/** The optional APIs a cluster may have, each needing its CRDs installed before a controller may watch its kinds. */
export enum ClusterApi {
  /** Kubernetes itself (always there). */
  KUBERNETES = 'kubernetes',
  /** Istio's networking.istio.io. */
  ISTIO = 'istio',
  /** The Kubernetes Gateway API. */
  GATEWAY_API = 'gateway-api',
  /** cert-manager. */
  CERT_MANAGER = 'cert-manager',
}

/** A kind of object the hooks return as children. */
export interface ChildKind {
  readonly apiVersion: string;
  readonly kind: string;
  /** Plural resource name, as Metacontroller's rules name kinds. */
  readonly resource: string;
  readonly api: ClusterApi;
}

const child = (apiVersion: string, kind: string, resource: string, api: ClusterApi): ChildKind => ({ apiVersion, kind, resource, api });

/**
 * Every kind each custom resource's objects can be, in its own namespace (the
 * only place Metacontroller can own children of a namespaced parent): the
 * children of its CompositeController. Kinds only ever created elsewhere
 * (ReferenceGrants for an ExposedService's backends, IngressClasses) are
 * related resources instead.
 */
export const CHILD_KINDS: Readonly<Record<OperatorKind, readonly ChildKind[]>> = {
  IngressGateway: [
    child('v1', 'ServiceAccount', 'serviceaccounts', ClusterApi.KUBERNETES),
    child('apps/v1', 'Deployment', 'deployments', ClusterApi.KUBERNETES),
    child('v1', 'Service', 'services', ClusterApi.KUBERNETES),
    child('rbac.authorization.k8s.io/v1', 'Role', 'roles', ClusterApi.KUBERNETES),
    child('rbac.authorization.k8s.io/v1', 'RoleBinding', 'rolebindings', ClusterApi.KUBERNETES),
    child('autoscaling/v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', ClusterApi.KUBERNETES),
    child('policy/v1', 'PodDisruptionBudget', 'poddisruptionbudgets', ClusterApi.KUBERNETES),
    child('networking.k8s.io/v1', 'NetworkPolicy', 'networkpolicies', ClusterApi.KUBERNETES),
    child('networking.istio.io/v1', 'Gateway', 'gateways', ClusterApi.ISTIO),
    child('gateway.networking.k8s.io/v1', 'Gateway', 'gateways', ClusterApi.GATEWAY_API),
  ],
  ExposedService: [
    child('networking.istio.io/v1', 'VirtualService', 'virtualservices', ClusterApi.ISTIO),
    child('gateway.networking.k8s.io/v1', 'HTTPRoute', 'httproutes', ClusterApi.GATEWAY_API),
    child('networking.k8s.io/v1', 'Ingress', 'ingresses', ClusterApi.KUBERNETES),
  ],
  TlsIngress: [
    child('networking.istio.io/v1', 'VirtualService', 'virtualservices', ClusterApi.ISTIO),
    child('gateway.networking.k8s.io/v1', 'TLSRoute', 'tlsroutes', ClusterApi.GATEWAY_API),
    child('gateway.networking.k8s.io/v1', 'HTTPRoute', 'httproutes', ClusterApi.GATEWAY_API),
    child('gateway.networking.k8s.io/v1', 'ReferenceGrant', 'referencegrants', ClusterApi.GATEWAY_API),
    child('cert-manager.io/v1', 'Certificate', 'certificates', ClusterApi.CERT_MANAGER),
    child('cert-manager.io/v1', 'Issuer', 'issuers', ClusterApi.CERT_MANAGER),
  ],
};

const REFERENCE_GRANT = child('gateway.networking.k8s.io/v1', 'ReferenceGrant', 'referencegrants', ClusterApi.GATEWAY_API);

/**
 * Kinds each custom resource may need outside its namespace (or
 * cluster-scoped), which its controller cannot own: read as related
 * resources, so that one that exists as rendered counts as there.
 */
export const ELSEWHERE_KINDS: Readonly<Record<OperatorKind, readonly ChildKind[]>> = {
  IngressGateway: [child('networking.k8s.io/v1', 'IngressClass', 'ingressclasses', ClusterApi.KUBERNETES)],
  ExposedService: [REFERENCE_GRANT],
  TlsIngress: [
    REFERENCE_GRANT,
    child('cert-manager.io/v1', 'Certificate', 'certificates', ClusterApi.CERT_MANAGER),
    child('cert-manager.io/v1', 'Issuer', 'issuers', ClusterApi.CERT_MANAGER),
  ],
};

/** The APIs of a controller's child kinds: which CRDs the install found in the cluster. */
export function installedApis(childResources: readonly { readonly apiVersion: string; readonly resource: string }[]): Set<ClusterApi> {
  const apis = new Set<ClusterApi>([ClusterApi.KUBERNETES]);
  for (const rule of childResources) {
    const known = Object.values(CHILD_KINDS).flat().find((k) => k.apiVersion === rule.apiVersion && k.resource === rule.resource);
    if (known) apis.add(known.api);
  }
  return apis;
}
