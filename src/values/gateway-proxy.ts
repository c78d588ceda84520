import type * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { invalid, show } from '../errors';
import { checkDns1035Label, checkPort } from '../checks/names';
import { API_TRAITS } from '../model/apis';
import { AutoscalingModel, BundledProxyModel, DisruptionBudgetModel, IngressApiKind, ProxyMode, ProxyModel, ServiceTypeModel } from '../model/types';
import { checkAnnotations, checkKnownKeys, checkLabels, checkNamespace, checkOptionKeys, isOptionsObject, propNames } from './props';
import { checkCidrs, networkPolicyToModel, ProxyNetworkPolicy } from './network-policy';
import { resourcesToModel } from './workload';

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

const BUNDLED_PROXY_OPTIONS = propNames<BundledProxyOptions>({
  name: true,
  replicas: true,
  autoscaling: true,
  podDisruptionBudget: true,
  resources: true,
  podLabels: true,
  serviceAnnotations: true,
  loadBalancerSourceRanges: true,
  revision: true,
  networkPolicy: true,
});
const EXISTING_PROXY_OPTIONS = propNames<ExistingProxyOptions>({ selector: true, namespace: true, serviceName: true });
const PROXY_AUTOSCALING = propNames<ProxyAutoscaling>({ minReplicas: true, maxReplicas: true, targetCpuUtilizationPercent: true });
const PROXY_DISRUPTION_BUDGET = propNames<ProxyDisruptionBudget>({ minAvailable: true, maxUnavailable: true });

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
    /** Who deploys the proxy. */
    public readonly mode: ProxyMode,
    private readonly bundledOptions: BundledProxyOptions | undefined,
    private readonly existingOptions: ExistingProxyOptions | undefined,
  ) {}

  /**
   * The proxy of gateway `scope` as plain data, its options validated.
   * @internal
   */
  public _toModel(scope: IConstruct, gateway: ProxyContext): ProxyModel {
    const traits = API_TRAITS[gateway.api];
    if (!traits.proxyModes.includes(this.mode)) {
      invalid(scope, 'proxy', `GatewayProxy.${this.mode}() cannot be used with the ${gateway.api} API; it supports: ${traits.proxyModes.map((m) => `GatewayProxy.${m}()`).join(', ')}`);
    }
    if (gateway.selector !== undefined) {
      if (gateway.api !== IngressApiKind.ISTIO) invalid(scope, 'selector', `only the Istio API's Gateway selects proxy pods by label; the ${gateway.api} API finds its proxy itself`);
      if (this.mode !== ProxyMode.BUNDLED) invalid(scope, 'selector', 'an existing proxy is selected by GatewayProxy.existing({ selector }); remove selector here');
    }
    switch (this.mode) {
      case ProxyMode.BUNDLED:
        return bundledProxy(scope, this.bundledOptions ?? {}, gateway, traits.proxyReadsSecrets);
      case ProxyMode.EXISTING: {
        const options = this.existingOptions;
        if (!isOptionsObject(options)) invalid(scope, 'proxy', `expected ExistingProxyOptions with a selector, e.g. GatewayProxy.existing({ selector: { istio: 'ingressgateway' } }), received ${show(options)}`);
        checkKnownKeys(scope, 'proxy', options, EXISTING_PROXY_OPTIONS);
        const selector = checkLabels(scope, 'proxy.selector', options.selector);
        if (Object.keys(selector).length === 0) invalid(scope, 'proxy.selector', 'an existing proxy must be selected by at least one label, e.g. { istio: "ingressgateway" }');
        const serviceName = options.serviceName;
        if (serviceName !== undefined) {
          const problem = checkDns1035Label(serviceName);
          if (problem) invalid(scope, 'proxy.serviceName', `${show(serviceName)} ${problem}`);
        }
        return {
          mode: this.mode,
          namespace: checkNamespace(scope, 'proxy.namespace', options.namespace ?? 'istio-system'),
          selector: { ...selector },
          ...(serviceName === undefined ? {} : { serviceName }),
        };
      }
      default:
        return {
          mode: this.mode,
          namespace: gateway.namespace,
          selector: { 'gateway.networking.k8s.io/gateway-name': gateway.name },
          serviceName: `${gateway.name}-istio`,
          serviceType: gateway.serviceType,
        };
    }
  }
}

