import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { buildExamples } from '../examples/main';
import { newChart, ofKind, synth, synthApp } from './support/synth';

const k8s = kplus.k8s;

describe('every synthesised chart passes the security checks', () => {
  test('synth() fails, listing every violation, when a chart emits an insecure workload', () => {
    const chart = newChart();
    new k8s.KubeDeployment(chart, 'legacy', {
      metadata: { name: 'legacy', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'legacy' } },
        template: { metadata: { labels: { app: 'legacy' } }, spec: { containers: [{ name: 'app', image: 'nginx', securityContext: { privileged: true } }] } },
      },
    });
    const containerPath = 'Deployment/default/legacy spec.template.spec.containers[0]';
    let message = '';
    try {
      synth(chart);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split('\n')).toStrictEqual([
      'the manifests break the security rules (10):',
      `  ${containerPath}.securityContext.privileged: true disables container isolation (baseline: privileged containers); remove it`,
      `  ${containerPath}.securityContext.capabilities.drop: is not set: it must include "ALL" (restricted: capabilities)`,
      `  ${containerPath}.securityContext.allowPrivilegeEscalation: is not set, which allows it: it must be false (restricted: privilege escalation)`,
      `  ${containerPath}.securityContext.runAsNonRoot: is not set, nor is spec.template.spec.securityContext.runAsNonRoot (restricted: running as non-root); set runAsNonRoot: true on the pod`,
      `  ${containerPath}.securityContext.seccompProfile.type: is not set, nor is spec.template.spec.securityContext.seccompProfile.type (restricted: seccomp); set RuntimeDefault on the pod`,
      `  ${containerPath}.resources.requests.cpu: is not set; every container declares CPU and memory requests and limits`,
      `  ${containerPath}.resources.requests.memory: is not set; every container declares CPU and memory requests and limits`,
      `  ${containerPath}.resources.limits.cpu: is not set; every container declares CPU and memory requests and limits`,
      `  ${containerPath}.resources.limits.memory: is not set; every container declares CPU and memory requests and limits`,
      `  ${containerPath}.securityContext.readOnlyRootFilesystem: is not set: it must be true (mount an emptyDir where the program writes), or the container must be allow-listed with a reason`,
    ]);
  });

  test('synthApp() fails for cluster-wide RBAC and for a namespace that does not enforce "restricted"', () => {
    const app = new App();
    const chart = new Chart(app, 'wide');
    new k8s.KubeClusterRole(chart, 'reader', { metadata: { name: 'reader' }, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }] });
    new k8s.KubeNamespace(chart, 'open', { metadata: { name: 'open' } });
    expect(() => synthApp(app)).toThrow(
      'the manifests break the security rules (2):\n' +
        '  ClusterRole/reader kind: ClusterRole grants access in every namespace; use a Role and RoleBinding in the namespace that needs it\n' +
        '  Namespace/open metadata.labels["pod-security.kubernetes.io/enforce"]: is not set: it must be "restricted"',
    );
  });
});

describe('the examples (one chart per walkthrough scenario)', () => {
  const charts = buildExamples(new App()).charts.map((chart) => [chart.node.id, chart] as const);

  test.each(charts)('%s passes the security checks: pod security, RBAC, namespaces enforcing "restricted"', (_id, chart) => {
    expect(() => synth(chart)).not.toThrow();
  });

  test.each(charts)('%s: every Role grants only get, watch and list on secrets, bound to the ServiceAccount of the same name', (_id, chart) => {
    const objects = synth(chart);
    const roles = ofKind(objects, 'Role');
    for (const role of roles) {
      expect(role.rules).toStrictEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }]);
    }
    expect(ofKind(objects, 'RoleBinding').map((b) => [b.metadata.namespace, b.roleRef, b.subjects])).toStrictEqual(
      roles.map((r) => [
        r.metadata.namespace,
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: r.metadata.name },
        [{ kind: 'ServiceAccount', name: r.metadata.name, namespace: r.metadata.namespace }],
      ]),
    );
  });
});
