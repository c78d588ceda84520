import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { invalid, show } from '../core/errors';
import { checkLabels } from './props';

/** Namespaces every cluster has; creating them is never needed. */
const BUILT_IN_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/** Label that makes the API server enforce the Pod Security Standards "restricted" profile. */
const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
export const POD_SECURITY_LABELS: Readonly<Record<string, string>> = {
  [ENFORCE_LABEL]: 'restricted',
};

const created = new WeakMap<IConstruct, Map<string, ApiObject>>();
/** Labels of every namespace an app creates, by app root, for checks such as Gateway API allowedRoutes selectors. */
const labelsByApp = new WeakMap<IConstruct, Map<string, Record<string, string>>>();

/**
 * Creates the Namespace object for `name` unless it is built in or another
 * construct of the same chart already created it (several gateways or apps may
 * share a namespace; it must appear once per chart, and each chart must be
 * applicable on its own). Namespaces we create enforce the "restricted" Pod
 * Security Standard.
 */
export function ensureNamespace(scope: IConstruct, name: string, extraLabels: Record<string, string> = {}): ApiObject | undefined {
  if (BUILT_IN_NAMESPACES.has(name)) return undefined;
  const chart = Chart.of(scope);
  let byName = created.get(chart);
  if (!byName) created.set(chart, (byName = new Map()));
  const existing = byName.get(name);
  if (existing) return existing;
  const labels = { ...POD_SECURITY_LABELS, ...extraLabels };
  const namespace = clusterScoped(new kplus.k8s.KubeNamespace(scope, 'Namespace', { metadata: { name, labels } }));
  byName.set(name, namespace);
  let appLabels = labelsByApp.get(scope.node.root);
  if (!appLabels) labelsByApp.set(scope.node.root, (appLabels = new Map()));
  appLabels.set(name, { ...appLabels.get(name), ...labels });
  return namespace;
}

/**
 * The labels a namespace will have, when the app knows them: the ones it
 * sets on namespaces it creates, plus `kubernetes.io/metadata.name`, which
 * Kubernetes puts on every namespace. Undefined when the namespace is created
 * elsewhere and only its name is known.
 */
export function knownNamespaceLabels(scope: IConstruct, name: string): Record<string, string> | undefined {
  const labels = labelsByApp.get(scope.node.root)?.get(name);
  return labels === undefined ? undefined : { ...labels, 'kubernetes.io/metadata.name': name };
}

/**
 * Keeps a cluster-scoped object free of `metadata.namespace`: cdk8s copies a
 * chart's namespace onto every object it creates, which is meaningless (and
 * misleading in review) on Namespaces, IngressClasses and the like.
 */
export function clusterScoped<T extends ApiObject>(object: T): T {
  if (Chart.of(object).namespace !== undefined) object.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  return object;
}

/**
 * Validates extra labels for a namespace we create. They may add Pod Security
 * `warn` or `audit` modes, but not weaken what is enforced: the label governs
 * every pod of the namespace, not only ours.
 */
export function checkNamespaceLabels(scope: IConstruct, field: string, labels: Record<string, string> | undefined): Record<string, string> {
  const checked = checkLabels(scope, field, labels);
  const enforce = checked[ENFORCE_LABEL];
  if (enforce !== undefined && enforce !== 'restricted') {
    invalid(
      scope,
      `${field}[${JSON.stringify(ENFORCE_LABEL)}]`,
      `${show(enforce)} would lift the "restricted" Pod Security Standard the namespace enforces; remove the label, ` +
        'or set createNamespace: false and manage the namespace yourself',
    );
  }
  return checked;
}
