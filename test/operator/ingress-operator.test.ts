import { App, Chart, Duration } from 'cdk8s';
import { IngressOperator } from '../../src';
import { ofKind, only, synth } from '../support/synth';
import { installObjects } from './support';

describe('IngressOperator: the install besides Metacontroller', () => {
  const objects = installObjects({ gatewayApi: true, certManager: true });

  test('the CRDs, one CompositeController per kind, and the hook: nothing cluster-wide besides them', () => {
    expect(objects.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toEqual([
      'Namespace /cdk8s-istio-ingress',
      'CustomResourceDefinition /ingressgateways.cdk8s-istio-ingress.github.io',
      'CustomResourceDefinition /exposedservices.cdk8s-istio-ingress.github.io',
      'CustomResourceDefinition /tlsingresses.cdk8s-istio-ingress.github.io',
      'ServiceAccount cdk8s-istio-ingress/cdk8s-istio-ingress-operator',
      'Deployment cdk8s-istio-ingress/cdk8s-istio-ingress-operator',
      'PodDisruptionBudget cdk8s-istio-ingress/cdk8s-istio-ingress-operator',
      'Service cdk8s-istio-ingress/cdk8s-istio-ingress-operator',
      'NetworkPolicy cdk8s-istio-ingress/cdk8s-istio-ingress-operator',
      'CompositeController /ingressgateways.cdk8s-istio-ingress.github.io',
      'CompositeController /exposedservices.cdk8s-istio-ingress.github.io',
      'CompositeController /tlsingresses.cdk8s-istio-ingress.github.io',
    ]);
    // The hook never calls the API server: no RBAC, no token.
    expect(objects.filter((o) => /Role/.test(o.kind))).toEqual([]);
    expect(only(objects, 'ServiceAccount').automountServiceAccountToken).toBe(false);
    expect(only(objects, 'Deployment').spec.template.spec.automountServiceAccountToken).toBe(false);
  });

  test('controllers: v2 hooks on the Service, children updated in place, a resync, status changes of the parent ignored', () => {
    const controller = objects.find((o) => o.kind === 'CompositeController' && o.metadata.name.startsWith('exposedservices'))!;
    expect(controller.spec).toStrictEqual({
      generateSelector: true,
      resyncPeriodSeconds: 300,
      parentResource: { apiVersion: 'cdk8s-istio-ingress.github.io/v1alpha1', resource: 'exposedservices', ignoreStatusChanges: true },
      childResources: [
        { apiVersion: 'networking.istio.io/v1', resource: 'virtualservices', updateStrategy: { method: 'InPlace' } },
        { apiVersion: 'gateway.networking.k8s.io/v1', resource: 'httproutes', updateStrategy: { method: 'InPlace' } },
        { apiVersion: 'networking.k8s.io/v1', resource: 'ingresses', updateStrategy: { method: 'InPlace' } },
      ],
      hooks: {
        customize: { version: 'v2', webhook: { service: { name: 'cdk8s-istio-ingress-operator', namespace: 'cdk8s-istio-ingress', port: 80 }, path: '/customize/exposedservices', timeout: '10s' } },
        sync: { version: 'v2', webhook: { service: { name: 'cdk8s-istio-ingress-operator', namespace: 'cdk8s-istio-ingress', port: 80 }, path: '/sync/exposedservices', timeout: '10s' } },
      },
    });
  });

  test('without the Gateway API and cert-manager, their kinds are not children (Metacontroller cannot watch kinds without CRDs)', () => {
    const plain = installObjects({});
    const tls = plain.find((o) => o.kind === 'CompositeController' && o.metadata.name.startsWith('tlsingresses'))!;
    expect(tls.spec.childResources.map((r: any) => r.resource)).toEqual(['virtualservices']);
  });

  test('only Metacontroller\'s pods may call the hook, on its port; the hook opens no connection', () => {
    expect(only(objects, 'NetworkPolicy').spec).toStrictEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'cdk8s-istio-ingress-operator', 'app.kubernetes.io/component': 'hook' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'metacontroller' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'metacontroller' } } }], ports: [{ port: 8080, protocol: 'TCP' }] }],
      egress: [],
    });
  });

  test('two replicas, kept by a budget, probes on the health endpoints', () => {
    const deployment = only(objects, 'Deployment');
    expect(deployment.spec.replicas).toBe(2);
    expect(only(objects, 'PodDisruptionBudget').spec.minAvailable).toBe(1);
    const [container] = deployment.spec.template.spec.containers;
    expect(container.args).toEqual(['operator']);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.resources).toStrictEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1000m', memory: '512Mi' } });
  });

  test('in a chart with a namespace, cluster-scoped objects stay without one', () => {
    const chart = new Chart(new App(), 'install', { namespace: 'somewhere' });
    new IngressOperator(chart, 'operator', { image: 'registry.example.com/hook:1', resyncPeriod: Duration.minutes(1), hookTimeout: Duration.seconds(5) });
    const out = synth(chart);
    for (const o of [...ofKind(out, 'CustomResourceDefinition'), ...ofKind(out, 'CompositeController'), ...ofKind(out, 'Namespace')]) expect(o.metadata.namespace).toBeUndefined();
    expect(ofKind(out, 'CompositeController')[0].spec.resyncPeriodSeconds).toBe(60);
  });

  test.each([
    [{ image: '' }, /\[install\/operator\] image: give the hook image/],
    [{ image: 'x', replicas: 1 }, /replicas: 1 must be a whole number of at least 2: with one replica every eviction or rollout stops reconciliation/],
    [{ image: 'x', namespace: 'Not_A_Namespace' }, /namespace: "Not_A_Namespace" must consist of lower-case letters, digits and "-"/],
    [{ image: 'x', metacontrollerPodLabels: {} }, /metacontrollerPodLabels: an empty selector would let every pod of the namespace call the hook/],
    [{ image: 'x', resyncPeriod: Duration.millis(1500) }, /resyncPeriod: 1.5s must be a whole number of seconds/],
  ])('fails on %p', (props, error) => {
    expect(() => new IngressOperator(new Chart(new App(), 'install'), 'operator', props as never)).toThrow(error);
  });
});