/** What a gateway tells its proxy. */
export interface ProxyContext {
  readonly api: IngressApiKind;
  readonly name: string;
  readonly namespace: string;
  readonly serviceType: ServiceTypeModel;
  /** The gateway's `selector` prop (Istio API). */
  readonly selector: Record<string, string> | undefined;
}

/** The Helm chart's defaults. */
const PROXY_RESOURCES = { cpuRequest: '100m', cpuLimit: '2000m', memoryRequest: '128Mi', memoryLimit: '1024Mi' };

function bundledProxy(scope: IConstruct, options: BundledProxyOptions, gateway: ProxyContext, readsSecrets: boolean): ProxyModel {
  checkOptionKeys(scope, 'proxy', options, 'BundledProxyOptions', BUNDLED_PROXY_OPTIONS);
  const name = options.name ?? 'istio-ingressgateway';
  const nameProblem = checkDns1035Label(name);
  if (nameProblem) invalid(scope, 'proxy.name', `${show(name)} ${nameProblem}`);
  const extraLabels = checkLabels(scope, 'proxy.podLabels', options.podLabels);
  for (const reserved of ['app', 'istio']) {
    if (reserved in extraLabels) invalid(scope, `proxy.podLabels.${reserved}`, `the label "${reserved}" is set from the proxy name and selects the pods; choose another label`);
  }
  const selectorLabels = { app: name, istio: name.replace(/^istio-/, '') };
  // An empty revision would label the pods `istio.io/rev: ""`, which no injector webhook selects: the proxy would never be injected.
  if (options.revision === '') invalid(scope, 'proxy.revision', 'must not be empty: no Istio injector selects istio.io/rev=""; leave revision unset for the default revision');
  const revision = options.revision === undefined ? {} : checkLabels(scope, 'proxy.revision', { 'istio.io/rev': options.revision });
  // As Istio's gateway chart (1.25+): `istio.io/dataplane-mode: none` keeps an ambient namespace from capturing the gateway.
  const podLabels: Record<string, string> = { 'istio.io/dataplane-mode': 'none', ...extraLabels, 'sidecar.istio.io/inject': 'true', ...revision, ...selectorLabels, 'app.kubernetes.io/name': name };

  const selector = gateway.selector === undefined ? { istio: selectorLabels.istio } : checkLabels(scope, 'selector', gateway.selector);
  if (Object.keys(selector).length === 0) invalid(scope, 'selector', 'a Gateway must select its proxy by at least one label');
  const mismatched = Object.entries(selector).filter(([key, value]) => podLabels[key] !== value);
  if (mismatched.length > 0) {
    invalid(
      scope,
      'selector',
      `${show(selector)} matches none of the proxy pods this gateway deploys (their labels: ${Object.entries(podLabels).map(([k, v]) => `${k}=${v}`).join(', ')}), so no proxy would serve the Gateway; ` +
        `select by labels the pods carry, e.g. { istio: "${selectorLabels.istio}" }, or remove selector`,
    );
  }

  const autoscaling = scaling(scope, options);
  const bundled: BundledProxyModel = {
    name,
    selectorLabels,
    ...(autoscaling ? { autoscaling } : { replicas: options.replicas ?? 1 }),
    resources: resourcesToModel(scope, 'proxy.resources', options.resources, PROXY_RESOURCES),
    ...(options.serviceAnnotations === undefined ? {} : { serviceAnnotations: checkAnnotations(scope, 'proxy.serviceAnnotations', options.serviceAnnotations) }),
    ...(options.loadBalancerSourceRanges === undefined ? {} : { loadBalancerSourceRanges: sourceRanges(scope, options.loadBalancerSourceRanges, gateway.serviceType) }),
    readsSecrets,
    ...(options.networkPolicy === undefined ? {} : { networkPolicy: networkPolicyToModel(scope, 'proxy.networkPolicy', options.networkPolicy) }),
    ...(options.podDisruptionBudget === undefined ? {} : { podDisruptionBudget: disruptionBudget(scope, options.podDisruptionBudget) }),
  };
  return { mode: ProxyMode.BUNDLED, namespace: gateway.namespace, selector: { ...selector }, serviceName: name, podLabels, serviceType: gateway.serviceType, bundled };
}

