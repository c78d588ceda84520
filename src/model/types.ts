/**
 * The route model: plain, JSON-serialisable data describing a gateway and
 * everything routed through it, independent of the API that renders it.
 *
 * Constructs build it; one renderer per API (Istio API, Gateway API,
 * Kubernetes Ingress) turns it into manifests; checks and tools (conflict
 * detection, a route explainer, an in-cluster operator) read it without
 * needing constructs. Constructs validate every value they put in; models
 * built by hand go through `validateGateway()` (the same checks) before
 * rendering.
 */

/** The API a gateway is configured with. */
export enum IngressApiKind {
  /** Istio's own `networking.istio.io` Gateway and VirtualService. */
  ISTIO = 'istio',
  /** The Kubernetes Gateway API (`gateway.networking.k8s.io`) as implemented by Istio. */
  GATEWAY_API = 'gateway-api',
  /** Kubernetes `Ingress` objects handled by Istio's ingress controller. */
  KUBERNETES_INGRESS = 'kubernetes-ingress',
}

/** How the gateway's proxy pods come to exist. */
export enum ProxyMode {
  /** This library deploys the proxy (what Istio's gateway Helm chart renders). */
  BUNDLED = 'bundled',
  /** A proxy installed by other means is selected by its labels; nothing is deployed. */
  EXISTING = 'existing',
  /** Istio deploys the proxy for a Gateway API Gateway (`<gateway>-istio`). */
  AUTOMATED = 'automated',
}

/** The protocol a listener accepts. */
export enum ListenerProtocol {
  HTTP = 'HTTP',
  HTTPS = 'HTTPS',
  TLS = 'TLS',
}

/** How a listener handles TLS. */
export enum TlsMode {
  /** Terminate TLS with a server certificate. */
  SIMPLE = 'SIMPLE',
  /** Terminate TLS and require a client certificate signed by a given CA. */
  MUTUAL = 'MUTUAL',
  /** Terminate TLS and verify a client certificate when one is presented. */
  OPTIONAL_MUTUAL = 'OPTIONAL_MUTUAL',
  /** Do not terminate: route the TLS stream by SNI to a backend that terminates it. */
  PASSTHROUGH = 'PASSTHROUGH',
}

/** TLS protocol versions a listener can require at least. */
export enum TlsVersion {
  TLS_1_2 = 'TLSV1_2',
  TLS_1_3 = 'TLSV1_3',
}

/** The kind of path match. */
export enum PathMatchType {
  PREFIX = 'PathPrefix',
  EXACT = 'Exact',
  REGEX = 'RegularExpression',
}

/** The kind of string match on a header or query parameter. */
export enum StringMatchType {
  EXACT = 'Exact',
  REGEX = 'RegularExpression',
}

/** The type of the Service in front of a proxy. */
export type ServiceTypeModel = 'LoadBalancer' | 'NodePort' | 'ClusterIP';

/** Requests and limits of a container, as Kubernetes quantities (`100m`, `128Mi`). */
export interface ResourcesModel {
  readonly cpuRequest: string;
  readonly cpuLimit: string;
  readonly memoryRequest: string;
  readonly memoryLimit: string;
  /**
   * Local ephemeral storage (the writable layer, logs, emptyDir) the container requests.
   * @default - none requested
   */
  readonly ephemeralStorageRequest?: string;
  /**
   * Local ephemeral storage past which the kubelet evicts the pod.
   * @default - no limit
   */
  readonly ephemeralStorageLimit?: string;
}

/** Autoscaling of the bundled proxy on CPU. */
export interface AutoscalingModel {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly targetCpuUtilizationPercent: number;
}

/** A PodDisruptionBudget: exactly one of the two is set. */
export interface DisruptionBudgetModel {
  /** @default - not set; then `maxUnavailable` is */
  readonly minAvailable?: number;
  /** @default - not set; then `minAvailable` is */
  readonly maxUnavailable?: number;
}

/** Where the bundled proxy may open connections. */
export interface EgressModel {
  /** Only to pods of the cluster and to DNS. */
  readonly clusterOnly: boolean;
  /**
   * CIDRs allowed besides the cluster.
   * @default - none
   */
  readonly cidrs?: readonly string[];
}

/** The NetworkPolicy of the bundled proxy. */
export interface ProxyNetworkPolicyModel {
  /**
   * Source CIDRs allowed to reach the listener ports.
   * @default - any source
   */
  readonly sourceCidrs?: readonly string[];
  /**
   * Egress restrictions.
   * @default - egress is not restricted
   */
  readonly egress?: EgressModel;
}

