import { ApiObject, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { invalid, show } from '../core/errors';
import { ListenerProtocol, ProxyMode } from '../core/model';
import { checkDnsLabel, checkPort } from '../core/names';
import { checkLabels, checkNamespace } from './props';
import { checkCidrs, ProxyEgress, ProxyNetworkPolicy } from './network-policy';
import { resourceRequirements, restrictedContainerSecurityContext, restrictedPodSecurityContext } from './workload';

const k8s = kplus.k8s;

/** Autoscaling of the bundled proxy (an autoscaling/v2 HorizontalPodAutoscaler on CPU). */
export interface ProxyAutoscaling {
  /**
   * Fewest replicas.
   * @default 1
   */
  readonly minReplicas?: number;
  /**
   * Most replicas.
   * @default 5
   */
  readonly maxReplicas?: number;
  /**
   * Average CPU utilisation, in percent of the CPU request, to scale at.
   * @default 80
   */
  readonly targetCpuUtilizationPercent?: number;
}

/** A PodDisruptionBudget for the bundled proxy; set exactly one field. */
export interface ProxyDisruptionBudget {
  /**
   * Pods that must stay available during voluntary disruptions.
   * @default - not set; then `maxUnavailable` must be
   */
  readonly minAvailable?: number;
  /**
   * Pods that may be unavailable during voluntary disruptions.
   * @default - not set; then `minAvailable` must be
   */
  readonly maxUnavailable?: number;
}

/** Options of the proxy this library deploys (what Istio's `gateway` Helm chart renders). */
export interface BundledProxyOptions {
  /**
   * Name of the Deployment, Service, ServiceAccount and RBAC objects. The pods
   * are labelled `app: <name>` and `istio: <name without "istio-">`, as the
   * Helm chart does, so the default is selected by `istio: ingressgateway`.
   * @default "istio-ingressgateway"
   */
  readonly name?: string;
  /**
   * A fixed number of replicas; turns autoscaling off.
   * @default - autoscaled (see `autoscaling`)
   */
  readonly replicas?: number;
  /**
   * Autoscaling bounds, used unless `replicas` is set.
   * @default - 1 to 5 replicas at 80% CPU
   */
  readonly autoscaling?: ProxyAutoscaling;
  /**
   * A PodDisruptionBudget for the proxy pods.
   * @default - none
   */
  readonly podDisruptionBudget?: ProxyDisruptionBudget;
  /**
   * Container resources.
   * @default - requests 100m CPU and 128Mi memory, limits 2000m CPU and 1024Mi memory
   */
  readonly resources?: kplus.ContainerResources;
  /**
   * Extra labels on the proxy pods (`app` and `istio` are reserved).
   * @default - none
   */
  readonly podLabels?: { [key: string]: string };
  /**
   * Annotations on the proxy Service, e.g. cloud load-balancer settings.
   * @default - none
   */
  readonly serviceAnnotations?: { [key: string]: string };
  /**
   * Source CIDRs allowed through the cloud load balancer.
   * @default - not restricted
   */
  readonly loadBalancerSourceRanges?: string[];
  /**
   * The Istio revision whose injector configures the proxy (`istio.io/rev`).
   * @default - the default revision
   */
  readonly revision?: string;
  /**
   * A NetworkPolicy that closes every port of the proxy pods but the listener,
   * health and metrics ports, and optionally restricts egress. Off by default:
   * it only takes effect where the cluster's network plugin enforces
   * NetworkPolicy, and the first policy selecting a pod turns everything it
   * does not list into "deny", which should be a deliberate choice of whoever
   * runs the cluster network (scrapers on other ports, egress to backends
   * outside the cluster). `{}` turns it on with the defaults.
   * @default - no NetworkPolicy
   */
  readonly networkPolicy?: ProxyNetworkPolicy;
}

/** Options for a proxy that is already installed and is only selected. */
export interface ExistingProxyOptions {
  /**
   * Labels of the proxy pods, e.g. `{ istio: 'ingressgateway' }`.
   */
  readonly selector: { [key: string]: string };
  /**
   * Namespace the proxy pods run in. Istio reads TLS credentials from here.
   * @default "istio-system"
   */
  readonly namespace?: string;
  /**
   * Name of the Service in front of the proxy, when known.
   * @default - unknown
   */
  readonly serviceName?: string;
}

/** Which proxy pods serve a gateway, and who deploys them. */
export class GatewayProxy {
  /** This library deploys the proxy: ServiceAccount, Deployment, Service, RBAC, autoscaling. */
  public static bundled(options: BundledProxyOptions = {}): GatewayProxy {
    return new GatewayProxy(ProxyMode.BUNDLED, options, undefined);
  }

  /** Use a proxy installed by other means (Helm, istioctl), selected by its pod labels; nothing is deployed. */
  public static existing(options: ExistingProxyOptions): GatewayProxy {
    return new GatewayProxy(ProxyMode.EXISTING, undefined, options);
  }

  /**
   * Gateway API only: Istio deploys a proxy for the Gateway itself, named
   * `<gateway name>-istio` (Deployment, Service and ServiceAccount).
   */
  public static automated(): GatewayProxy {
    return new GatewayProxy(ProxyMode.AUTOMATED, undefined, undefined);
  }

  private constructor(
    public readonly mode: ProxyMode,
    /** @internal */ public readonly _bundled: BundledProxyOptions | undefined,
    /** @internal */ public readonly _existing: ExistingProxyOptions | undefined,
  ) {}
}

/** The uid Istio's proxy image runs as. */
const PROXY_UID = 1337;
/** The Helm chart's defaults. */
const PROXY_RESOURCES = { cpuRequest: '100m', cpuLimit: '2000m', memoryRequest: '128Mi', memoryLimit: '1024Mi' };

/** Ports every bundled proxy Service exposes, as the Helm chart does. */
const STATUS_PORT = 15021;
/** The proxy's own ports a NetworkPolicy must leave open: merged metrics, health, Envoy statistics. */
const PROXY_OWN_PORTS = [15020, STATUS_PORT, 15090];
const DEFAULT_PORTS: readonly ProxyPort[] = [
  { port: 80, protocol: ListenerProtocol.HTTP },
  { port: 443, protocol: ListenerProtocol.HTTPS },
];

export interface ProxyPort {
  readonly port: number;
  readonly protocol: ListenerProtocol;
}

export interface BundledProxyProps extends BundledProxyOptions {
  readonly namespace: string;
  readonly serviceType: kplus.ServiceType;
  /** Whether the proxy reads TLS credentials itself and needs a Role for secrets. */
  readonly needsSecretAccess: boolean;
  /** Listener ports, read at synth time so the Service follows what is exposed. */
  readonly listenerPorts: () => readonly ProxyPort[];
}

/**
 * The gateway proxy deployment: an Envoy injected by Istio's `gateway`
 * template into a placeholder container (`image: auto`), hardened to the
 * "restricted" Pod Security Standard.
 */
export class BundledProxy extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  /** Labels of the proxy pods; the Service and the gateway select them. */
  public readonly selectorLabels: Readonly<Record<string, string>>;
  /** All labels of the proxy pods. */
  public readonly podLabels: Readonly<Record<string, string>>;
  public readonly service: ApiObject;
  public readonly deployment: ApiObject;

  constructor(scope: Construct, id: string, props: BundledProxyProps) {
    super(scope, id);
    this.name = props.name ?? 'istio-ingressgateway';
    const nameProblem = checkDnsLabel(this.name);
    if (nameProblem) invalid(this, 'proxy.name', `${show(this.name)} ${nameProblem}`);
    this.namespace = checkNamespace(this, 'namespace', props.namespace);
    const extraLabels = checkLabels(this, 'proxy.podLabels', props.podLabels);
    for (const reserved of ['app', 'istio']) {
      if (reserved in extraLabels) invalid(this, `proxy.podLabels.${reserved}`, `the label "${reserved}" is set from the proxy name and selects the pods; choose another label`);
    }

    this.selectorLabels = { app: this.name, istio: this.name.replace(/^istio-/, '') };
    const commonLabels = { ...this.selectorLabels, 'app.kubernetes.io/name': this.name };
    const revision: Record<string, string> = props.revision === undefined ? {} : { 'istio.io/rev': props.revision };
    this.podLabels = { ...extraLabels, 'sidecar.istio.io/inject': 'true', ...revision, ...commonLabels };
    const metadata = { name: this.name, namespace: this.namespace, labels: commonLabels };
    const scaling = this.scaling(props);

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata });

    this.deployment = new k8s.KubeDeployment(this, 'Deployment', {
      metadata,
      spec: {
        replicas: scaling ? undefined : props.replicas ?? 1,
        selector: { matchLabels: { ...this.selectorLabels } },
        template: {
          metadata: {
            annotations: {
              'inject.istio.io/templates': 'gateway',
              'prometheus.io/path': '/stats/prometheus',
              'prometheus.io/port': '15020',
              'prometheus.io/scrape': 'true',
            },
            labels: { ...this.podLabels },
          },
          spec: {
            serviceAccountName: this.name,
            // The sysctl lets the non-root proxy bind ports 80 and 443; it is a "safe" sysctl since Kubernetes 1.22.
            securityContext: restrictedPodSecurityContext(PROXY_UID, [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }]),
            containers: [
              {
                name: 'istio-proxy',
                // Replaced by Istio's injection webhook with the proxy image of the control plane.
                image: 'auto',
                securityContext: restrictedContainerSecurityContext(PROXY_UID),
                ports: [{ name: 'http-envoy-prom', containerPort: 15090, protocol: 'TCP' }],
                resources: resourceRequirements(this, 'proxy.resources', props.resources, PROXY_RESOURCES),
              },
            ],
            terminationGracePeriodSeconds: 30,
          },
        },
      },
    });

    this.service = new k8s.KubeService(this, 'Service', {
      metadata: { ...metadata, annotations: props.serviceAnnotations },
      spec: {
        type: props.serviceType,
        selector: { ...this.selectorLabels },
        loadBalancerSourceRanges:
          props.loadBalancerSourceRanges === undefined ? undefined : checkCidrs(this, 'proxy.loadBalancerSourceRanges', props.loadBalancerSourceRanges),
        ports: Lazy.any({ produce: () => servicePorts(props.listenerPorts()) }),
      },
    });

    if (props.needsSecretAccess) {
      // Istio's control plane checks that the proxy's ServiceAccount may read the
      // TLS credential before serving it (SDS); nothing else is granted.
      new k8s.KubeRole(this, 'Role', {
        metadata,
        rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }],
      });
      new k8s.KubeRoleBinding(this, 'RoleBinding', {
        metadata,
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: this.name },
        subjects: [{ kind: 'ServiceAccount', name: this.name, namespace: this.namespace }],
      });
    }

    if (props.networkPolicy !== undefined) this.networkPolicy(metadata, props);

    if (scaling) {
      new k8s.KubeHorizontalPodAutoscalerV2(this, 'Autoscaler', {
        metadata,
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.name },
          minReplicas: scaling.minReplicas,
          maxReplicas: scaling.maxReplicas,
          metrics: [
            {
              type: 'Resource',
              resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: scaling.targetCpuUtilizationPercent } },
            },
          ],
        },
      });
    }

    const budget = props.podDisruptionBudget;
    if (budget !== undefined) {
      if ((budget.minAvailable === undefined) === (budget.maxUnavailable === undefined)) {
        invalid(this, 'proxy.podDisruptionBudget', 'set exactly one of minAvailable and maxUnavailable');
      }
      for (const [field, value] of Object.entries(budget)) {
        if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
          invalid(this, `proxy.podDisruptionBudget.${field}`, `${show(value)} must be a whole number of pods, 0 or more`);
        }
      }
      new k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
        metadata,
        spec: {
          selector: { matchLabels: { ...this.selectorLabels } },
          minAvailable: budget.minAvailable === undefined ? undefined : k8s.IntOrString.fromNumber(budget.minAvailable),
          maxUnavailable: budget.maxUnavailable === undefined ? undefined : k8s.IntOrString.fromNumber(budget.maxUnavailable),
        },
      });
    }
  }

  private networkPolicy(metadata: kplus.k8s.ObjectMeta, props: BundledProxyProps): void {
    const policy = props.networkPolicy!;
    const field = 'proxy.networkPolicy';
    if (policy === null || typeof policy !== 'object') invalid(this, field, 'expected ProxyNetworkPolicy options ({} for the defaults)');
    const sources = policy.sourceCidrs === undefined ? undefined : checkCidrs(this, `${field}.sourceCidrs`, policy.sourceCidrs);
    const egress = policy.egress ?? ProxyEgress.allowAll();
    if (!(egress instanceof ProxyEgress)) invalid(this, `${field}.egress`, 'expected a ProxyEgress (ProxyEgress.allowAll(), .clusterOnly() or .clusterAndCidrs())');
    const egressRules = egress._rules(this, `${field}.egress`);
    const tcp = (port: number) => ({ port: k8s.IntOrString.fromNumber(port), protocol: 'TCP' });

    new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata,
      spec: {
        podSelector: { matchLabels: { ...this.selectorLabels } },
        policyTypes: egressRules === undefined ? ['Ingress'] : ['Ingress', 'Egress'],
        ingress: Lazy.any({
          // The Service's targetPort equals its port, so the pods listen on the Service's port numbers.
          produce: () => [
            { from: sources?.map((cidr) => ({ ipBlock: { cidr } })), ports: exposedPorts(props.listenerPorts()).map(({ port }) => tcp(port)) },
            { ports: PROXY_OWN_PORTS.map(tcp) },
          ],
        }),
        egress: egressRules,
      },
    });
  }

  private scaling(props: BundledProxyProps): Required<ProxyAutoscaling> | undefined {
    if (props.replicas !== undefined) {
      if (props.autoscaling !== undefined) invalid(this, 'proxy.replicas', 'set either replicas (fixed) or autoscaling, not both');
      if (!Number.isInteger(props.replicas) || props.replicas < 0) invalid(this, 'proxy.replicas', `${show(props.replicas)} must be a whole number, 0 or more`);
      return undefined;
    }
    const scaling = { minReplicas: 1, maxReplicas: 5, targetCpuUtilizationPercent: 80, ...props.autoscaling };
    const { minReplicas, maxReplicas, targetCpuUtilizationPercent } = scaling;
    if (!Number.isInteger(minReplicas) || minReplicas < 1) invalid(this, 'proxy.autoscaling.minReplicas', `${show(minReplicas)} must be a whole number, 1 or more`);
    if (!Number.isInteger(maxReplicas) || maxReplicas < minReplicas) {
      invalid(this, 'proxy.autoscaling.maxReplicas', `${show(maxReplicas)} must be a whole number no smaller than minReplicas (${minReplicas})`);
    }
    if (!Number.isInteger(targetCpuUtilizationPercent) || targetCpuUtilizationPercent < 1) {
      invalid(this, 'proxy.autoscaling.targetCpuUtilizationPercent', `${show(targetCpuUtilizationPercent)} must be a whole percentage, 1 or more`);
    }
    return scaling;
  }
}

