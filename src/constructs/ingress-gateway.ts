import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { GatewayContext, IRouteBinding } from '../apis/binding';
import { checkGateway } from '../core/checks';
import { hostCovers } from '../core/hosts';
import { invalid, problem, show } from '../core/errors';
import { DerivedListeners, deriveListeners, ListenerRequest } from '../core/listeners';
import { Memo, changed } from '../core/memo';
import { GatewayModel, IngressApiKind, ListenerProtocol, ProxyMode, ProxyModel, RouteModel, TlsMode, TlsSourceModel } from '../core/model';
import { checkDnsSubdomain, checkHostname } from '../core/names';
import { ensureChartChecks } from './chart-checks';
import { BundledProxy, GatewayProxy } from './gateway-proxy';
import { IngressApi } from './ingress-api';
import { checkNamespaceLabels, ensureNamespace, knownNamespaceLabels } from './namespace';
import { checkLabels, checkNamespace, objectName } from './props';

/** A construct that routes traffic through a gateway (ExposedService, TlsIngress). */
export interface IRouteSource extends IConstruct {
  /** Name of the route objects (VirtualService, HTTPRoute, Ingress). */
  readonly routeName: string;
  /** Namespace of the route objects. */
  readonly routeNamespace: string;
  /** The routes as plain data. */
  toRouteModel(): RouteModel;
}

/** A construct that configures TLS on a gateway (TlsIngress). */
export interface ITlsSource extends IConstruct {
  /** What it asks of the gateway, as plain data. */
  toTlsModel(): TlsSourceModel;
}

/** A gateway that routes can be attached to. */
export interface IIngressGateway extends IConstruct {
  /**
   * Name of the Gateway object (Istio API and Gateway API). Kubernetes Ingress
   * has no gateway object: there the name only identifies the gateway in messages.
   */
  readonly gatewayName: string;
  /** Namespace of the Gateway object and, unless an existing proxy is used, of the proxy. */
  readonly gatewayNamespace: string;
  /** The API the gateway is configured with. */
  readonly api: IngressApi;
  /** DNS suffix of the cluster. */
  readonly clusterDomain: string;
  /**
   * Namespace TLS credentials must live in for this gateway: the proxy's
   * namespace for the Istio API and Ingress (Istio reads them there), the
   * Gateway's namespace for the Gateway API.
   */
  readonly credentialNamespace: string;
  /** The gateway, its listeners and every attached route as plain data. */
  toModel(): GatewayModel;
  /**
   * Routes `source` through this gateway: creates its objects for the
   * gateway's API, and includes it in the listeners and synth-time checks.
   * ExposedService and TlsIngress call this; you rarely need to. The source
   * reports every backend it adds to the returned binding.
   */
  attach(source: IRouteSource): IRouteBinding;
  /**
   * Configures TLS from `source` on this gateway: HTTPS (or passthrough)
   * listeners for its hosts, the HTTP-to-HTTPS redirect, and the objects the
   * gateway's API needs for them. TlsIngress calls this.
   */
  attachTls(source: ITlsSource): void;
}

