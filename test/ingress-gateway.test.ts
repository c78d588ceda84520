import { Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ExposedService, GatewayProxy, HttpbinApp, IngressApi, IngressGateway } from '../src';
import { Manifest, newChart, ofKind, only, synth, validationError } from './support/synth';

function gatewayWith(chart: Chart, props: ConstructorParameters<typeof IngressGateway>[2] = {}): Manifest[] {
  const gateway = new IngressGateway(chart, 'gw', props);
  new ExposedService(chart, 'app', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['app.example.com'] });
  return synth(chart);
}

describe('IngressGateway: the bundled proxy (what Istio\'s gateway Helm chart renders)', () => {
  test('renders namespace, service account, deployment, service, role, role binding and autoscaler by default', () => {
    const objects = gatewayWith(newChart());
    const proxyObjects = objects.filter((o) => o.metadata.namespace === 'istio-ingress' || o.kind === 'Namespace');
    expect(proxyObjects.map((o) => `${o.kind}/${o.metadata.name}`)).toStrictEqual([
      'Namespace/istio-ingress',
      'ServiceAccount/istio-ingressgateway',
      'Deployment/istio-ingressgateway',
      'Service/istio-ingressgateway',
      'Role/istio-ingressgateway',
      'RoleBinding/istio-ingressgateway',
      'HorizontalPodAutoscaler/istio-ingressgateway',
      'Gateway/gw',
    ]);
  });

  test('the namespace enforces the restricted Pod Security Standard and is never labelled istio-injection=disabled', () => {
    const ns = only(gatewayWith(newChart(), { namespaceLabels: { team: 'edge' } }), 'Namespace');
    expect(ns.metadata.labels).toStrictEqual({ 'pod-security.kubernetes.io/enforce': 'restricted', team: 'edge' });
  });

  test('namespace labels may add Pod Security warn and audit modes', () => {
    const labels = { 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted' };
    expect(only(gatewayWith(newChart(), { namespaceLabels: labels }), 'Namespace').metadata.labels).toStrictEqual({
      'pod-security.kubernetes.io/enforce': 'restricted',
      ...labels,
    });
  });

  test('fails when namespace labels would weaken the enforced Pod Security Standard', () => {
    expect(() => new IngressGateway(newChart(), 'gw', { namespaceLabels: { 'pod-security.kubernetes.io/enforce': 'privileged' } })).toThrow(
      '[test/gw] namespaceLabels["pod-security.kubernetes.io/enforce"]: "privileged" would lift the "restricted" Pod Security Standard the namespace enforces; ' +
        'remove the label, or set createNamespace: false and manage the namespace yourself',
    );
  });

  test('the deployment is injected by Istio with the gateway template, hardened, and selects its own pods', () => {
    const deployment = only(gatewayWith(newChart()), 'Deployment', 'istio-ingressgateway');
    const pod = deployment.spec.template;
    expect(pod.metadata.annotations['inject.istio.io/templates']).toBe('gateway');
    expect(pod.metadata.labels['sidecar.istio.io/inject']).toBe('true');
    expect(pod.metadata.labels).toMatchObject({ app: 'istio-ingressgateway', istio: 'ingressgateway' });
    for (const [key, value] of Object.entries(deployment.spec.selector.matchLabels)) expect(pod.metadata.labels[key]).toBe(value);
    expect(deployment.spec.replicas).toBeUndefined();
    // No fixed uid/gid: as Istio's gateway chart, the injector decides (per namespace on OpenShift); restricted needs runAsNonRoot only.
    expect(pod.spec.securityContext).toStrictEqual({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
      sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }],
    });
    const [container] = pod.spec.containers;
    expect(container.name).toBe('istio-proxy');
    expect(container.image).toBe('auto');
    expect(container.securityContext).toStrictEqual({
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.resources).toStrictEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2000m', memory: '1024Mi' } });
  });

  test('the service is a LoadBalancer with the Helm chart\'s named ports, selecting the proxy pods', () => {
    const objects = gatewayWith(newChart());
    const service = only(objects, 'Service', 'istio-ingressgateway');
    expect(service.spec.type).toBe('LoadBalancer');
    expect(service.spec.ports).toStrictEqual([
      // No appProtocol, as the gateway chart: on AKS an HTTP appProtocol turns the load balancer's health probes into GET /, which the gateway answers 404.
      { name: 'status-port', port: 15021, targetPort: 15021, protocol: 'TCP' },
      { name: 'http2', port: 80, targetPort: 80, protocol: 'TCP' },
      { name: 'https', port: 443, targetPort: 443, protocol: 'TCP' },
    ]);
    const podLabels = only(objects, 'Deployment', 'istio-ingressgateway').spec.template.metadata.labels;
    for (const [key, value] of Object.entries(service.spec.selector)) expect(podLabels[key]).toBe(value);
  });

  test.each([kplus.ServiceType.NODE_PORT, kplus.ServiceType.CLUSTER_IP])('the service type can be %s', (serviceType) => {
    expect(only(gatewayWith(newChart(), { serviceType }), 'Service', 'istio-ingressgateway').spec.type).toBe(serviceType);
  });

  test('the role grants only get, watch and list on secrets, bound to the proxy service account in its namespace', () => {
    const objects = gatewayWith(newChart());
    expect(only(objects, 'Role').rules).toStrictEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }]);
    expect(ofKind(objects, 'ClusterRole')).toHaveLength(0);
    const binding = only(objects, 'RoleBinding');
    expect(binding.roleRef).toStrictEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'istio-ingressgateway' });
    expect(binding.subjects).toStrictEqual([{ kind: 'ServiceAccount', name: 'istio-ingressgateway', namespace: 'istio-ingress' }]);
  });

  test('the autoscaler scales the deployment from 1 to 5 replicas at 80% CPU', () => {
    expect(only(gatewayWith(newChart()), 'HorizontalPodAutoscaler').spec).toStrictEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'istio-ingressgateway' },
      minReplicas: 1,
      maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    });
  });

  test('fixed replicas turn autoscaling off; a disruption budget can be added', () => {
    const objects = gatewayWith(newChart(), { proxy: GatewayProxy.bundled({ replicas: 3, podDisruptionBudget: { minAvailable: 2 } }) });
    expect(only(objects, 'Deployment', 'istio-ingressgateway').spec.replicas).toBe(3);
    expect(ofKind(objects, 'HorizontalPodAutoscaler')).toHaveLength(0);
    expect(only(objects, 'PodDisruptionBudget').spec).toStrictEqual({
      minAvailable: 2,
      selector: { matchLabels: { app: 'istio-ingressgateway', istio: 'ingressgateway' } },
    });
  });

  test('name, revision, resources, pod labels and load-balancer settings are configurable', () => {
    const objects = gatewayWith(newChart(), {
      namespace: 'edge',
      proxy: GatewayProxy.bundled({
        name: 'public-gateway',
        revision: 'canary',
        podLabels: { team: 'edge' },
        resources: { cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.units(1) }, memory: { request: Size.mebibytes(256), limit: Size.gibibytes(1) } },
        serviceAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' },
        loadBalancerSourceRanges: ['10.0.0.0/8'],
      }),
    });
    const deployment = only(objects, 'Deployment', 'public-gateway');
    expect(deployment.metadata.namespace).toBe('edge');
    expect(deployment.spec.template.metadata.labels).toStrictEqual({
      'istio.io/dataplane-mode': 'none',
      team: 'edge',
      'sidecar.istio.io/inject': 'true',
      'istio.io/rev': 'canary',
      app: 'public-gateway',
      istio: 'public-gateway',
      'app.kubernetes.io/name': 'public-gateway',
    });
    expect(deployment.spec.template.spec.containers[0].resources).toStrictEqual({
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { cpu: '1', memory: '1024Mi' },
    });
    const service = only(objects, 'Service', 'public-gateway');
    expect(service.metadata.annotations).toStrictEqual({ 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' });
    expect(service.spec.loadBalancerSourceRanges).toStrictEqual(['10.0.0.0/8']);
    expect(only(objects, 'Gateway').spec.selector).toStrictEqual({ istio: 'public-gateway' });
  });

  test('ephemeral storage is requested and limited when given (none by default), a request above its limit refused', () => {
    const objects = gatewayWith(newChart(), {
      proxy: GatewayProxy.bundled({ resources: { ephemeralStorage: { request: Size.mebibytes(512), limit: Size.gibibytes(2) } } }),
    });
    expect(only(objects, 'Deployment', 'istio-ingressgateway').spec.template.spec.containers[0].resources).toStrictEqual({
      requests: { cpu: '100m', 'ephemeral-storage': '512Mi', memory: '128Mi' },
      limits: { cpu: '2000m', 'ephemeral-storage': '2048Mi', memory: '1024Mi' },
    });
    const limitOnly = gatewayWith(newChart(), { proxy: GatewayProxy.bundled({ resources: { ephemeralStorage: { limit: Size.gibibytes(1) } } }) });
    expect(only(limitOnly, 'Deployment', 'istio-ingressgateway').spec.template.spec.containers[0].resources.limits['ephemeral-storage']).toBe('1024Mi');
    expect(only(limitOnly, 'Deployment', 'istio-ingressgateway').spec.template.spec.containers[0].resources.requests).toStrictEqual({ cpu: '100m', memory: '128Mi' });
    const chart = newChart();
    expect(validationError(() => new HttpbinApp(chart, 'httpbin', { resources: { ephemeralStorage: { request: Size.gibibytes(2), limit: Size.gibibytes(1) } } })).problems).toStrictEqual([
      {
        constructPath: 'test/httpbin',
        field: 'resources.ephemeralStorage.request',
        message: '2048Mi is more than the ephemeral storage limit (1024Mi); a request must not exceed its limit: lower it, or raise the limit',
      },
    ]);
  });

  test('built-in namespaces are never created, nor is one created twice in a chart, nor when told not to', () => {
    const chart = newChart();
    const a = new IngressGateway(chart, 'a', { namespace: 'default' });
    const b = new IngressGateway(chart, 'b', { namespace: 'edge', proxy: GatewayProxy.bundled({ name: 'gw-b' }) });
    const c = new IngressGateway(chart, 'c', { namespace: 'edge', proxy: GatewayProxy.bundled({ name: 'gw-c' }) });
    const d = new IngressGateway(chart, 'd', { namespace: 'other', createNamespace: false, proxy: GatewayProxy.bundled({ name: 'gw-d' }) });
    const httpbin = new HttpbinApp(chart, 'httpbin');
    for (const gateway of [a, b, c, d]) new ExposedService(chart, `app-${gateway.node.id}`, { gateway, backend: httpbin, hosts: [`${gateway.node.id}.example.com`] });
    expect(ofKind(synth(chart), 'Namespace').map((n) => n.metadata.name)).toStrictEqual(['edge']);
  });

  test('every chart that uses a namespace carries it, so each chart can be applied on its own', () => {
    const app = newChart().node.root as never;
    const one = new Chart(app, 'one');
    const two = new Chart(app, 'two');
    for (const chart of [one, two]) {
      const gateway = new IngressGateway(chart, 'gw');
      new ExposedService(chart, 'app', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['a.com'] });
      expect(ofKind(synth(chart), 'Namespace').map((n) => n.metadata.name)).toStrictEqual(['istio-ingress']);
    }
  });
});