/** The Helm chart's 80/443 and every listener port, in port order. */
function exposedPorts(listenerPorts: readonly ProxyPort[]): ProxyPort[] {
  const byPort = new Map<number, ProxyPort>();
  // A listener on 80 or 443 decides the protocol of that port (e.g. TLS passthrough on 443).
  for (const port of [...DEFAULT_PORTS, ...listenerPorts]) byPort.set(port.port, port);
  return [...byPort.values()].sort((a, b) => a.port - b.port);
}

/** The status port, then the exposed ports named by protocol. */
function servicePorts(listenerPorts: readonly ProxyPort[]) {
  const ports = exposedPorts(listenerPorts);
  return [
    { name: 'status-port', port: STATUS_PORT, targetPort: k8s.IntOrString.fromNumber(STATUS_PORT), protocol: 'TCP', appProtocol: 'tcp' },
    ...ports.map(({ port, protocol }) => ({
      name: portName(port, protocol),
      port,
      targetPort: k8s.IntOrString.fromNumber(port),
      protocol: 'TCP',
      appProtocol: protocol.toLowerCase(),
    })),
  ];
}

function portName(port: number, protocol: ListenerProtocol): string {
  if (port === 80 && protocol === ListenerProtocol.HTTP) return 'http2';
  if (port === 443 && protocol === ListenerProtocol.HTTPS) return 'https';
  return `${protocol.toLowerCase()}-${port}`;
}

/** Validates listener ports before they reach a Service. */
export function checkListenerPort(scope: Construct, field: string, port: number): number {
  const problem = checkPort(port);
  if (problem) invalid(scope, field, `${show(port)} ${problem}`);
  if (port === STATUS_PORT || port === 15090 || port === 15020) {
    invalid(scope, field, `${port} is used by the Istio proxy itself (15020 metrics, 15021 health, 15090 Envoy stats); choose another port`);
  }
  return port;
}