/** Props of an IngressGateway. */
export interface IngressGatewayProps {
  /**
   * Name of the Gateway object. Kubernetes Ingress has no gateway object (Istio
   * generates one per Ingress): there the name only appears in messages.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Namespace of the Gateway object and of the proxy this library deploys.
   * @default "istio-ingress"
   */
  readonly namespace?: string;
  /**
   * Whether to create the namespace. Built-in namespaces (`default`,
   * `kube-system`, ...) are never created, and a namespace is created once
   * per chart however many constructs share it (so each chart applies alone).
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * Extra labels for the namespace, when it is created. It always enforces the
   * "restricted" Pod Security Standard (a `pod-security.kubernetes.io/enforce`
   * label with another level is an error), and is never labelled
   * `istio-injection=disabled` (the proxy is injected by Istio's webhook).
   * @default - only the Pod Security label
   */
  readonly namespaceLabels?: { [key: string]: string };
  /**
   * The API the gateway and its routes are configured with:
   * `IngressApi.istio()`, `IngressApi.gatewayApi()` or `IngressApi.kubernetesIngress()`.
   * @default IngressApi.istio()
   */
  readonly api?: IngressApi;
  /**
   * Which proxy pods serve the gateway.
   * @default - GatewayProxy.bundled() with the Istio API and Kubernetes Ingress, GatewayProxy.automated() with the Gateway API
   */
  readonly proxy?: GatewayProxy;
  /**
   * Type of the Service in front of the proxy (with the Gateway API's
   * automated deployment, the type Istio gives the Service it creates).
   * @default - LoadBalancer, or NodePort when `loadBalancerAvailable` is false
   */
  readonly serviceType?: kplus.ServiceType;
  /**
   * Whether the cluster can provision LoadBalancer Services (a cloud, MetalLB,
   * `minikube tunnel`). Without one a LoadBalancer Service stays `<pending>`
   * forever and a Gateway API Gateway never becomes Programmed, so setting
   * this to false makes NodePort the default and LoadBalancer an error.
   * @default true
   */
  readonly loadBalancerAvailable?: boolean;
  /**
   * Istio API only: the labels the Gateway selects the bundled proxy's pods
   * by; they must be labels of those pods.
   * @default - the proxy's `istio` label (e.g. `istio: ingressgateway`)
   */
  readonly selector?: { [key: string]: string };
  /**
   * Hosts the gateway serves. Routes for other hosts fail at synth time.
   * @default - every host exposed through the gateway
   */
  readonly hosts?: string[];
  /**
   * DNS suffix of the cluster, used to address backends by fully-qualified name.
   * @default "cluster.local"
   */
  readonly clusterDomain?: string;
  /**
   * Labels of the Gateway object (with Kubernetes Ingress: of the IngressClass, when one is created).
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations of the Gateway object (with Kubernetes Ingress: of the IngressClass, when one is created).
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/**
 * An Istio ingress gateway: the proxy that receives traffic from outside the
 * cluster (deployed by this library unless told otherwise), and the gateway
 * configuration of the chosen API. Its listeners are derived from what is
 * exposed through it, at synth time, so routes added later appear.
 */
export class IngressGateway extends Construct implements IIngressGateway {
  public readonly gatewayName: string;
  public readonly gatewayNamespace: string;
  public readonly api: IngressApi;
  public readonly clusterDomain: string;
  /** The proxy deployment, when this library deploys it. */
  public readonly proxy?: BundledProxy;
  /** How the proxy pods are found. */
  public readonly proxyModel: ProxyModel;
  /** The proxy Service type (or the type Istio gives the automated proxy's Service). */
  public readonly serviceType: kplus.ServiceType;
  public readonly credentialNamespace: string;

  private readonly sources: IRouteSource[] = [];
  private readonly tlsSources: ITlsSource[] = [];
  private readonly hosts?: string[];
  /** The model, with the listener conflicts found while deriving its listeners (reported by validation). */
  private readonly derived = new Memo<{ readonly model: GatewayModel; readonly listenerProblems: DerivedListeners['problems'] }>();
  private readonly problems = new Memo<Map<string, string[]>>();