/** The proxy deployment this library renders (what Istio's `gateway` Helm chart renders). */
export interface BundledProxyModel {
  /** Name of the Deployment, Service, ServiceAccount and RBAC objects. */
  readonly name: string;
  /** Labels the Deployment and Service select the pods by (`app`, `istio`). */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /**
   * A fixed number of replicas.
   * @default - autoscaled (see `autoscaling`)
   */
  readonly replicas?: number;
  /**
   * Autoscaling, unless `replicas` is set.
   * @default - none (with `replicas`)
   */
  readonly autoscaling?: AutoscalingModel;
  /** @default - no PodDisruptionBudget */
  readonly podDisruptionBudget?: DisruptionBudgetModel;
  readonly resources: ResourcesModel;
  /** @default - none */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
  /** @default - not restricted */
  readonly loadBalancerSourceRanges?: readonly string[];
  /** Whether the proxy reads TLS credentials itself, and so needs a Role on Secrets. */
  readonly readsSecrets: boolean;
  /** @default - no NetworkPolicy */
  readonly networkPolicy?: ProxyNetworkPolicyModel;
}

export interface ProxyModel {
  readonly mode: ProxyMode;
  /** Namespace the proxy pods run in: where Istio reads TLS credentials for the Istio API and Ingress. */
  readonly namespace: string;
  /** Labels the gateway selects proxy pods by (Istio API and Ingress). */
  readonly selector: Readonly<Record<string, string>>;
  /**
   * The Service in front of the proxy, when known.
   * @default - unknown (an existing proxy named by labels only)
   */
  readonly serviceName?: string;
  /**
   * Labels of the pods this library deploys (bundled proxies only).
   * @default - not deployed by this library
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /**
   * Type of the proxy Service (bundled), or the type Istio gives the Service of an automated proxy.
   * @default "LoadBalancer"
   */
  readonly serviceType?: ServiceTypeModel;
  /**
   * What the bundled proxy's objects look like (mode `bundled` only).
   * @default - nothing is deployed
   */
  readonly bundled?: BundledProxyModel;
}

/** A Secret or ConfigMap holding TLS material. */
export interface CredentialRefModel {
  readonly kind: 'Secret' | 'ConfigMap';
  readonly name: string;
  readonly namespace: string;
}

/** TLS settings of an HTTPS or TLS listener. */
export interface ListenerTlsModel {
  readonly mode: TlsMode;
  /**
   * `kubernetes.io/tls` Secret with the server certificate (every mode but passthrough).
   * @default - none (passthrough)
   */
  readonly certificate?: CredentialRefModel;
  /**
   * Where the CA that verifies client certificates is (mutual modes): a
   * separate Secret or ConfigMap with `ca.crt`, or undefined when the
   * certificate Secret itself carries `ca.crt`.
   * @default - `ca.crt` of the certificate Secret, or no client verification (SIMPLE)
   */
  readonly clientCa?: CredentialRefModel;
  readonly minProtocolVersion: TlsVersion;
  /**
   * Allowed cipher suites; undefined leaves Envoy's secure defaults.
   * @default - Envoy's secure defaults
   */
  readonly cipherSuites?: readonly string[];
}

export interface ListenerModel {
  /** Unique within the gateway; a valid Gateway API section name. */
  readonly name: string;
  readonly port: number;
  readonly protocol: ListenerProtocol;
  /** The host served, `*` for any host. */
  readonly hostname: string;
  /**
   * TLS settings (HTTPS and TLS listeners).
   * @default - plain HTTP
   */
  readonly tls?: ListenerTlsModel;
  /**
   * An HTTP listener that answers every request with a redirect to HTTPS.
   * @default false
   */
  readonly httpsRedirect?: boolean;
  /**
   * Construct path of whoever configured the TLS settings or the redirect.
   * @default - derived from the routes alone
   */
  readonly configuredBy?: string;
  /**
   * Gateway API: which namespaces may attach routes to this listener, when it
   * differs from the gateway's setting (a listener of an imported Gateway).
   * @default - the gateway's `gatewayApi.allowedRoutes`
   */
  readonly allowedRoutes?: AllowedRoutesModel;
}

export interface PathMatchModel {
  readonly type: PathMatchType;
  readonly value: string;
}

export interface StringMatchModel {
  readonly name: string;
  readonly type: StringMatchType;
  readonly value: string;
}

