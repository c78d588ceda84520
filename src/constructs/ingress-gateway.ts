import type * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { invalid, show } from '../errors';
import { checkDnsSubdomain } from '../checks/names';
import { API_TRAITS } from '../model/apis';
import { GatewayModel, IngressApiKind, MetadataModel, ProxyMode, ProxyModel, ResolvedGatewayModel } from '../model/types';
import { GatewayProxy, serviceTypeToModel } from '../values/gateway-proxy';
import { ApiSettings, IngressApi } from '../values/ingress-api';
import { mergeMetadata, metadataToModel, ObjectMetadata } from '../values/metadata';
import { checkNamespaceLabels, POD_SECURITY_LABELS } from '../values/namespace-labels';
import { booleanProp, checkAnnotations, checkHosts, checkKnownKeys, checkLabels, checkNamespace, checkOptions, objectName, propNames } from '../values/props';
import { IIngressGateway } from './gateway-reference';
import { GatewayImportOptions, ImportedGateway } from './imported-gateway';
import { IngressRegistry } from './registry';
import { AttachedSources, knownServicesOf, ModelledGateway } from './sources';
import { extended } from '../model/objects';

/** Istio names the resources of an automated Gateway API deployment `<gateway>-istio`. */
const AUTOMATED_SUFFIX = '-istio';

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
   * Labels and annotations of the Gateway object (with Kubernetes Ingress: of
   * the IngressClass, when one is created). The proxy's objects have their
   * own (`GatewayProxy.bundled({ podLabels, serviceAnnotations })`).
   * @default - none
   */
  readonly metadata?: ObjectMetadata;
  /**
   * Labels of the Gateway object.
   * @default - none
   * @deprecated use `metadata: { labels }`
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations of the Gateway object.
   * @default - none
   * @deprecated use `metadata: { annotations }`
   */
  readonly annotations?: { [key: string]: string };
}

/** The props a JavaScript or YAML caller may give (checked at compile time to be exactly those of IngressGatewayProps). */
const INGRESS_GATEWAY_PROPS = propNames<IngressGatewayProps>({ name: true, namespace: true, createNamespace: true, namespaceLabels: true, api: true, proxy: true, serviceType: true, loadBalancerAvailable: true, selector: true, hosts: true, clusterDomain: true, metadata: true, labels: true, annotations: true });

/**
 * An Istio ingress gateway: the proxy that receives traffic from outside the
 * cluster (deployed by this library unless told otherwise), and the gateway
 * configuration of the chosen API. Its listeners are derived from what is
 * exposed through it, at synth time, so routes added later appear.
 */
export class IngressGateway extends Construct implements IIngressGateway, ModelledGateway {
  /**
   * A gateway this program does not create, run by another team (say the
   * platform team's shared gateway): routes and TLS attach to it by name, and
   * only they are rendered. Declare its listeners to have hosts and
   * `allowedRoutes` checked.
   */
  public static fromGatewayName(scope: Construct, id: string, options: GatewayImportOptions): IIngressGateway {
    return new ImportedGateway(scope, id, options);
  }

  public readonly name: string;
  public readonly namespace: string;
  public readonly api: IngressApi;
  public readonly clusterDomain: string;
  public readonly proxyNamespace: string;
  public readonly proxySelector?: { [key: string]: string };
  public readonly credentialNamespace: string;
  /**
   * Name of the Gateway object.
   * @deprecated use `name`
   */
  public get gatewayName(): string {
    return this.name;
  }

  /**
   * Namespace of the Gateway object.
   * @deprecated use `namespace`
   */
  public get gatewayNamespace(): string {
    return this.namespace;
  }

  /** The proxy Service type (or the type Istio gives the automated proxy's Service). */
  public readonly serviceType: kplus.ServiceType;
  /**
   * Name of the proxy Service, when known (the bundled proxy, an automated proxy, an existing one named by `serviceName`).
   * @default - unknown
   */
  public readonly proxyServiceName?: string;

  private readonly settings: ApiSettings;
  private readonly proxyModel: ProxyModel;
  private readonly hosts?: string[];
  private readonly metadataModel?: MetadataModel;
  private readonly namespaceLabels?: Record<string, string>;

