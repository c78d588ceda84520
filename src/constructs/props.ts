import { IConstruct } from 'constructs';
import { invalid, show } from '../core/errors';
import { checkDnsLabel, checkLabelKey, checkLabelValue } from '../core/names';

/** Checks of the props every construct of this library shares: object names, namespaces, labels. */

/**
 * The name of a construct's main objects: the `name` prop, else the construct
 * id (construct ids are part of the public contract: they decide names).
 */
export function objectName(scope: IConstruct, name: string | undefined): string {
  const resolved = name ?? scope.node.id;
  const problem = checkDnsLabel(resolved);
  if (problem) invalid(scope, name === undefined ? 'name (from the construct id)' : 'name', `${show(resolved)} ${problem}`);
  return resolved;
}

/** Validates a namespace name given as a prop. */
export function checkNamespace(scope: IConstruct, field: string, name: string): string {
  const problem = checkDnsLabel(name);
  if (problem) invalid(scope, field, `${show(name)} ${problem}`);
  return name;
}

/** Validates a map of labels given as a prop. */
export function checkLabels(scope: IConstruct, field: string, labels: Record<string, string> | undefined): Record<string, string> {
  if (labels === undefined) return {};
  if (labels === null || typeof labels !== 'object') invalid(scope, field, 'expected a map of label names to values');
  for (const [key, value] of Object.entries(labels)) {
    const keyProblem = checkLabelKey(key);
    if (keyProblem) invalid(scope, `${field}[${JSON.stringify(key)}]`, `the label name ${show(key)} ${keyProblem}`);
    const valueProblem = checkLabelValue(value);
    if (valueProblem) invalid(scope, `${field}[${JSON.stringify(key)}]`, `the label value ${show(value)} ${valueProblem}`);
  }
  return labels;
}