/** One way a request can match a rule; every condition present must hold. */
export interface MatchModel {
  /** @default - any path */
  readonly path?: PathMatchModel;
  /** @default - no header condition */
  readonly headers?: readonly StringMatchModel[];
  /** @default - no query parameter condition */
  readonly queryParams?: readonly StringMatchModel[];
  /**
   * Upper-case HTTP method.
   * @default - any method
   */
  readonly method?: string;
}

export interface BackendRefModel {
  /** Service name. */
  readonly name: string;
  readonly namespace: string;
  /**
   * Service port number; absent only when the port is known by name alone (Ingress).
   * @default - only the port name is known (Ingress)
   */
  readonly port?: number;
  /**
   * Service port name, when known.
   * @default - unknown
   */
  readonly portName?: string;
  /**
   * Share of the rule's requests when a rule splits traffic: for HTTP rules a
   * percentage, the weights of a rule adding up to 100.
   * @default - all of the rule's requests (a single backend)
   */
  readonly weight?: number;
}

/** How a path is changed on a rewrite or redirect. */
export enum PathModifierType {
  /** The whole path becomes the value. */
  FULL_PATH = 'ReplaceFullPath',
  /** The path prefix the rule matched becomes the value; the rest of the path is kept. */
  PREFIX_MATCH = 'ReplacePrefixMatch',
}

export interface PathModifierModel {
  readonly type: PathModifierType;
  readonly value: string;
}

/** Retries of a forwarded request. */
export interface RetryModel {
  /** Retries after the first attempt; 0 turns retries off. */
  readonly attempts: number;
  /**
   * Time allowed for each attempt, as a duration string.
   * @default - the request timeout applies to all attempts together
   */
  readonly perTryTimeout?: string;
  /**
   * Envoy retry conditions (`5xx`, `connect-failure`, a status code such as `503`, ...); absent means Istio's defaults.
   * @default - Istio's default conditions
   */
  readonly retryOn?: readonly string[];
}

/** Changes to the request before it is forwarded. */
export interface RewriteModel {
  /** @default - the path is kept */
  readonly path?: PathModifierModel;
  /**
   * The Host header sent to the backend.
   * @default - the Host header is kept
   */
  readonly hostname?: string;
}

/** An answer redirecting the client instead of forwarding the request. */
export interface RedirectModel {
  /** @default - the request's scheme */
  readonly scheme?: 'http' | 'https';
  /** @default - the request's host */
  readonly hostname?: string;
  /**
   * The port in the Location; absent means the scheme's default port when a scheme is set, else the request's port
   * (the Gateway API's rule, which the Istio renderer spells out with `derivePort`).
   * @default - the scheme's default port when a scheme is set, else the request's port
   */
  readonly port?: number;
  /** @default - the request's path */
  readonly path?: PathModifierModel;
  readonly statusCode: number;
}

export interface HeaderValueModel {
  /** Lower-case header name. */
  readonly name: string;
  readonly value: string;
}

/** Headers set (replacing any value), added (appended to any value) or removed. */
export interface HeaderModifierModel {
  /** @default - none */
  readonly set?: readonly HeaderValueModel[];
  /** @default - none */
  readonly add?: readonly HeaderValueModel[];
  /**
   * Lower-case header names.
   * @default - none
   */
  readonly remove?: readonly string[];
}

/** A copy of each request sent, response ignored, to another backend. */
export interface MirrorModel {
  readonly backend: BackendRefModel;
  /**
   * Percentage of requests copied (0 to 100, at most 4 decimals); absent means all.
   * @default 100
   */
  readonly percentage?: number;
}

/** A Cross-Origin Resource Sharing policy answered by the gateway. */
export interface CorsModel {
  /** Origins (`https://app.example.com`, with an optional port) or `*`. */
  readonly allowOrigins: readonly string[];
  /** @default - none */
  readonly allowMethods?: readonly string[];
  /** @default - none */
  readonly allowHeaders?: readonly string[];
  /** @default - none */
  readonly exposeHeaders?: readonly string[];
  /** @default false */
  readonly allowCredentials?: boolean;
  /**
   * How long browsers may cache a preflight answer, in whole seconds.
   * @default - the API's default
   */
  readonly maxAgeSeconds?: number;
}

/** Faults injected into matching requests, for testing resilience. */
export interface FaultModel {
  /** @default - no delay */
  readonly delay?: { readonly fixedDelay: string; readonly percentage: number };
  /** @default - no abort */
  readonly abort?: { readonly httpStatus: number; readonly percentage: number };
}