  constructor(scope: Construct, id: string, props: IngressGatewayProps = {}) {
    super(scope, id);
    this.api = props.api ?? IngressApi.istio();
    if (!(this.api instanceof IngressApi)) invalid(this, 'api', 'expected an IngressApi (IngressApi.istio(), ...)');
    const binding = this.api._binding;

    this.gatewayName = objectName(this, props.name);
    this.gatewayNamespace = checkNamespace(this, 'namespace', props.namespace ?? 'istio-ingress');
    this.clusterDomain = props.clusterDomain ?? 'cluster.local';
    const domainProblem = checkDnsSubdomain(this.clusterDomain);
    if (domainProblem) invalid(this, 'clusterDomain', `${show(this.clusterDomain)} ${domainProblem}`);
    const loadBalancerAvailable = props.loadBalancerAvailable ?? true;
    this.serviceType = props.serviceType ?? (loadBalancerAvailable ? kplus.ServiceType.LOAD_BALANCER : kplus.ServiceType.NODE_PORT);
    if (!Object.values(kplus.ServiceType).includes(this.serviceType) || this.serviceType === kplus.ServiceType.EXTERNAL_NAME) {
      invalid(this, 'serviceType', `${show(this.serviceType)} cannot front a proxy; use LoadBalancer, NodePort or ClusterIP`);
    }
    if (!loadBalancerAvailable && this.serviceType === kplus.ServiceType.LOAD_BALANCER) {
      invalid(
        this,
        'serviceType',
        'LoadBalancer was chosen, but loadBalancerAvailable is false: the Service would stay <pending> and the gateway unreachable (a Gateway API Gateway would never become Programmed); ' +
          'use NodePort (reach a node\'s IP on the node port) or ClusterIP (port-forward), or install a load balancer such as MetalLB',
      );
    }
    const labels = checkLabels(this, 'labels', props.labels);
    const namespaceLabels = checkNamespaceLabels(this, 'namespaceLabels', props.namespaceLabels);
    if (props.hosts !== undefined) this.hosts = checkHosts(this, 'hosts', props.hosts);

    const proxy = props.proxy ?? (binding.defaultProxyMode === ProxyMode.AUTOMATED ? GatewayProxy.automated() : GatewayProxy.bundled());
    if (!(proxy instanceof GatewayProxy)) invalid(this, 'proxy', 'expected a GatewayProxy (GatewayProxy.bundled(), .existing() or .automated())');
    if (!binding.proxyModes.includes(proxy.mode)) {
      invalid(this, 'proxy', `GatewayProxy.${proxy.mode}() cannot be used with the ${this.api.kind} API; it supports: ${binding.proxyModes.map((m) => `GatewayProxy.${m}()`).join(', ')}`);
    }
    if (proxy.mode === ProxyMode.BUNDLED && namespaceLabels['istio-injection'] === 'disabled') {
      invalid(
        this,
        'namespaceLabels',
        'the namespace is labelled istio-injection=disabled, but the bundled proxy (image: auto) only works when Istio\'s injector processes its pods; ' +
          'remove the label (the proxy opts in with sidecar.istio.io/inject=true)',
      );
    }

    if (props.createNamespace ?? true) ensureNamespace(this, this.gatewayNamespace, namespaceLabels);

    if (proxy.mode === ProxyMode.BUNDLED) {
      this.proxy = new BundledProxy(this, 'Proxy', {
        ...proxy._bundled,
        namespace: this.gatewayNamespace,
        serviceType: this.serviceType,
        needsSecretAccess: binding.proxyReadsSecrets,
        listenerPorts: () => this.toModel().listeners.map(({ port, protocol }) => ({ port, protocol })),
      });
    }
    this.proxyModel = this.resolveProxy(proxy, props.selector);
    if (this.proxy) bundledProxies(this).push({ gateway: this.node.path, namespace: this.proxy.namespace, name: this.proxy.name, podLabels: this.proxy.podLabels });
    ensureChartChecks(this);
    this.credentialNamespace = binding.credentialsInProxyNamespace ? this.proxyModel.namespace : this.gatewayNamespace;

    const context: GatewayContext = {
      scope: this,
      name: this.gatewayName,
      namespace: this.gatewayNamespace,
      serviceType: this.serviceType,
      labels,
      annotations: props.annotations ?? {},
      clusterDomain: this.clusterDomain,
      proxy: this.proxyModel,
      namespaceLabels: (namespace) => knownNamespaceLabels(this, namespace),
      model: () => this.toModel(),
    };
    this._context = context;
    binding.bindGateway(context);
    this.node.addValidation({ validate: () => this.problemsFor(this.node.path) });
    changed();
  }

  /** @internal */
  public readonly _context: GatewayContext;

  public attach(source: IRouteSource): IRouteBinding {
    this.sources.push(source);
    changed();
    const binding = this.api._binding.bindRoute({
      scope: source as unknown as Construct,
      name: source.routeName,
      namespace: source.routeNamespace,
      gateway: this._context,
      model: () => source.toRouteModel(),
    });
    source.node.addValidation({ validate: () => this.problemsFor(source.node.path) });
    return binding ?? { backendAdded: () => undefined };
  }

  public attachTls(source: ITlsSource): void {
    this.tlsSources.push(source);
    changed();
    this.api._binding.bindTls({ scope: source as unknown as Construct, gateway: this._context, model: () => source.toTlsModel() });
    source.node.addValidation({ validate: () => this.problemsFor(source.node.path) });
  }

