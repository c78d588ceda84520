import { ManifestObject, objectRef, Violation } from './violations';

/**
 * Least privilege for the RBAC objects we emit: nothing cluster-wide, no
 * wildcards, and every RoleBinding binds a Role of this same output to
 * ServiceAccounts of its own namespace. A grant that reaches beyond one
 * namespace, or to people rather than workloads, is never ours to make.
 */
export function rbacViolations(objects: readonly ManifestObject[]): Violation[] {
  const violations: Violation[] = [];
  const roles = new Set(objects.filter((o) => o.kind === 'Role').map((o) => `${o.metadata?.namespace}/${o.metadata?.name}`));
  for (const object of objects) {
    const report = (path: string, message: string) => violations.push({ object: objectRef(object), path, message });
    const namespace = object.metadata?.namespace;
    switch (object.kind) {
      case 'ClusterRole':
      case 'ClusterRoleBinding':
        report('kind', `${object.kind} grants access in every namespace; use a Role and RoleBinding in the namespace that needs it`);
        break;
      case 'Role':
        if (namespace === undefined) report('metadata.namespace', 'is not set; a Role must name the one namespace it grants access in');
        (object.rules ?? []).forEach((rule: any, i: number) => {
          for (const field of ['apiGroups', 'resources', 'verbs', 'resourceNames']) {
            (rule[field] ?? []).forEach((value: string, j: number) => {
              if (value.includes('*')) report(`rules[${i}].${field}[${j}]`, `${JSON.stringify(value)} is a wildcard; list exactly what is needed`);
            });
          }
        });
        break;
      case 'RoleBinding': {
        if (namespace === undefined) report('metadata.namespace', 'is not set; a RoleBinding must name the one namespace it grants access in');
        const roleRef = object.roleRef ?? {};
        if (roleRef.kind !== 'Role') {
          report('roleRef.kind', `${JSON.stringify(roleRef.kind)} is not allowed; bind a Role (a ClusterRole's rules are written for every namespace)`);
        } else if (namespace !== undefined && !roles.has(`${namespace}/${roleRef.name}`)) {
          report('roleRef.name', `${JSON.stringify(roleRef.name)} is not a Role of namespace ${namespace} in this output, so what it grants is unknown here`);
        }
        (object.subjects ?? []).forEach((subject: any, i: number) => {
          if (subject.kind !== 'ServiceAccount') {
            report(`subjects[${i}].kind`, `${JSON.stringify(subject.kind)} is not allowed; only ServiceAccounts (workloads) are bound`);
          } else if (namespace !== undefined && subject.namespace !== namespace) {
            report(`subjects[${i}].namespace`, `${JSON.stringify(subject.namespace)} differs from the binding's namespace ${JSON.stringify(namespace)}; bind only ServiceAccounts of the same namespace`);
          }
        });
        break;
      }
    }
  }
  return violations;
}
