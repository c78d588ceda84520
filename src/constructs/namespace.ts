import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { POD_SECURITY_LABELS } from '../values/namespace-labels';
import { IngressRegistry } from './registry';

/**
 * Creates the Namespace object for `name` under `scope`, unless it is built
 * in or another construct of the same chart creates it (several gateways or
 * apps may share a namespace; it must appear once per chart, and each chart
 * must be applicable on its own). Namespaces we create enforce the
 * "restricted" Pod Security Standard.
 */
export function ensureNamespace(scope: Construct, name: string): void {
  const labels = { ...POD_SECURITY_LABELS };
  if (!IngressRegistry.of(scope).claimNamespace(scope, name, labels)) return;
  const registry = IngressRegistry.of(scope);
  const manifest = { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
  const namespace = new ApiObject(scope, 'Namespace', manifest);
  registry.recordObject(manifest, namespace.node.path, scope);
  // cdk8s copies a chart's namespace onto every object; a Namespace has none.
  if (Chart.of(namespace).namespace !== undefined) namespace.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
}
