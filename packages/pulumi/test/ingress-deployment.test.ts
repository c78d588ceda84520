import * as k8s from '@pulumi/kubernetes';
import { ApiObject, App, Chart } from 'cdk8s';
import { HelloIstioApi, HttpbinIstioApi, HttpbinIstioApiTimeout } from '../../../examples/istio-api';
import { IngressGateway } from 'cdk8s-istio-ingress';
import { IngressDeployment } from '../src';
import { plainChart } from './support/charts';
import { mockCluster, registered, Registration, settle } from './support/mocks';

afterAll(settle);

const COMPONENT_URN = 'urn:pulumi:stack::project::cdk8s-istio-ingress:index:IngressDeployment::httpbin';

const byName = (a: string[], b: string[]) => a[1].localeCompare(b[1]);

function httpbinChart(id = 'httpbin-istio-api'): Chart {
  return new HttpbinIstioApi(new App(), id);
}

async function deploy(name: string, charts: Chart[], registrations: Registration[]): Promise<Map<string, Registration>> {
  const deployment = new IngressDeployment(name, { charts });
  await registered(Object.values(deployment.resources));
  return new Map(registrations.map((r) => [r.urn, r]));
}

function onlyChild(registrations: Registration[]): Registration {
  const children = registrations.filter((r) => r.parent !== '');
  expect(children).toHaveLength(1);
  return children[0];
}