  constructor(scope: Construct, id: string, props: IngressGatewayProps = {}) {
    super(scope, id);
    checkOptions(this, 'props', props, 'IngressGatewayProps');
    checkKnownKeys(this, '', props, INGRESS_GATEWAY_PROPS);
    this.api = props.api ?? IngressApi.istio();
    if (!(this.api instanceof IngressApi)) invalid(this, 'api', 'expected an IngressApi (IngressApi.istio(), ...)');
    const traits = API_TRAITS[this.api.kind];

    this.name = objectName(this, props.name);
    this.namespace = checkNamespace(this, 'namespace', props.namespace ?? 'istio-ingress');
    this.clusterDomain = props.clusterDomain ?? 'cluster.local';
    const domainProblem = checkDnsSubdomain(this.clusterDomain);
    if (domainProblem) invalid(this, 'clusterDomain', `${show(this.clusterDomain)} ${domainProblem}`);
    const loadBalancerAvailable = booleanProp(this, 'loadBalancerAvailable', props.loadBalancerAvailable, true);
    this.serviceType = props.serviceType ?? ((loadBalancerAvailable ? 'LoadBalancer' : 'NodePort') as kplus.ServiceType);
    const serviceType = serviceTypeToModel(this.serviceType);
    if (serviceType === undefined) invalid(this, 'serviceType', `${show(this.serviceType)} cannot front a proxy; use LoadBalancer, NodePort or ClusterIP`);
    if (!loadBalancerAvailable && serviceType === 'LoadBalancer') {
      invalid(
        this,
        'serviceType',
        'LoadBalancer was chosen, but loadBalancerAvailable is false: the Service would stay <pending> and the gateway unreachable (a Gateway API Gateway would never become Programmed); ' +
          'use NodePort (reach a node\'s IP on the node port) or ClusterIP (port-forward), or install a load balancer such as MetalLB',
      );
    }
    this.metadataModel = mergeMetadata(
      { labels: checkLabels(this, 'labels', props.labels), annotations: checkAnnotations(this, 'annotations', props.annotations) },
      metadataToModel(this, 'metadata', props.metadata),
    );
    const namespaceLabels = checkNamespaceLabels(this, 'namespaceLabels', props.namespaceLabels);
    if (props.hosts !== undefined) this.hosts = checkHosts(this, 'hosts', props.hosts);

    const proxy = props.proxy ?? (traits.defaultProxyMode === ProxyMode.AUTOMATED ? GatewayProxy.automated() : GatewayProxy.bundled());
    if (!(proxy instanceof GatewayProxy)) invalid(this, 'proxy', 'expected a GatewayProxy (GatewayProxy.bundled(), .existing() or .automated())');
    if (proxy.mode === ProxyMode.BUNDLED && namespaceLabels['istio-injection'] === 'disabled') {
      invalid(
        this,
        'namespaceLabels',
        'the namespace is labelled istio-injection=disabled, but the bundled proxy (image: auto) only works when Istio\'s injector processes its pods; ' +
          'remove the label (the proxy opts in with sidecar.istio.io/inject=true)',
      );
    }

    const registry = IngressRegistry.of(this);
    if (booleanProp(this, 'createNamespace', props.createNamespace, true) && registry.claimNamespace(this, this.namespace, extended(POD_SECURITY_LABELS, namespaceLabels ?? {}))) {
      this.namespaceLabels = extended(POD_SECURITY_LABELS, namespaceLabels ?? {});
    }
    this.proxyModel = proxy._toModel(this, { api: this.api.kind, name: this.name, namespace: this.namespace, serviceType, selector: props.selector });
    this.settings = this.api._settings(this, 'api');
    this.checkApiProxy(registry);
    this.proxyNamespace = this.proxyModel.namespace;
    this.proxySelector = { ...this.proxyModel.selector };
    this.proxyServiceName = this.proxyModel.serviceName;
    this.credentialNamespace = traits.credentialsInProxyNamespace ? this.proxyModel.namespace : this.namespace;

    registry.addGateway(this);
  }

  /**
   * The gateway, its listeners and every attached route as plain data.
   * @deprecated use `modelOf(gateway)` from `cdk8s-istio-ingress/model` (the route model is TypeScript and JavaScript only)
   * @jsii ignore
   */
  public toModel(): ResolvedGatewayModel {
    return IngressRegistry.of(this).modelOf(this);
  }

