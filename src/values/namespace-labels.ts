import { IConstruct } from 'constructs';
import { invalid, show } from '../errors';
import { checkLabels } from './props';

/** Label that makes the API server enforce the Pod Security Standards "restricted" profile. */
const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
export const POD_SECURITY_LABELS: Readonly<Record<string, string>> = {
  [ENFORCE_LABEL]: 'restricted',
};

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
