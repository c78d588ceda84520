import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';

const checked = new WeakSet<Chart>();

/**
 * Makes the chart of `scope` check, at synth time, that no two of its objects
 * share apiVersion, kind, namespace and name: `kubectl apply` would keep only
 * the last one, silently (two gateways deploying the same proxy, say).
 * Registered once per chart by the constructs of this library.
 */
export function ensureChartChecks(scope: IConstruct): void {
  const chart = Chart.of(scope);
  if (checked.has(chart)) return;
  checked.add(chart);
  chart.node.addValidation({ validate: () => duplicateObjects(chart) });
}

function duplicateObjects(chart: Chart): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const construct of chart.node.findAll()) {
    if (!(construct instanceof ApiObject) || Chart.of(construct) !== chart) continue;
    const namespace = construct.metadata.namespace ?? '';
    const key = `${construct.apiVersion}|${construct.kind}|${namespace}|${construct.name}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, construct.node.path);
      continue;
    }
    problems.push(
      `objects: ${construct.kind} ${namespace ? `${namespace}/` : ''}${construct.name} is emitted twice, by ${first} and ${construct.node.path}; ` +
        'kubectl would keep only the last: give one of them another name or namespace (for two gateways in one namespace, GatewayProxy.bundled({ name }))',
    );
  }
  return problems;
}
