import { Construct } from 'constructs';
import { invalid, show } from '../errors';
import { checkDnsSubdomain, checkHostname, checkPort } from '../checks/names';
import { API_TRAITS } from '../model/apis';
import { deriveListeners } from '../model/listeners';
import { GatewayModel, IngressApiKind, ListenerModel, ListenerProtocol, ProxyMode } from '../model/types';
import { AllowedRoutes, allowedRoutesToModel, IngressApi } from '../values/ingress-api';
import { checkKnownKeys, checkLabels, checkNamespace, objectName, propNames, requireOptions } from '../values/props';
import { IIngressGateway } from './gateway-reference';
import { AttachedSources, knownServicesOf, ModelledGateway } from './sources';
import { definedFields, extended } from '../model/objects';

/** A listener (Gateway API) or server (Istio API) of a gateway another team runs. */
export interface GatewayListener {
  /**
   * The listener's name (Gateway API `sectionName`; the server's port name with the Istio API).
   * @default - `http`, `https`, `http-<port>`... as this library names its own
   */
  readonly name?: string;
  /**
   * The port.
   * @default - 80 for HTTP, 443 for HTTPS and TLS
   */
  readonly port?: number;
  /**
   * The protocol (TLS: passthrough).
   * @default ListenerProtocol.HTTP
   */
  readonly protocol?: ListenerProtocol;
  /**
   * The host it serves: a DNS name, a wildcard such as `*.example.com`, or `*`.
   * @default "*"
   */
  readonly hostname?: string;
  /**
   * Gateway API: which namespaces may attach routes to it.
   * @default AllowedRoutes.sameNamespace()
   */
  readonly allowedRoutes?: AllowedRoutes;
}

/** Options of `IngressGateway.fromGatewayName()`. */
export interface GatewayImportOptions {
  /** Name of the Gateway (Istio API, Gateway API); with Kubernetes Ingress, a name for messages. */
  readonly name: string;
  /** Namespace of the Gateway. */
  readonly namespace: string;
  /**
   * The API the gateway is configured with. With Kubernetes Ingress, give
   * the class the gateway serves: `IngressApi.kubernetesIngress({ ingressClassName, createIngressClass: false })`.
   * @default IngressApi.istio()
   */
  readonly api?: IngressApi;
  /**
   * Istio API and Kubernetes Ingress: the namespace of the gateway's proxy pods,
   * where Istio reads TLS credentials.
   * @default - the Gateway's namespace
   */
  readonly proxyNamespace?: string;
  /**
   * Labels of the gateway's proxy pods, e.g. `{ istio: 'ingressgateway' }`, for
   * NetworkPolicies that admit only them (`HttpbinApp.allowIngressFrom`).
   * @default - unknown
   */
  readonly proxySelector?: { [key: string]: string };
  /**
   * Gateway API: the listener routes attach to (`parentRefs[].sectionName`).
   * @default - the listeners declared for the route's hosts, or the whole Gateway
   */
  readonly sectionName?: string;
  /**
   * The listeners (Gateway API) or servers (Istio API) the gateway has, as far
   * as you want them checked: a route for a host none serves, or from a
   * namespace no listener accepts, then fails at synth time.
   * @default - unknown: hosts and namespaces are not checked
   */
  readonly listeners?: GatewayListener[];
  /**
   * DNS suffix of the cluster.
   * @default "cluster.local"
   */
  readonly clusterDomain?: string;
}

const GATEWAY_IMPORT_OPTIONS = propNames<GatewayImportOptions>({
  name: true,
  namespace: true,
  api: true,
  proxyNamespace: true,
  proxySelector: true,
  sectionName: true,
  listeners: true,
  clusterDomain: true,
});
const GATEWAY_LISTENER = propNames<GatewayListener>({ name: true, port: true, protocol: true, hostname: true, allowedRoutes: true });

const DEFAULT_PORTS: Readonly<Record<ListenerProtocol, number>> = { [ListenerProtocol.HTTP]: 80, [ListenerProtocol.HTTPS]: 443, [ListenerProtocol.TLS]: 443 };

/**
 * A gateway another team runs, known by name: routes and TLS attach to it and
 * are rendered; the gateway itself (its proxy, listeners and certificates
 * references) is not.
 */
export class ImportedGateway extends Construct implements IIngressGateway, ModelledGateway {
  public readonly name: string;
  public readonly namespace: string;
  public readonly api: IngressApi;
  public readonly clusterDomain: string;
  public readonly proxyNamespace: string;
  public readonly proxySelector?: { [key: string]: string };
  public readonly credentialNamespace: string;
  private readonly settingsModel: Partial<GatewayModel>;
  private readonly declared?: ListenerModel[];