  /** @internal */
  public _gatewayModel(attached: AttachedSources): GatewayModel {
    return {
      source: this.node.path,
      api: this.api.kind,
      ...this.settings,
      name: this.name,
      namespace: this.namespace,
      ...(this.metadataModel ? { metadata: this.metadataModel } : {}),
      ...(this.namespaceLabels ? { createNamespace: { labels: this.namespaceLabels } } : {}),
      proxy: this.proxyModel,
      ...(this.hosts ? { hosts: this.hosts } : {}),
      routes: attached.routes,
      tls: attached.tls,
      clusterDomain: this.clusterDomain,
      knownNamespaces: attached.knownNamespaces,
      ...knownServicesOf(attached),
    };
  }

  /** What each API needs of the proxy, and the objects of an API only one gateway per chart may create. */
  private checkApiProxy(registry: IngressRegistry): void {
    const proxy = this.proxyModel;
    if (this.api.kind === IngressApiKind.GATEWAY_API) {
      if (proxy.mode === ProxyMode.AUTOMATED && `${this.name}${AUTOMATED_SUFFIX}`.length > 63) {
        invalid(
          this,
          'name',
          `${show(this.name)} is too long: Istio names the proxy "${this.name}${AUTOMATED_SUFFIX}", which must be at most 63 characters; use at most ${63 - AUTOMATED_SUFFIX.length}`,
        );
      }
      if (proxy.mode === ProxyMode.AUTOMATED && !/^[a-z]/.test(this.name)) {
        invalid(this, 'name', `${show(this.name)} must start with a letter: Istio names the proxy Service "${this.name}${AUTOMATED_SUFFIX}", and Service names are DNS-1035 labels`);
      }
      if (proxy.mode === ProxyMode.EXISTING && proxy.serviceName === undefined) {
        invalid(this, 'proxy.serviceName', 'the Gateway API addresses an existing proxy through its Service: give the serviceName of the proxy');
      }
      // istiod resolves a Gateway's spec.addresses only among the Services of the Gateway's own namespace
      // (GatewayContext.ResolveGatewayInstances, pilot/pkg/config/kube/gatewaycommon/context.go): elsewhere it is never Programmed.
      if (proxy.mode === ProxyMode.EXISTING && proxy.namespace !== this.namespace) {
        invalid(
          this,
          'namespace',
          `${show(this.namespace)} is not the namespace of the existing proxy (${proxy.namespace}), but Istio binds a Gateway API Gateway only to a proxy Service in the Gateway's own namespace, ` +
            `so the Gateway would never be Programmed and the proxy would get no listeners; put the gateway in namespace ${show(proxy.namespace)} ` +
            '(with createNamespace: false, and allowedRoutes for the routes\' namespaces), or let Istio deploy a proxy for it (GatewayProxy.automated())',
        );
      }
    }
    if (this.api.kind !== IngressApiKind.KUBERNETES_INGRESS) return;
    const settings = this.settings.kubernetesIngress!;
    const selector = settings.ingressSelector!;
    // Istio ignores the gateway's proxy unless it carries the label the mesh config's ingressSelector names.
    if (proxy.selector.istio !== selector) {
      const label = `istio: ${selector}`;
      if (proxy.mode === ProxyMode.BUNDLED) {
        invalid(
          this,
          'proxy.name',
          `the bundled proxy labels its pods istio: ${proxy.selector.istio}, but Istio serves Ingresses only through pods labelled ${label} (the mesh config's ingressSelector); ` +
            `keep the default proxy name "istio-ingressgateway", or set ingressSelector: ${show(proxy.selector.istio)} here and in the mesh config`,
        );
      }
      invalid(
        this,
        'proxy.selector',
        `the existing proxy is selected by ${show(proxy.selector)}, which lacks ${label}, the label Istio serves Ingresses through (the mesh config's ingressSelector); ` +
          'select the proxy by its istio label, and set ingressSelector to that value if your mesh config uses another one',
      );
    }
    if (settings.createIngressClass) {
      const owner = registry.claimIngressClass(this, settings.ingressClassName!);
      if (owner !== undefined) {
        invalid(
          this,
          'api.createIngressClass',
          `IngressClass ${show(settings.ingressClassName)} is already created by ${owner} in this chart; set createIngressClass: false here (the class is shared)`,
        );
      }
    }
  }
}