/** A response the gateway sends itself, without any backend. */
export interface DirectResponseModel {
  readonly status: number;
  /** @default - an empty body */
  readonly body?: string;
}

export interface HttpRuleModel {
  /**
   * Optional name, rendered where the API has one.
   * @default - unnamed
   */
  readonly name?: string;
  /** A request matching any of these matches the rule; empty means every request. */
  readonly matches: readonly MatchModel[];
  /** Where requests are forwarded; empty when the rule redirects or responds directly. */
  readonly backends: readonly BackendRefModel[];
  /**
   * Request timeout as a duration string (`4s`, `1m30s`, `250ms`).
   * @default - the proxy's defaults
   */
  readonly timeout?: string;
  /** @default - Istio's default retries (2, on connect-failure, refused-stream, unavailable, cancelled and 503), which istiod applies to routes of every API */
  readonly retries?: RetryModel;
  /** @default - forwarded unchanged */
  readonly rewrite?: RewriteModel;
  /** @default - not a redirect */
  readonly redirect?: RedirectModel;
  /** @default - unchanged */
  readonly requestHeaders?: HeaderModifierModel;
  /** @default - unchanged */
  readonly responseHeaders?: HeaderModifierModel;
  /** @default - not mirrored */
  readonly mirrors?: readonly MirrorModel[];
  /** @default - no CORS policy */
  readonly cors?: CorsModel;
  /** @default - no fault injected */
  readonly fault?: FaultModel;
  /** @default - forwarded to the backends */
  readonly directResponse?: DirectResponseModel;
}

export interface RouteModel {
  /** Construct path of the route's owner, for messages and explanations. */
  readonly source: string;
  readonly name: string;
  readonly namespace: string;
  /** Hosts the route answers for; `*` for any host. */
  readonly hosts: readonly string[];
  /** The gateway port the route is served on. */
  readonly port: number;
  readonly rules: readonly HttpRuleModel[];
  /**
   * Labels and annotations of every object the route emits.
   * @default - none
   */
  readonly metadata?: MetadataModel;
}

/** TLS material a TlsIngress creates, in the order its objects are emitted. */
export type CredentialModel =
  /** A `kubernetes.io/tls` Secret from PEM (`ca.crt` added for the Istio API's mutual TLS). */
  | { readonly type: 'tls-secret'; readonly name: string; readonly namespace: string; readonly certificatePem: string; readonly privateKeyPem: string; readonly caPem?: string }
  /** An Opaque Secret with `ca.crt` (client CA, Istio API). */
  | { readonly type: 'ca-secret'; readonly name: string; readonly namespace: string; readonly caPem: string }
  /** A ConfigMap with `ca.crt` (client CA, Gateway API). */
  | { readonly type: 'ca-configmap'; readonly name: string; readonly namespace: string; readonly caPem: string }
  /** A cert-manager Certificate (and, for `selfSigned`, the Issuer it is signed by) writing the Secret `name`. */
  | {
      readonly type: 'cert-manager';
      readonly name: string;
      readonly namespace: string;
      readonly dnsNames: readonly string[];
      readonly issuer: { readonly kind: 'Issuer' | 'ClusterIssuer'; readonly name: string; readonly selfSigned?: boolean };
      readonly duration?: string;
      readonly renewBefore?: string;
    };

/** What a TlsIngress asks of a gateway. */
export interface TlsSourceModel {
  readonly source: string;
  readonly name: string;
  readonly namespace: string;
  readonly hosts: readonly string[];
  /** The TLS port (HTTPS, or TLS for passthrough). */
  readonly port: number;
  readonly tls: ListenerTlsModel;
  /**
   * The plain HTTP port redirected to HTTPS, when the redirect is on.
   * @default - no redirect
   */
  readonly redirectFromPort?: number;
  /**
   * Passthrough only: where TLS connections go.
   * @default - none (TLS is terminated at the gateway)
   */
  readonly backends?: readonly BackendRefModel[];
  /**
   * Secrets, ConfigMaps and cert-manager objects this TLS source creates.
   * @default - none (the credentials exist already)
   */
  readonly credentials?: readonly CredentialModel[];
  /**
   * Labels and annotations of every object the TLS source emits.
   * @default - none
   */
  readonly metadata?: MetadataModel;
  /**
   * The routes for the hosts are attached by other programs, so none of the
   * model's routes needs to serve them.
   * @default false
   */
  readonly routesAttachedElsewhere?: boolean;
}

