import { namespaceViolations } from './namespace-security';
import { rbacViolations } from './rbac';

const role = (rules: any[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'proxy', namespace: 'ns' }, rules });
const binding = (roleRef: any, subjects: any[]) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name: 'proxy', namespace: 'ns' },
  roleRef,
  subjects,
});
const secretsReader = role([{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }]);
const toRole = { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'proxy' };
const proxyAccount = { kind: 'ServiceAccount', name: 'proxy', namespace: 'ns' };

describe('RBAC checker', () => {
  test('a namespaced Role bound to a ServiceAccount of its namespace has no violations', () => {
    expect(rbacViolations([secretsReader, binding(toRole, [proxyAccount])])).toStrictEqual([]);
  });

  test.each(['ClusterRole', 'ClusterRoleBinding'])('fails for a %s', (kind) => {
    expect(rbacViolations([{ kind, metadata: { name: 'wide' } }])).toStrictEqual([
      { object: `${kind}/wide`, path: 'kind', message: `${kind} grants access in every namespace; use a Role and RoleBinding in the namespace that needs it` },
    ]);
  });

  test('fails for wildcards in apiGroups, resources, verbs or resourceNames', () => {
    const wild = role([{ apiGroups: ['*'], resources: ['secrets', 'pods/*'], verbs: ['get', '*'], resourceNames: ['tls-*'] }]);
    expect(rbacViolations([wild]).map((v) => [v.path, v.message])).toStrictEqual([
      ['rules[0].apiGroups[0]', '"*" is a wildcard; list exactly what is needed'],
      ['rules[0].resources[1]', '"pods/*" is a wildcard; list exactly what is needed'],
      ['rules[0].verbs[1]', '"*" is a wildcard; list exactly what is needed'],
      ['rules[0].resourceNames[0]', '"tls-*" is a wildcard; list exactly what is needed'],
    ]);
  });

  test('fails for a Role or RoleBinding without a namespace', () => {
    const roleWithoutNamespace = { ...secretsReader, metadata: { name: 'proxy' } };
    const bindingWithoutNamespace = { ...binding(toRole, [proxyAccount]), metadata: { name: 'proxy' } };
    expect(rbacViolations([roleWithoutNamespace, bindingWithoutNamespace]).map((v) => [v.object, v.path, v.message])).toStrictEqual([
      ['Role/proxy', 'metadata.namespace', 'is not set; a Role must name the one namespace it grants access in'],
      ['RoleBinding/proxy', 'metadata.namespace', 'is not set; a RoleBinding must name the one namespace it grants access in'],
    ]);
  });

  test('fails for a binding to a ClusterRole, or to a Role this output does not define', () => {
    expect(rbacViolations([binding({ ...toRole, kind: 'ClusterRole', name: 'admin' }, [proxyAccount])]).map((v) => [v.path, v.message])).toStrictEqual([
      ['roleRef.kind', '"ClusterRole" is not allowed; bind a Role (a ClusterRole\'s rules are written for every namespace)'],
    ]);
    expect(rbacViolations([binding(toRole, [proxyAccount])]).map((v) => [v.path, v.message])).toStrictEqual([
      ['roleRef.name', '"proxy" is not a Role of namespace ns in this output, so what it grants is unknown here'],
    ]);
    expect(rbacViolations([{ ...secretsReader, metadata: { name: 'proxy', namespace: 'other' } }, binding(toRole, [proxyAccount])])).toHaveLength(1);
  });

  test('fails for subjects other than ServiceAccounts of the binding\'s namespace', () => {
    const subjects = [
      { kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'Group', name: 'system:authenticated', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'ServiceAccount', name: 'proxy', namespace: 'elsewhere' },
    ];
    expect(rbacViolations([secretsReader, binding(toRole, subjects)]).map((v) => [v.path, v.message])).toStrictEqual([
      ['subjects[0].kind', '"User" is not allowed; only ServiceAccounts (workloads) are bound'],
      ['subjects[1].kind', '"Group" is not allowed; only ServiceAccounts (workloads) are bound'],
      ['subjects[2].namespace', '"elsewhere" differs from the binding\'s namespace "ns"; bind only ServiceAccounts of the same namespace'],
    ]);
  });
});

describe('namespace checker', () => {
  test('fails for a Namespace that does not enforce the restricted Pod Security Standard', () => {
    const ns = (name: string, labels?: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
    expect(
      namespaceViolations([
        ns('ok', { 'pod-security.kubernetes.io/enforce': 'restricted' }),
        ns('unlabelled'),
        ns('baseline', { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'restricted' }),
      ]),
    ).toStrictEqual([
      { object: 'Namespace/unlabelled', path: 'metadata.labels["pod-security.kubernetes.io/enforce"]', message: 'is not set: it must be "restricted"' },
      { object: 'Namespace/baseline', path: 'metadata.labels["pod-security.kubernetes.io/enforce"]', message: '"baseline": it must be "restricted"' },
    ]);
  });
});