describe('IngressDeployment: one child resource per object of the charts', () => {
  let registrations: Registration[];
  beforeEach(async () => {
    registrations = await mockCluster();
  });

  test('registers the component and every object of the httpbin scenario once, as its children, with stable names', async () => {
    await deploy('httpbin', [httpbinChart()], registrations);
    // The engine answers in no particular order.
    expect(registrations.map((r) => [r.type, r.name]).sort(byName)).toStrictEqual([
      ['cdk8s-istio-ingress:index:IngressDeployment', 'httpbin'],
      ['kubernetes:core/v1:Namespace', 'httpbin:Namespace/istio-ingress'],
      ['kubernetes:core/v1:ServiceAccount', 'httpbin:ServiceAccount/istio-ingress/istio-ingressgateway'],
      ['kubernetes:rbac.authorization.k8s.io/v1:Role', 'httpbin:Role.rbac.authorization.k8s.io/istio-ingress/istio-ingressgateway'],
      ['kubernetes:rbac.authorization.k8s.io/v1:RoleBinding', 'httpbin:RoleBinding.rbac.authorization.k8s.io/istio-ingress/istio-ingressgateway'],
      ['kubernetes:core/v1:ServiceAccount', 'httpbin:ServiceAccount/default/httpbin'],
      ['kubernetes:apps/v1:Deployment', 'httpbin:Deployment.apps/istio-ingress/istio-ingressgateway'],
      ['kubernetes:core/v1:Service', 'httpbin:Service/istio-ingress/istio-ingressgateway'],
      ['kubernetes:autoscaling/v2:HorizontalPodAutoscaler', 'httpbin:HorizontalPodAutoscaler.autoscaling/istio-ingress/istio-ingressgateway'],
      ['kubernetes:core/v1:Service', 'httpbin:Service/default/httpbin'],
      ['kubernetes:apps/v1:Deployment', 'httpbin:Deployment.apps/default/httpbin'],
      ['kubernetes:networking.istio.io/v1:Gateway', 'httpbin:Gateway.networking.istio.io/istio-ingress/httpbin-gateway'],
      ['kubernetes:networking.istio.io/v1:VirtualService', 'httpbin:VirtualService.networking.istio.io/default/httpbin'],
    ].sort(byName));
    for (const registration of registrations) expect(registration.parent).toBe(registration.urn === COMPONENT_URN ? '' : COMPONENT_URN);
  });

  test('names and URNs are the same on every run', async () => {
    await deploy('httpbin', [httpbinChart()], registrations);
    const firstRun = registrations.map((r) => r.urn).sort();
    const secondRun = await mockCluster();
    await deploy('httpbin', [httpbinChart()], secondRun);
    expect(secondRun.map((r) => r.urn).sort()).toStrictEqual(firstRun);
    expect(firstRun).toContain('urn:pulumi:stack::project::cdk8s-istio-ingress:index:IngressDeployment$kubernetes:core/v1:Service::httpbin:Service/istio-ingress/istio-ingressgateway');
  });

  test('two components deploying the same charts never share a URN', async () => {
    await deploy('blue', [httpbinChart()], registrations);
    await deploy('green', [httpbinChart()], registrations);
    const urns = registrations.map((r) => r.urn);
    expect(urns).toHaveLength(26);
    expect(new Set(urns).size).toBe(urns.length);
  });

  test.each([
    ['v1', 'Namespace', {}, k8s.core.v1.Namespace, 'kubernetes:core/v1:Namespace'],
    ['v1', 'ServiceAccount', {}, k8s.core.v1.ServiceAccount, 'kubernetes:core/v1:ServiceAccount'],
    ['v1', 'Secret', {}, k8s.core.v1.Secret, 'kubernetes:core/v1:Secret'],
    ['v1', 'ConfigMap', {}, k8s.core.v1.ConfigMap, 'kubernetes:core/v1:ConfigMap'],
    ['v1', 'Service', {}, k8s.core.v1.Service, 'kubernetes:core/v1:Service'],
    ['apps/v1', 'Deployment', { spec: {} }, k8s.apps.v1.Deployment, 'kubernetes:apps/v1:Deployment'],
    ['rbac.authorization.k8s.io/v1', 'Role', {}, k8s.rbac.v1.Role, 'kubernetes:rbac.authorization.k8s.io/v1:Role'],
    ['rbac.authorization.k8s.io/v1', 'RoleBinding', { roleRef: {} }, k8s.rbac.v1.RoleBinding, 'kubernetes:rbac.authorization.k8s.io/v1:RoleBinding'],
    ['rbac.authorization.k8s.io/v1', 'ClusterRole', {}, k8s.rbac.v1.ClusterRole, 'kubernetes:rbac.authorization.k8s.io/v1:ClusterRole'],
    ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', { roleRef: {} }, k8s.rbac.v1.ClusterRoleBinding, 'kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding'],
    ['autoscaling/v2', 'HorizontalPodAutoscaler', { spec: {} }, k8s.autoscaling.v2.HorizontalPodAutoscaler, 'kubernetes:autoscaling/v2:HorizontalPodAutoscaler'],
    ['policy/v1', 'PodDisruptionBudget', {}, k8s.policy.v1.PodDisruptionBudget, 'kubernetes:policy/v1:PodDisruptionBudget'],
    ['networking.k8s.io/v1', 'NetworkPolicy', {}, k8s.networking.v1.NetworkPolicy, 'kubernetes:networking.k8s.io/v1:NetworkPolicy'],
    ['networking.k8s.io/v1', 'Ingress', {}, k8s.networking.v1.Ingress, 'kubernetes:networking.k8s.io/v1:Ingress'],
    ['networking.k8s.io/v1', 'IngressClass', {}, k8s.networking.v1.IngressClass, 'kubernetes:networking.k8s.io/v1:IngressClass'],
  ])('%s %s is registered with its typed class', async (apiVersion, kind, fields, typed, type) => {
    const deployment = new IngressDeployment('plain', { charts: [plainChart([{ apiVersion, kind, name: 'x', fields }])] });
    const [resource] = Object.values(deployment.resources);
    expect(typed.isInstance(resource)).toBe(true);
    await registered([resource]);
    expect(onlyChild(registrations).type).toBe(type);
  });

  test.each([
    ['networking.istio.io/v1', 'Gateway'],
    ['networking.istio.io/v1', 'VirtualService'],
    ['gateway.networking.k8s.io/v1', 'HTTPRoute'],
    ['cert-manager.io/v1', 'Certificate'],
  ])('%s %s is registered as a CustomResource with every top-level field', async (apiVersion, kind) => {
    const fields = { spec: { a: 1 }, extra: ['b'] };
    const deployment = new IngressDeployment('plain', { charts: [plainChart([{ apiVersion, kind, name: 'x', namespace: 'ns', fields }])] });
    const [resource] = Object.values(deployment.resources);
    expect(resource).toBeInstanceOf(k8s.apiextensions.CustomResource);
    await registered([resource]);
    const registration = onlyChild(registrations);
    expect(registration.type).toBe(`kubernetes:${apiVersion}:${kind}`);
    expect(registration.inputs).toStrictEqual({ apiVersion, kind, metadata: { name: 'x', namespace: 'ns' }, ...fields });
  });

  test('resources are keyed by kind, group, namespace and name', () => {
    const deployment = new IngressDeployment('httpbin', { charts: [httpbinChart()] });
    expect(Object.keys(deployment.resources)).toContain('Namespace/istio-ingress');
    expect(Object.keys(deployment.resources)).toContain('Deployment.apps/default/httpbin');
    expect(k8s.core.v1.Service.isInstance(deployment.resources['Service/istio-ingress/istio-ingressgateway'])).toBe(true);
  });

  test('the charts of a build function are deployed with the given charts', async () => {
    const deployment = new IngressDeployment('both', {
      charts: [plainChart([{ apiVersion: 'v1', kind: 'ConfigMap', name: 'given', namespace: 'default' }])],
      build: (app) => {
        new ApiObject(new Chart(app, 'built'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'built', namespace: 'default' } });
      },
    });
    expect(Object.keys(deployment.resources)).toStrictEqual(['ConfigMap/default/given', 'ConfigMap/default/built']);
  });

  test('children use the component\'s provider', async () => {
    const provider = new k8s.Provider('cluster', {});
    const deployment = new IngressDeployment('httpbin', { charts: [httpbinChart()] }, { provider });
    await registered(Object.values(deployment.resources));
    const children = registrations.filter((r) => r.parent === COMPONENT_URN);
    expect(children).toHaveLength(12);
    for (const child of children) expect(child.provider).toMatch(/^urn:pulumi:stack::project::pulumi:providers:kubernetes::cluster::/);
  });
});