  public toModel(): GatewayModel {
    return this.derive().model;
  }

  private derive() {
    return this.derived.get(() => {
      const routes = this.sources.map((source) => source.toRouteModel());
      const tls = this.tlsSources.map((source) => source.toTlsModel());
      const { listeners, problems: listenerProblems } = deriveListeners(this.listenerRequests(routes, tls));
      const model: GatewayModel = {
        source: this.node.path,
        api: this.api.kind,
        name: this.gatewayName,
        namespace: this.gatewayNamespace,
        proxy: this.proxyModel,
        listeners,
        routes,
        tls,
        clusterDomain: this.clusterDomain,
      };
      return { model, listenerProblems };
    });
  }

  private listenerRequests(routes: readonly RouteModel[], tls: readonly TlsSourceModel[]): ListenerRequest[] {
    const explicitHosts = this.hosts;
    const ports = routes.length > 0 ? [...new Set(routes.map((route) => route.port))] : [80];
    const http: ListenerRequest[] =
      explicitHosts === undefined
        ? routes.flatMap((route) => route.hosts.map((hostname) => ({ port: route.port, protocol: ListenerProtocol.HTTP, hostname, source: route.source })))
        : ports.flatMap((port) => explicitHosts.map((hostname) => ({ port, protocol: ListenerProtocol.HTTP, hostname, source: this.node.path })));
    const secure = tls.flatMap((t) =>
      t.hosts.flatMap((hostname): ListenerRequest[] => [
        { port: t.port, protocol: t.tls.mode === TlsMode.PASSTHROUGH ? ListenerProtocol.TLS : ListenerProtocol.HTTPS, hostname, source: t.source, tls: t.tls },
        ...(t.redirectFromPort === undefined ? [] : [{ port: t.redirectFromPort, protocol: ListenerProtocol.HTTP, hostname, source: t.source, httpsRedirect: true }]),
      ]),
    );
    return [...http, ...secure];
  }

  /** Synth-time problems, grouped by the construct that can fix them. */
  private problemsFor(path: string): string[] {
    const byPath = this.problems.get(() => {
      const { model, listenerProblems } = this.derive();
      const found = new Map<string, string[]>();
      const add = (source: string, text: string) => {
        const texts = found.get(source);
        if (texts) texts.push(text);
        else found.set(source, [text]);
      };
      for (const p of listenerProblems) add(p.source, problem(p.field, p.message));
      if (this.hosts !== undefined) {
        for (const t of model.tls) {
          t.hosts.forEach((host, i) => {
            if (!this.hosts!.some((pattern) => hostCovers(pattern, host))) {
              add(t.source, problem(`hosts[${i}]`, `host ${JSON.stringify(host)} is not among the hosts gateway ${model.namespace}/${model.name} serves (${this.hosts!.join(', ')}); add it to the gateway's hosts`));
            }
          });
        }
      }
      for (const text of this.selectorCrossTalk()) add(this.node.path, problem('proxy', text));
      if (model.listeners.length === 0) {
        add(
          this.node.path,
          problem('hosts', `nothing is exposed through gateway ${model.namespace}/${model.name}: add an ExposedService for it, or set the hosts it serves`),
        );
      }
      for (const p of [...checkGateway(model), ...this.api._binding.checkGateway(model, this._context)]) add(p.source, problem(p.field, p.message));
      return found;
    });
    return byPath.get(path) ?? [];
  }

  /**
   * An Istio Gateway applies to every pod its selector matches, in any
   * namespace: when a gateway deploys its own proxy, a selector that also
   * matches the proxy of another gateway of the app would serve this
   * gateway's hosts there too. (Selecting another gateway's proxy on purpose
   * is what GatewayProxy.existing() is for.)
   */
  private selectorCrossTalk(): string[] {
    if (this.api.kind !== IngressApiKind.ISTIO || !this.proxy) return [];
    const own = `${this.proxy.namespace}/${this.proxy.name}`;
    return bundledProxies(this)
      .filter((p) => `${p.namespace}/${p.name}` !== own && Object.entries(this.proxyModel.selector).every(([k, v]) => p.podLabels[k] === v))
      .map(
        (p) =>
          `the Gateway's selector ${show(this.proxyModel.selector)} also matches the pods of proxy ${p.namespace}/${p.name} (deployed by ${p.gateway}); ` +
          'Istio selects across namespaces, so that proxy would serve this gateway\'s hosts too: give the proxies different names (GatewayProxy.bundled({ name }))',
      );
  }