/** Who may attach routes to a Gateway API listener. */
export interface AllowedRoutesModel {
  readonly from: 'Same' | 'All' | 'Selector';
  /** @default - none (`Same` and `All`) */
  readonly matchLabels?: Readonly<Record<string, string>>;
}

/** Settings of the Gateway API flavour. */
export interface GatewayApiSettingsModel {
  /** @default "istio" */
  readonly gatewayClassName?: string;
  /** @default - from: Same */
  readonly allowedRoutes?: AllowedRoutesModel;
  /** @default - none */
  readonly infrastructureLabels?: Readonly<Record<string, string>>;
  /** @default - none */
  readonly infrastructureAnnotations?: Readonly<Record<string, string>>;
  /**
   * Imported gateways: the listener routes attach to (`parentRefs[].sectionName`).
   * @default - the listeners that serve the route's hosts, or the whole Gateway
   */
  readonly sectionName?: string;
}

/** Settings of the Kubernetes Ingress flavour. */
export interface KubernetesIngressSettingsModel {
  /** @default "istio" */
  readonly ingressClassName?: string;
  /** @default false */
  readonly classAnnotation?: boolean;
  /** @default - true unless `classAnnotation` */
  readonly createIngressClass?: boolean;
  /** @default false */
  readonly defaultClass?: boolean;
  /** @default "ingressgateway" */
  readonly ingressSelector?: string;
}

/** Metadata a construct adds to the objects it emits. */
export interface MetadataModel {
  /** @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface GatewayModel {
  /** Construct path of the gateway (the owner of the gateway-level objects). */
  readonly source: string;
  readonly api: IngressApiKind;
  /**
   * Gateway API settings.
   * @default - the defaults of each field
   */
  readonly gatewayApi?: GatewayApiSettingsModel;
  /**
   * Kubernetes Ingress settings.
   * @default - the defaults of each field
   */
  readonly kubernetesIngress?: KubernetesIngressSettingsModel;
  /** Name of the Gateway object (Istio API and Gateway API). */
  readonly name: string;
  readonly namespace: string;
  /**
   * Whether this gateway is rendered here. An imported gateway (`false`),
   * run by another team, only gets the routes and TLS objects attached to it.
   * @default true
   */
  readonly managed?: boolean;
  /**
   * Labels and annotations of the Gateway object (Kubernetes Ingress: of the IngressClass).
   * @default - none
   */
  readonly metadata?: MetadataModel;
  /**
   * The Namespace object to create for the gateway, with its labels.
   * @default - the namespace is not created here
   */
  readonly createNamespace?: { readonly labels: Readonly<Record<string, string>> };
  readonly proxy: ProxyModel;
  /**
   * Hosts the gateway is restricted to.
   * @default - every host exposed through it
   */
  readonly hosts?: readonly string[];
  /**
   * The listeners: derived from the hosts, routes and TLS of a managed gateway
   * (see `deriveGatewayListeners`), declared for an imported one.
   * @default - derived (managed gateways), unknown (imported ones)
   */
  readonly listeners?: readonly ListenerModel[];
  readonly routes: readonly RouteModel[];
  /** What each TlsIngress asked of the gateway (passthrough routes among them). */
  readonly tls: readonly TlsSourceModel[];
  /** DNS suffix of the cluster, used for fully-qualified Service names. */
  readonly clusterDomain: string;
  /**
   * Labels of namespaces known to the program (created by it), by name, for
   * checks such as the Gateway API's `allowedRoutes` selectors.
   * @default - none known
   */
  readonly knownNamespaces?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * Services the program defines, by `namespace/name`, with their ports: a
   * backend on one of them must use one of its ports (checked). Services not
   * listed are not checked.
   * @default - none known
   */
  readonly knownServices?: Readonly<Record<string, KnownServiceModel>>;
}

/** A port of a Service the program defines. */
export interface KnownServicePortModel {
  readonly port: number;
  /** @default - unnamed */
  readonly name?: string;
}

/** A Service the program defines, as far as the checks need it. */
export interface KnownServiceModel {
  readonly ports: readonly KnownServicePortModel[];
  /**
   * Construct path (or other origin) of the Service, for messages.
   * @default - not named in messages
   */
  readonly source?: string;
}

/** A gateway model whose listeners are known: what checks and renderers read. */
export interface ResolvedGatewayModel extends GatewayModel {
  readonly listeners: readonly ListenerModel[];
}