describe('HttpbinApp', () => {
  test('renders Istio\'s httpbin sample: service account, service http 8000 -> 8080, hardened deployment', () => {
    const chart = newChart();
    new HttpbinApp(chart, 'httpbin');
    const objects = synth(chart);
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toStrictEqual([
      'ServiceAccount/default/httpbin',
      'Service/default/httpbin',
      'Deployment/default/httpbin',
    ]);
    expect(only(objects, 'Service').spec).toStrictEqual({
      selector: { app: 'httpbin' },
      ports: [{ name: 'http', port: 8000, targetPort: 8080, protocol: 'TCP', appProtocol: 'http' }],
    });
    const deployment = only(objects, 'Deployment');
    const pod = deployment.spec.template;
    for (const [key, value] of Object.entries(deployment.spec.selector.matchLabels)) expect(pod.metadata.labels[key]).toBe(value);
    for (const [key, value] of Object.entries(only(objects, 'Service').spec.selector)) expect(pod.metadata.labels[key]).toBe(value);
    const [container] = pod.spec.containers;
    expect(container.image).toBe('docker.io/mccutchen/go-httpbin:v2.15.0');
    expect(container.ports).toStrictEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(container.readinessProbe.httpGet).toStrictEqual({ path: '/status/200', port: 'http' });
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(pod.spec.securityContext.seccompProfile).toStrictEqual({ type: 'RuntimeDefault' });
    expect(pod.spec.automountServiceAccountToken).toBe(false);
  });

  test('namespace, version, replicas and sidecar injection are configurable', () => {
    const chart = newChart();
    new HttpbinApp(chart, 'httpbin', { namespace: 'apps', version: 'v2', replicas: 2, sidecarInjection: true });
    const objects = synth(chart);
    expect(only(objects, 'Namespace').metadata.name).toBe('apps');
    const deployment = only(objects, 'Deployment');
    expect(deployment.metadata.namespace).toBe('apps');
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.template.metadata.labels).toStrictEqual({ app: 'httpbin', version: 'v2', 'sidecar.istio.io/inject': 'true' });
  });

  test('uses the chart namespace when none is given', () => {
    const chart = newChart({ namespace: 'team-a' });
    const httpbin = new HttpbinApp(chart, 'httpbin');
    expect(httpbin.backendService).toStrictEqual({
      serviceName: 'httpbin',
      namespace: 'team-a',
      port: 8000,
      portName: 'http',
      appProtocol: 'http',
      definitionKnown: true,
    });
  });

  test('fails for invalid props', () => {
    expect(() => new HttpbinApp(newChart(), 'Httpbin')).toThrow(/\[test\/Httpbin\] name \(from the construct id\): "Httpbin" must consist of lower-case/);
    expect(() => new HttpbinApp(newChart(), 'h', { replicas: -1 })).toThrow(/\[test\/h\] replicas: -1 must be a whole number, 0 or more/);
    expect(() => new HttpbinApp(newChart(), 'h', { image: 'bad image' })).toThrow(/\[test\/h\] image: "bad image" is not a container image reference/);
    expect(() => new HttpbinApp(newChart(), 'h', { version: 'v 2' })).toThrow(/\[test\/h\] version: "v 2" must be empty or at most 63 characters/);
  });
});

describe('cluster-scoped objects', () => {
  test('carry no namespace even in a chart that has one', () => {
    const chart = newChart({ namespace: 'apps' });
    const gateway = new IngressGateway(chart, 'gw', { api: IngressApi.kubernetesIngress() });
    new ExposedService(chart, 'app', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['a.example.com'] });
    const objects = synth(chart);
    for (const kind of ['Namespace', 'IngressClass']) {
      for (const object of ofKind(objects, kind)) expect(object.metadata.namespace).toBeUndefined();
    }
    expect(ofKind(objects, 'Namespace').map((n) => n.metadata.name)).toStrictEqual(['istio-ingress', 'apps']);
  });
});
