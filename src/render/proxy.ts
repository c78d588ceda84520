import { ListenerModel, ListenerProtocol, ProxyModel, ResourcesModel, ServiceTypeModel } from '../model/types';
import { Manifest, metadata, RenderedObject } from './manifest';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from './workload';
import { extended } from '../model/objects';

/**
 * The proxy's uid is left to Istio's injector, as the gateway chart does: it
 * picks one per namespace on OpenShift, and the proxy image runs as 1337
 * elsewhere; the restricted standard only needs `runAsNonRoot`.
 */
const PROXY_UID = undefined;
/** The proxy's health port, which every bundled proxy Service exposes, as the Helm chart does. */
export const STATUS_PORT = 15021;
/** The proxy's own ports a NetworkPolicy must leave open: merged metrics, health, Envoy statistics. */
export const PROXY_OWN_PORTS = [15020, STATUS_PORT, 15090];

interface ProxyPort {
  readonly port: number;
  readonly protocol: ListenerProtocol;
}

const DEFAULT_PORTS: readonly ProxyPort[] = [
  { port: 80, protocol: ListenerProtocol.HTTP },
  { port: 443, protocol: ListenerProtocol.HTTPS },
];

/**
 * The objects of the proxy this library deploys, owned by the gateway
 * (`Proxy/...`): an Envoy injected by Istio's `gateway` template into a
 * placeholder container (`image: auto`), hardened to the "restricted" Pod
 * Security Standard, with the Service, RBAC, autoscaling and budget of
 * Istio's `gateway` Helm chart. The Service exposes 80, 443 and every
 * listener port.
 */
export function renderBundledProxy(owner: string, proxy: ProxyModel, listeners: readonly ListenerModel[]): RenderedObject[] {
  const bundled = proxy.bundled!;
  const { name, selectorLabels } = bundled;
  const namespace = proxy.namespace;
  const commonLabels = extended(selectorLabels, { 'app.kubernetes.io/name': name });
  const meta = metadata(name, namespace, commonLabels);
  const ports = exposedPorts(listeners);
  const objects: RenderedObject[] = [];
  const add = (id: string, manifest: Manifest) => objects.push({ owner, id: `Proxy/${id}`, manifest });

  add('ServiceAccount', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta });
  add('Deployment', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta,
    spec: {
      replicas: bundled.autoscaling ? undefined : bundled.replicas ?? 1,
      selector: { matchLabels: { ...selectorLabels } },
      template: {
        metadata: {
          annotations: {
            'inject.istio.io/templates': 'gateway',
            'prometheus.io/path': '/stats/prometheus',
            'prometheus.io/port': '15020',
            'prometheus.io/scrape': 'true',
          },
          labels: { ...proxy.podLabels },
        },
        spec: {
          serviceAccountName: name,
          // The sysctl lets the non-root proxy bind ports 80 and 443; it is a "safe" sysctl since Kubernetes 1.22.
          securityContext: restrictedPodSecurityContext(PROXY_UID, [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }]),
          containers: [
            {
              name: 'istio-proxy',
              // Replaced by Istio's injection webhook with the proxy image of the control plane.
              image: 'auto',
              securityContext: restrictedContainerSecurityContext(PROXY_UID),
              ports: [{ name: 'http-envoy-prom', containerPort: 15090, protocol: 'TCP' }],
              resources: resourceRequirements(bundled.resources),
            },
          ],
          terminationGracePeriodSeconds: 30,
        },
      },
    },
  });
  add('Service', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(name, namespace, commonLabels, bundled.serviceAnnotations),
    spec: {
      type: proxy.serviceType ?? ('LoadBalancer' satisfies ServiceTypeModel),
      selector: { ...selectorLabels },
      loadBalancerSourceRanges: bundled.loadBalancerSourceRanges ? [...bundled.loadBalancerSourceRanges] : undefined,
      ports: servicePorts(ports),
    },
  });
  if (bundled.readsSecrets) {
    // Istio's control plane checks that the proxy's ServiceAccount may read the
    // TLS credential before serving it (SDS); nothing else is granted.
    add('Role', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta,
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }],
    });
    add('RoleBinding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    });
  }
  const policy = bundled.networkPolicy;
  if (policy) {
    const egress = policy.egress?.clusterOnly ? egressRules(policy.egress.cidrs) : undefined;
    add('NetworkPolicy', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta,
      spec: {
        podSelector: { matchLabels: { ...selectorLabels } },
        policyTypes: egress === undefined ? ['Ingress'] : ['Ingress', 'Egress'],
        // The Service's targetPort equals its port, so the pods listen on the Service's port numbers.
        ingress: [
          { from: policy.sourceCidrs?.map((cidr) => ({ ipBlock: { cidr } })), ports: ports.map(({ port }) => tcp(port)) },
          { ports: PROXY_OWN_PORTS.map(tcp) },
        ],
        egress,
      },
    });
  }
  const scaling = bundled.autoscaling;
  if (scaling) {
    add('Autoscaler', {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta,
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        minReplicas: scaling.minReplicas,
        maxReplicas: scaling.maxReplicas,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: scaling.targetCpuUtilizationPercent } } }],
      },
    });
  }
  const budget = bundled.podDisruptionBudget;
  if (budget) {
    add('DisruptionBudget', {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta,
      spec: { selector: { matchLabels: { ...selectorLabels } }, minAvailable: budget.minAvailable, maxUnavailable: budget.maxUnavailable },
    });
  }
  return objects;
}

