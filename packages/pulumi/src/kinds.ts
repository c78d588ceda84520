import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { Manifest } from './objects';

type TypedResource = new (name: string, args: any, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/**
 * The typed classes of `@pulumi/kubernetes`, by `<apiVersion>/<kind>`: their
 * outputs are typed (a Service's `status`), and the Secret class makes `data`
 * and `stringData` secret outputs.
 */
const TYPED: Readonly<Record<string, TypedResource>> = {
  'v1/Namespace': k8s.core.v1.Namespace,
  'v1/ServiceAccount': k8s.core.v1.ServiceAccount,
  'v1/Secret': k8s.core.v1.Secret,
  'v1/ConfigMap': k8s.core.v1.ConfigMap,
  'v1/Service': k8s.core.v1.Service,
  'apps/v1/Deployment': k8s.apps.v1.Deployment,
  'rbac.authorization.k8s.io/v1/Role': k8s.rbac.v1.Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': k8s.rbac.v1.RoleBinding,
  'rbac.authorization.k8s.io/v1/ClusterRole': k8s.rbac.v1.ClusterRole,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': k8s.rbac.v1.ClusterRoleBinding,
  'autoscaling/v2/HorizontalPodAutoscaler': k8s.autoscaling.v2.HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': k8s.policy.v1.PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': k8s.networking.v1.NetworkPolicy,
  'networking.k8s.io/v1/Ingress': k8s.networking.v1.Ingress,
  'networking.k8s.io/v1/IngressClass': k8s.networking.v1.IngressClass,
};

/**
 * Registers one object: with its typed class when there is one, else as an
 * `apiextensions.CustomResource` (Istio, Gateway API, cert-manager), which the
 * provider handles by its type token `kubernetes:<apiVersion>:<kind>`.
 */
export function newObjectResource(name: string, manifest: Manifest, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  const { apiVersion, kind, ...fields } = manifest;
  const typed = TYPED[`${apiVersion}/${kind}`];
  if (typed !== undefined) return new typed(name, fields, opts);
  // An input key becomes an output property: `status` is declared so that a
  // custom resource's status (a Gateway's addresses) can be read.
  return new k8s.apiextensions.CustomResource(name, { status: undefined, ...manifest }, opts);
}