/** Source ranges only mean something on a LoadBalancer Service (the API server rejects them elsewhere). */
function sourceRanges(scope: IConstruct, ranges: string[], serviceType: ServiceTypeModel): string[] {
  const checked = checkCidrs(scope, 'proxy.loadBalancerSourceRanges', ranges);
  if (serviceType !== 'LoadBalancer') {
    invalid(
      scope,
      'proxy.loadBalancerSourceRanges',
      `restricts the clients of a load balancer, but the proxy Service is of type ${serviceType}; remove it, or use serviceType LoadBalancer (or networkPolicy: { sourceCidrs } to filter at the pods)`,
    );
  }
  return checked;
}

function scaling(scope: IConstruct, options: BundledProxyOptions): AutoscalingModel | undefined {
  if (options.replicas !== undefined) {
    if (options.autoscaling !== undefined) invalid(scope, 'proxy.replicas', 'set either replicas (fixed) or autoscaling, not both');
    if (!isCount(options.replicas, 0)) invalid(scope, 'proxy.replicas', `${show(options.replicas)} must be a whole number, 0 or more`);
    return undefined;
  }
  checkOptionKeys(scope, 'proxy.autoscaling', options.autoscaling, 'ProxyAutoscaling', PROXY_AUTOSCALING);
  const { minReplicas, maxReplicas, targetCpuUtilizationPercent } = { minReplicas: 1, maxReplicas: 5, targetCpuUtilizationPercent: 80, ...options.autoscaling };
  if (!isCount(minReplicas, 1)) invalid(scope, 'proxy.autoscaling.minReplicas', `${show(minReplicas)} must be a whole number, 1 or more`);
  if (!isCount(maxReplicas, minReplicas)) {
    invalid(scope, 'proxy.autoscaling.maxReplicas', `${show(maxReplicas)} must be a whole number no smaller than minReplicas (${minReplicas})`);
  }
  if (!isCount(targetCpuUtilizationPercent, 1)) {
    invalid(scope, 'proxy.autoscaling.targetCpuUtilizationPercent', `${show(targetCpuUtilizationPercent)} must be a whole percentage, 1 or more`);
  }
  return { minReplicas, maxReplicas, targetCpuUtilizationPercent };
}

function disruptionBudget(scope: IConstruct, budget: ProxyDisruptionBudget): DisruptionBudgetModel {
  checkOptionKeys(scope, 'proxy.podDisruptionBudget', budget, 'ProxyDisruptionBudget', PROXY_DISRUPTION_BUDGET);
  if ((budget.minAvailable === undefined) === (budget.maxUnavailable === undefined)) {
    invalid(scope, 'proxy.podDisruptionBudget', 'set exactly one of minAvailable and maxUnavailable');
  }
  for (const [field, value] of Object.entries(budget)) {
    if (value !== undefined && !isCount(value, 0)) invalid(scope, `proxy.podDisruptionBudget.${field}`, `${show(value)} must be a whole number of pods, 0 or more`);
  }
  return budget.minAvailable !== undefined ? { minAvailable: budget.minAvailable } : { maxUnavailable: budget.maxUnavailable };
}

/** The largest value of an int32 field (replicas, budgets, autoscaling bounds). */
const MAX_INT32 = 2 ** 31 - 1;

/** A whole number from `min` to the int32 maximum. */
function isCount(value: unknown, min: number): value is number {
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= MAX_INT32;
}

/** The proxy's own ports: 15020 merged metrics, 15021 health, 15090 Envoy statistics. */
const PROXY_PORTS = [15020, 15021, 15090];

/** Validates a listener port before it reaches a Service. */
export function checkListenerPort(scope: IConstruct, field: string, port: number): number {
  const problem = checkPort(port);
  if (problem) invalid(scope, field, `${show(port)} ${problem}`);
  if (PROXY_PORTS.includes(port)) {
    invalid(scope, field, `${port} is used by the Istio proxy itself (15020 metrics, 15021 health, 15090 Envoy stats); choose another port`);
  }
  return port;
}

/** The proxy Service types a gateway can use, as `kplus.ServiceType` spells them (compared as strings: cdk8s-plus is only needed for its types). */
export function serviceTypeToModel(type: kplus.ServiceType): ServiceTypeModel | undefined {
  const value = type as string;
  return value === 'LoadBalancer' || value === 'NodePort' || value === 'ClusterIP' ? value : undefined;
}