describe('IngressDeployment: objects depend on the rank before theirs', () => {
  let registrations: Registration[];
  beforeEach(async () => {
    registrations = await mockCluster();
  });

  test('namespaces, then configuration and RBAC, then workloads and Services, then gateways and routes', async () => {
    const byUrn = await deploy('httpbin', [httpbinChart()], registrations);
    const dependencies = Object.fromEntries(
      registrations.filter((r) => r.parent === COMPONENT_URN).map((r) => [r.name.replace('httpbin:', ''), r.dependencies.map((urn) => byUrn.get(urn)!.name.replace('httpbin:', '')).sort()]),
    );
    const configuration = [
      'Role.rbac.authorization.k8s.io/istio-ingress/istio-ingressgateway',
      'RoleBinding.rbac.authorization.k8s.io/istio-ingress/istio-ingressgateway',
      'ServiceAccount/default/httpbin',
      'ServiceAccount/istio-ingress/istio-ingressgateway',
    ];
    const workloads = [
      'Deployment.apps/default/httpbin',
      'Deployment.apps/istio-ingress/istio-ingressgateway',
      'HorizontalPodAutoscaler.autoscaling/istio-ingress/istio-ingressgateway',
      'Service/default/httpbin',
      'Service/istio-ingress/istio-ingressgateway',
    ];
    expect(dependencies).toStrictEqual({
      'Namespace/istio-ingress': [],
      ...Object.fromEntries(configuration.map((key) => [key, ['Namespace/istio-ingress']])),
      ...Object.fromEntries(workloads.map((key) => [key, configuration])),
      'Gateway.networking.istio.io/istio-ingress/httpbin-gateway': workloads,
      'VirtualService.networking.istio.io/default/httpbin': workloads,
    });
  });

  test('an object depends on the closest lower rank that has objects', async () => {
    const byUrn = await deploy(
      'gaps',
      [
        plainChart([
          { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', name: 'route', namespace: 'app' },
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'app', namespace: 'app', fields: { spec: {} } },
          { apiVersion: 'v1', kind: 'Namespace', name: 'app' },
        ]),
      ],
      registrations,
    );
    const dependencies = Object.fromEntries(registrations.filter((r) => r.parent !== '').map((r) => [r.name, r.dependencies.map((urn) => byUrn.get(urn)!.name)]));
    expect(dependencies).toStrictEqual({
      'gaps:Namespace/app': [],
      'gaps:Deployment.apps/app/app': ['gaps:Namespace/app'],
      'gaps:VirtualService.networking.istio.io/app/route': ['gaps:Deployment.apps/app/app'],
    });
  });
});

