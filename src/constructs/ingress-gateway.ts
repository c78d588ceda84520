import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { GatewayContext } from '../apis/binding';
import { checkGateway } from '../core/checks';
import { invalid, problem, show } from '../core/errors';
import { deriveListeners, ListenerRequest } from '../core/listeners';
import { Memo, changed } from '../core/memo';
import { GatewayModel, ListenerProtocol, ProxyMode, ProxyModel, RouteModel } from '../core/model';
import { checkDnsLabel, checkDnsSubdomain, checkHostname } from '../core/names';
import { BundledProxy, GatewayProxy } from './gateway-proxy';
import { IngressApi } from './ingress-api';
import { checkLabels, checkNamespace, checkNamespaceLabels, ensureNamespace } from './namespace';

/** A construct that routes traffic through a gateway (ExposedService, TlsIngress). */
export interface IRouteSource extends IConstruct {
  /** Name of the route objects (VirtualService, HTTPRoute, Ingress). */
  readonly routeName: string;
  /** Namespace of the route objects. */
  readonly routeNamespace: string;
  /** The routes as plain data. */
  toRouteModel(): RouteModel;
}

/** A gateway that routes can be attached to. */
export interface IIngressGateway extends IConstruct {
  /** Name of the Gateway object (Istio API and Gateway API). */
  readonly gatewayName: string;
  /** Namespace of the Gateway object and, unless an existing proxy is used, of the proxy. */
  readonly gatewayNamespace: string;
  /** The API the gateway is configured with. */
  readonly api: IngressApi;
  /** DNS suffix of the cluster. */
  readonly clusterDomain: string;
  /** The gateway, its listeners and every attached route as plain data. */
  toModel(): GatewayModel;
  /**
   * Routes `source` through this gateway: creates its objects for the
   * gateway's API, and includes it in the listeners and synth-time checks.
   * ExposedService and TlsIngress call this; you rarely need to.
   */
  attach(source: IRouteSource): void;
}

/** Props of an IngressGateway. */
export interface IngressGatewayProps {
  /**
   * Name of the Gateway object.
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
   * per app however many constructs share it.
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
   * The API the gateway and its routes are configured with.
   * @default IngressApi.istio()
   */
  readonly api?: IngressApi;
  /**
   * Which proxy pods serve the gateway.
   * @default - GatewayProxy.bundled() with the Istio API and Kubernetes Ingress, GatewayProxy.automated() with the Gateway API
   */
  readonly proxy?: GatewayProxy;
  /**
   * Type of the Service in front of the proxy. Use NodePort or ClusterIP on
   * clusters without a load-balancer implementation.
   * @default kplus.ServiceType.LOAD_BALANCER
   */
  readonly serviceType?: kplus.ServiceType;
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
   * Labels of the Gateway object.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations of the Gateway object.
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

  private readonly sources: IRouteSource[] = [];
  private readonly hosts?: string[];
  private readonly model = new Memo<GatewayModel>();
  private readonly problems = new Memo<Map<string, string[]>>();

  constructor(scope: Construct, id: string, props: IngressGatewayProps = {}) {
    super(scope, id);
    this.api = props.api ?? IngressApi.istio();
    if (!(this.api instanceof IngressApi)) invalid(this, 'api', 'expected an IngressApi (IngressApi.istio(), ...)');
    const binding = this.api._binding;

    this.gatewayName = props.name ?? id;
    const nameProblem = checkDnsLabel(this.gatewayName);
    if (nameProblem) invalid(this, props.name === undefined ? 'name (from the construct id)' : 'name', `${show(this.gatewayName)} ${nameProblem}`);
    this.gatewayNamespace = checkNamespace(this, 'namespace', props.namespace ?? 'istio-ingress');
    this.clusterDomain = props.clusterDomain ?? 'cluster.local';
    const domainProblem = checkDnsSubdomain(this.clusterDomain);
    if (domainProblem) invalid(this, 'clusterDomain', `${show(this.clusterDomain)} ${domainProblem}`);
    this.serviceType = props.serviceType ?? kplus.ServiceType.LOAD_BALANCER;
    if (!Object.values(kplus.ServiceType).includes(this.serviceType)) {
      invalid(this, 'serviceType', `${show(this.serviceType)} is not a Service type; use LoadBalancer, NodePort or ClusterIP`);
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
    this.proxyModel = this.resolveProxy(proxy);

    const context: GatewayContext = {
      scope: this,
      name: this.gatewayName,
      namespace: this.gatewayNamespace,
      serviceType: this.serviceType,
      labels,
      annotations: props.annotations ?? {},
      clusterDomain: this.clusterDomain,
      model: () => this.toModel(),
    };
    this._context = context;
    binding.bindGateway(context);
    this.node.addValidation({ validate: () => this.problemsFor(this.node.path) });
    changed();
  }

  /** @internal */
  public readonly _context: GatewayContext;

  public attach(source: IRouteSource): void {
    this.sources.push(source);
    changed();
    this.api._binding.bindRoute({
      scope: source as unknown as Construct,
      name: source.routeName,
      namespace: source.routeNamespace,
      gateway: this._context,
      model: () => source.toRouteModel(),
    });
    source.node.addValidation({ validate: () => this.problemsFor(source.node.path) });
  }

  public toModel(): GatewayModel {
    return this.model.get(() => {
      const routes = this.sources.map((source) => source.toRouteModel());
      const { listeners } = deriveListeners(this.listenerRequests(routes));
      return {
        source: this.node.path,
        api: this.api.kind,
        name: this.gatewayName,
        namespace: this.gatewayNamespace,
        proxy: this.proxyModel,
        listeners,
        routes,
        clusterDomain: this.clusterDomain,
      };
    });
  }

  private listenerRequests(routes: readonly RouteModel[]): ListenerRequest[] {
    if (this.hosts === undefined) {
      return routes.flatMap((route) =>
        route.hosts.map((hostname) => ({ port: route.port, protocol: ListenerProtocol.HTTP, hostname, source: route.source })),
      );
    }
    const ports = [...new Set(routes.length > 0 ? routes.map((route) => route.port) : [80])];
    return ports.flatMap((port) => this.hosts!.map((hostname) => ({ port, protocol: ListenerProtocol.HTTP, hostname, source: this.node.path })));
  }

  /** Synth-time problems, grouped by the construct that can fix them. */
  private problemsFor(path: string): string[] {
    const byPath = this.problems.get(() => {
      const model = this.toModel();
      const found = new Map<string, string[]>();
      const add = (source: string, text: string) => found.set(source, [...(found.get(source) ?? []), text]);
      const routes = model.routes;
      for (const text of deriveListeners(this.listenerRequests(routes)).problems) add(this.node.path, problem('listeners', text));
      if (model.listeners.length === 0) {
        add(
          this.node.path,
          problem('hosts', `nothing is exposed through gateway ${model.namespace}/${model.name}: add an ExposedService for it, or set the hosts it serves`),
        );
      }
      for (const p of [...checkGateway(model), ...this.api._binding.checkGateway(model)]) add(p.source, problem(p.field, p.message));
      return found;
    });
    return byPath.get(path) ?? [];
  }

  private resolveProxy(proxy: GatewayProxy): ProxyModel {
    switch (proxy.mode) {
      case ProxyMode.BUNDLED:
        return {
          mode: proxy.mode,
          namespace: this.gatewayNamespace,
          selector: { istio: this.proxy!.selectorLabels.istio },
          serviceName: this.proxy!.name,
          podLabels: this.proxy!.podLabels,
        };
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