  private resolveProxy(proxy: GatewayProxy, selectorProp: Record<string, string> | undefined): ProxyModel {
    if (selectorProp !== undefined) {
      if (this.api.kind !== IngressApiKind.ISTIO) invalid(this, 'selector', `only the Istio API's Gateway selects proxy pods by label; the ${this.api.kind} API finds its proxy itself`);
      if (proxy.mode !== ProxyMode.BUNDLED) invalid(this, 'selector', 'an existing proxy is selected by GatewayProxy.existing({ selector }); remove selector here');
    }
    switch (proxy.mode) {
      case ProxyMode.BUNDLED: {
        const podLabels = this.proxy!.podLabels;
        const selector = selectorProp === undefined ? { istio: this.proxy!.selectorLabels.istio } : checkLabels(this, 'selector', selectorProp);
        if (Object.keys(selector).length === 0) invalid(this, 'selector', 'a Gateway must select its proxy by at least one label');
        const mismatched = Object.entries(selector).filter(([key, value]) => podLabels[key] !== value);
        if (mismatched.length > 0) {
          invalid(
            this,
            'selector',
            `${show(selector)} matches none of the proxy pods this gateway deploys (their labels: ${Object.entries(podLabels).map(([k, v]) => `${k}=${v}`).join(', ')}), so no proxy would serve the Gateway; ` +
              'select by labels the pods carry, e.g. { istio: "' + podLabels.istio + '" }, or remove selector',
          );
        }
        return { mode: proxy.mode, namespace: this.gatewayNamespace, selector: { ...selector }, serviceName: this.proxy!.name, podLabels };
      }
      case ProxyMode.EXISTING: {
        const options = proxy._existing!;
        const selector = checkLabels(this, 'proxy.selector', options.selector);
        if (Object.keys(selector).length === 0) invalid(this, 'proxy.selector', 'an existing proxy must be selected by at least one label, e.g. { istio: "ingressgateway" }');
        return {
          mode: proxy.mode,
          namespace: checkNamespace(this, 'proxy.namespace', options.namespace ?? 'istio-system'),
          selector: { ...selector },
          serviceName: options.serviceName,
        };
      }
      default:
        return {
          mode: proxy.mode,
          namespace: this.gatewayNamespace,
          selector: { 'gateway.networking.k8s.io/gateway-name': this.gatewayName },
          serviceName: `${this.gatewayName}-istio`,
        };
    }
  }
}

interface BundledProxyRecord {
  readonly gateway: string;
  readonly namespace: string;
  readonly name: string;
  readonly podLabels: Readonly<Record<string, string>>;
}

const proxiesByApp = new WeakMap<IConstruct, BundledProxyRecord[]>();

/** Every bundled proxy of the app of `scope`. */
function bundledProxies(scope: IConstruct): BundledProxyRecord[] {
  let proxies = proxiesByApp.get(scope.node.root);
  if (!proxies) proxiesByApp.set(scope.node.root, (proxies = []));
  return proxies;
}

/** Validates a list of hosts given as a prop; duplicates are errors, since they usually hide a typo elsewhere. */
export function checkHosts(scope: IConstruct, field: string, hosts: string[]): string[] {
  if (!Array.isArray(hosts) || hosts.length === 0) invalid(scope, field, 'expected a non-empty list of hosts (use ["*"] for any host)');
  const seen = new Set<string>();
  hosts.forEach((host, i) => {
    const hostProblem = checkHostname(host);
    if (hostProblem) invalid(scope, `${field}[${i}]`, `${show(host)} ${hostProblem}`);
    if (seen.has(host)) invalid(scope, `${field}[${i}]`, `${show(host)} is listed twice`);
    seen.add(host);
  });
  return [...hosts];
}