/** Requests and limits as a container's `resources`. */
export function resourceRequirements(resources: ResourcesModel): Record<string, unknown> {
  return {
    requests: { cpu: resources.cpuRequest, 'ephemeral-storage': resources.ephemeralStorageRequest, memory: resources.memoryRequest },
    limits: { cpu: resources.cpuLimit, 'ephemeral-storage': resources.ephemeralStorageLimit, memory: resources.memoryLimit },
  };
}

/**
 * Egress to pods of the cluster on any port (istiod's 15012 and every
 * backend), to DNS on port 53 wherever it is served (node-local caches and
 * cloud resolvers are not pods), and to `cidrs`.
 */
function egressRules(cidrs: readonly string[] | undefined): Record<string, unknown>[] {
  const rules: Record<string, unknown>[] = [
    { to: [{ namespaceSelector: {} }] },
    { ports: ['UDP', 'TCP'].map((protocol) => ({ port: 53, protocol })) },
  ];
  if (cidrs !== undefined) rules.push({ to: cidrs.map((cidr) => ({ ipBlock: { cidr } })) });
  return rules;
}

function tcp(port: number) {
  return { port, protocol: 'TCP' };
}

/** The Helm chart's 80/443 and every listener port, in port order. */
function exposedPorts(listeners: readonly ListenerModel[]): ProxyPort[] {
  const byPort = new Map<number, ProxyPort>();
  // A listener on 80 or 443 decides the protocol of that port (e.g. TLS passthrough on 443).
  for (const port of DEFAULT_PORTS) byPort.set(port.port, port);
  for (const { port, protocol } of listeners) byPort.set(port, { port, protocol });
  return [...byPort.values()].sort((a, b) => a.port - b.port);
}

/**
 * The status port, then the exposed ports named by protocol. No
 * `appProtocol`, as the gateway chart: some clouds (AKS) turn an HTTP
 * appProtocol into load-balancer health probes `GET /`, which the gateway
 * answers 404, marking every node unhealthy.
 */
function servicePorts(ports: readonly ProxyPort[]) {
  return [
    { name: 'status-port', port: STATUS_PORT, targetPort: STATUS_PORT, protocol: 'TCP' },
    ...ports.map(({ port, protocol }) => ({ name: portName(port, protocol), port, targetPort: port, protocol: 'TCP' })),
  ];
}

function portName(port: number, protocol: ListenerProtocol): string {
  if (port === 80 && protocol === ListenerProtocol.HTTP) return 'http2';
  if (port === 443 && protocol === ListenerProtocol.HTTPS) return 'https';
  return `${protocol.toLowerCase()}-${port}`;
}