  constructor(scope: Construct, id: string, options: GatewayImportOptions) {
    super(scope, id);
    requireOptions(this, 'options', options, 'GatewayImportOptions with the name and namespace of the Gateway');
    checkKnownKeys(this, '', options, GATEWAY_IMPORT_OPTIONS);
    this.name = objectName(this, options.name ?? invalid(this, 'name', 'is required: the name of the existing Gateway'));
    this.namespace = checkNamespace(this, 'namespace', options.namespace ?? invalid(this, 'namespace', 'is required: the namespace of the existing Gateway'));
    this.api = options.api ?? IngressApi.istio();
    if (!(this.api instanceof IngressApi)) invalid(this, 'api', 'expected an IngressApi (IngressApi.istio(), ...)');
    this.clusterDomain = options.clusterDomain ?? 'cluster.local';
    const domainProblem = checkDnsSubdomain(this.clusterDomain);
    if (domainProblem) invalid(this, 'clusterDomain', `${show(this.clusterDomain)} ${domainProblem}`);
    this.proxyNamespace = checkNamespace(this, 'proxyNamespace', options.proxyNamespace ?? this.namespace);
    if (options.proxySelector !== undefined) this.proxySelector = { ...checkLabels(this, 'proxySelector', options.proxySelector) };
    this.credentialNamespace = API_TRAITS[this.api.kind].credentialsInProxyNamespace ? this.proxyNamespace : this.namespace;

    const settings = this.api._settings(this, 'api');
    if (settings.kubernetesIngress?.createIngressClass && options.api !== undefined) {
      invalid(this, 'api.createIngressClass', 'the IngressClass belongs to whoever runs the gateway; set createIngressClass: false');
    }
    let gatewayApi = settings.gatewayApi;
    if (options.sectionName !== undefined) {
      if (this.api.kind !== IngressApiKind.GATEWAY_API) invalid(this, 'sectionName', 'only Gateway API routes name the listener they attach to');
      const problem = checkDnsSubdomain(options.sectionName);
      if (problem) invalid(this, 'sectionName', `${show(options.sectionName)} ${problem}`);
      gatewayApi = extended(gatewayApi ?? {}, { sectionName: options.sectionName });
    }
    this.settingsModel = definedFields({
      gatewayApi,
      kubernetesIngress: settings.kubernetesIngress ? extended(settings.kubernetesIngress, { createIngressClass: false }) : undefined,
    });
    if (options.listeners !== undefined) this.declared = this.listeners(options.listeners, options.sectionName);
  }

  /** @internal */
  public _gatewayModel(attached: AttachedSources): GatewayModel {
    return {
      source: this.node.path,
      api: this.api.kind,
      ...this.settingsModel,
      name: this.name,
      namespace: this.namespace,
      managed: false,
      proxy: { mode: ProxyMode.EXISTING, namespace: this.proxyNamespace, selector: { ...this.proxySelector } },
      listeners: this.declared ?? [],
      routes: attached.routes,
      tls: attached.tls,
      clusterDomain: this.clusterDomain,
      knownNamespaces: attached.knownNamespaces,
      ...knownServicesOf(attached),
    };
  }

  private listeners(listeners: GatewayListener[], sectionName: string | undefined): ListenerModel[] {
    if (!Array.isArray(listeners)) invalid(this, 'listeners', `expected a list of GatewayListener, received ${show(listeners)}`);
    if (listeners.length === 0) invalid(this, 'listeners', 'lists no listener, but a Gateway has at least one: declare the listeners routes attach to, or leave listeners unset when they are not known');
    const declared = listeners.map((listener, i) => {
      const at = `listeners[${i}]`;
      requireOptions(this, at, listener, 'GatewayListener');
      checkKnownKeys(this, at, listener, GATEWAY_LISTENER);
      const protocol = listener.protocol ?? ListenerProtocol.HTTP;
      if (!Object.values(ListenerProtocol).includes(protocol)) invalid(this, `${at}.protocol`, `${show(protocol)} is not a listener protocol; use ListenerProtocol.HTTP, HTTPS or TLS`);
      const port = listener.port ?? DEFAULT_PORTS[protocol];
      const portProblem = checkPort(port);
      if (portProblem) invalid(this, `${at}.port`, `${show(port)} ${portProblem}`);
      const hostname = listener.hostname ?? '*';
      const hostProblem = checkHostname(hostname);
      if (hostProblem) invalid(this, `${at}.hostname`, `${show(hostname)} ${hostProblem}`);
      if (listener.name !== undefined) {
        const nameProblem = checkDnsSubdomain(listener.name);
        if (nameProblem) invalid(this, `${at}.name`, `${show(listener.name)} ${nameProblem}`);
      }
      const allowedRoutes = listener.allowedRoutes === undefined ? undefined : allowedRoutesToModel(this, `${at}.allowedRoutes`, listener.allowedRoutes);
      return { listener, port, protocol, hostname, allowedRoutes };
    });
    // Listeners without a name get the names this library gives its own.
    const named = deriveListeners(declared.map(({ port, protocol, hostname }) => ({ port, protocol, hostname, source: this.node.path }))).listeners;
    const byKey = new Map(named.map((l) => [`${l.port}|${l.protocol}|${l.hostname}`, l.name]));
    const result = declared.map(({ listener, port, protocol, hostname, allowedRoutes }): ListenerModel => ({
      name: listener.name ?? byKey.get(`${port}|${protocol}|${hostname}`)!,
      port,
      protocol,
      hostname,
      ...(allowedRoutes ? { allowedRoutes } : {}),
    }));
    const names = new Set<string>();
    result.forEach((l, i) => {
      if (names.has(l.name)) invalid(this, `listeners[${i}].name`, `${show(l.name)} is used by two listeners; listener names are unique within a Gateway`);
      names.add(l.name);
    });
    if (sectionName !== undefined && !names.has(sectionName)) {
      invalid(this, 'sectionName', `${show(sectionName)} is none of the declared listeners (${[...names].join(', ')}); name one of them, or declare it`);
    }
    return result;
  }
}