describe('IngressDeployment: objects shared by charts', () => {
  let registrations: Registration[];
  beforeEach(async () => {
    registrations = await mockCluster();
  });

  test('an object several charts carry with identical content is registered once', async () => {
    // Both scenarios carry the istio-ingress namespace and the same bundled proxy.
    await deploy('two', [httpbinChart(), new HelloIstioApi(new App(), 'hello-istio-api')], registrations);
    const names = registrations.map((r) => r.name);
    expect(names.filter((n) => n === 'two:Namespace/istio-ingress')).toHaveLength(1);
    expect(names.filter((n) => n === 'two:Deployment.apps/istio-ingress/istio-ingressgateway')).toHaveLength(1);
    expect(names).toContain('two:Gateway.networking.istio.io/istio-ingress/httpbin-gateway');
    expect(names).toContain('two:Gateway.networking.istio.io/istio-ingress/hello-gateway');
  });

  test('fails when two charts carry the same object with different content, naming both charts, before registering anything', () => {
    const charts = [httpbinChart('httpbin-istio-api'), new HttpbinIstioApiTimeout(new App(), 'httpbin-istio-api-timeout')];
    expect(() => new IngressDeployment('two', { charts })).toThrow(
      '[IngressDeployment two] charts: VirtualService.networking.istio.io/default/httpbin is in chart "httpbin-istio-api" and in chart ' +
        '"httpbin-istio-api-timeout" with different content; one object can only be deployed once: make the two identical, or give one of them another name or namespace',
    );
    expect(registrations).toStrictEqual([]);
  });

  test('fails when one chart carries the same object twice with different content', () => {
    const chart = plainChart([
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'x', namespace: 'default', fields: { data: { a: '1' } } },
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'x', namespace: 'default', fields: { data: { a: '2' } } },
    ]);
    expect(() => new IngressDeployment('dup', { charts: [chart] })).toThrow(/ConfigMap\/default\/x is twice in chart "plain" with different content/);
  });

  test('the same name in two API groups is two objects', () => {
    const chart = plainChart([
      { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', name: 'gw', namespace: 'ns' },
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', name: 'gw', namespace: 'ns' },
    ]);
    expect(Object.keys(new IngressDeployment('gw', { charts: [chart] }).resources)).toStrictEqual([
      'Gateway.networking.istio.io/ns/gw',
      'Gateway.gateway.networking.k8s.io/ns/gw',
    ]);
  });
});

describe('IngressDeployment: invalid input never half-deploys', () => {
  let registrations: Registration[];
  beforeEach(async () => {
    registrations = await mockCluster();
  });

  test('fails with cdk8s\'s validation errors, as cdk8s synth reports them, before registering anything', () => {
    const chart = new Chart(new App(), 'broken');
    new IngressGateway(chart, 'idle');
    expect(() => new IngressDeployment('broken', { charts: [chart] })).toThrow(
      /^Validation failed with the following errors:\n {2}\[broken\/idle\] hosts: nothing is exposed through gateway istio-ingress\/idle/,
    );
    expect(registrations).toStrictEqual([]);
  });

  test('fails when there is nothing to deploy', () => {
    expect(() => new IngressDeployment('empty', {})).toThrow(
      '[IngressDeployment empty] charts: there is nothing to deploy; pass charts, or a build function that adds charts to the app',
    );
    expect(() => new IngressDeployment('empty', { build: () => undefined })).toThrow(/charts: there is nothing to deploy/);
    expect(registrations).toStrictEqual([]);
  });
});
