// The custom resources of operator mode, written once: `npm run generate-crds`
// turns these interfaces into the CRDs' OpenAPI schemas (src/operator/generated/),
// and src/operator/decode.ts turns objects of these shapes into construct props.
//
// Each spec mirrors the props of its construct one to one, in JSON:
// durations are strings such as `4s` or `1m30s`, percentages are numbers, enums
// are their string values, backends are Services by name, and a factory class
// (`GatewayProxy.bundled()`, `PathMatch.prefix()`, ...) becomes an object with
// exactly one key, named after the factory, holding the factory's arguments.
// `metadata.name` is the construct id (so the default object name) and
// `metadata.namespace` the namespace of the construct's objects; props that
// cannot apply to a resource reconciled in the cluster are left out: PEM
// material (a custom resource is no place for a private key), and a gateway's
// `createNamespace` / `namespaceLabels` (its namespace exists: the resource is
// in it).
//
// Tags the generator reads: `@minimum`, `@maximum`, `@minLength`, `@maxLength`,
// `@minItems`, `@maxItems`, `@pattern` become the JSON Schema keywords,
// `@asType integer` an integer, `@celRule` the CRD's `x-kubernetes-validations`
// (cheap rules that catch a mistake at `kubectl apply`; everything else is
// checked by the constructs and reported in status), `@listType` the
// `x-kubernetes-list-type`, `@preserveUnknownFields` an object kept as is.
// `@default` documents what absence means, as in the construct props; it never
// becomes a schema default (the constructs apply their own defaults).

import { IngressApiKind, ListenerProtocol, TlsMode, TlsVersion } from '../model/types';
import { HttpMethod } from '../values/match';
import { RedirectScheme } from '../values/request-redirect';

/** Types of the proxy Service a gateway can have. */
export enum ProxyServiceType {
  LOAD_BALANCER = 'LoadBalancer',
  NODE_PORT = 'NodePort',
  CLUSTER_IP = 'ClusterIP',
}

/** Reference to the IngressGateway custom resource a service or TLS configuration is attached to. */
export interface GatewayRefSpec {
  /**
   * Name of the IngressGateway.
   * @minLength 1
   * @maxLength 63
   */
  readonly name: string;
  /**
   * Namespace of the IngressGateway.
   * @default - the namespace of this resource
   * @minLength 1
   * @maxLength 63
   */
  readonly namespace?: string;
}

/** A Service port to route to (`Backend.fromServiceName()`). */
export interface BackendSpec {
  /**
   * Name of the Service.
   * @minLength 1
   * @maxLength 63
   */
  readonly serviceName: string;
  /**
   * Namespace of the Service.
   * @default - the namespace of this resource
   * @minLength 1
   * @maxLength 63
   */
  readonly namespace?: string;
  /**
   * Service port number. Required by the Istio API and the Gateway API.
   * @default - none; then `portName` is required (Kubernetes Ingress only)
   * @asType integer
   * @minimum 1
   * @maximum 65535
   */
  readonly port?: number;
  /**
   * Service port name; Istio detects the protocol from it (`http`, `http-<suffix>`, `grpc`, ...).
   * @default - not declared
   * @maxLength 15
   */
  readonly portName?: string;
  /**
   * The port's `appProtocol`, if the Service declares one.
   * @default - not declared
   * @maxLength 253
   */
  readonly appProtocol?: string;
}

/** No options: the key alone selects the factory. */
export interface NoOptionsSpec {}

// --- IngressGateway --------------------------------------------------------------------------

/**
 * The API the gateway and its routes are configured with (`IngressApi`): set exactly one key.
 * @celRule [{"rule": "[has(self.istio), has(self.gatewayApi), has(self.kubernetesIngress)].filter(x, x).size() == 1", "message": "set exactly one of istio, gatewayApi and kubernetesIngress"}]
 */
export interface IngressApiSpec {
  /**
   * Istio's own networking.istio.io Gateway and VirtualService (`IngressApi.istio()`).
   * @default - unset (set exactly one key of this object)
   */
  readonly istio?: NoOptionsSpec;
  /**
   * The Kubernetes Gateway API (`IngressApi.gatewayApi()`).
   * @default - unset (set exactly one key of this object)
   */
  readonly gatewayApi?: GatewayApiSpec;
  /**
   * Kubernetes Ingress served by Istio (`IngressApi.kubernetesIngress()`).
   * @default - unset (set exactly one key of this object)
   */
  readonly kubernetesIngress?: KubernetesIngressSpec;
}

/**
 * Which namespaces may attach routes to the Gateway's listeners (`AllowedRoutes`): set exactly one key.
 * @celRule [{"rule": "[has(self.sameNamespace), has(self.allNamespaces), has(self.namespacesWithLabels)].filter(x, x).size() == 1", "message": "set exactly one of sameNamespace, allNamespaces and namespacesWithLabels"}]
 */
export interface AllowedRoutesSpec {
  /**
   * Only routes in the Gateway's namespace.
   * @default - unset (set exactly one key of this object)
   */
  readonly sameNamespace?: NoOptionsSpec;
  /**
   * Routes from every namespace.
   * @default - unset (set exactly one key of this object)
   */
  readonly allNamespaces?: NoOptionsSpec;
  /**
   * Routes from namespaces carrying all of these labels (`AllowedRoutes.fromNamespacesWithLabels()`).
   * @minProperties 1
   * @default - unset (set exactly one key of this object)
   */
  readonly namespacesWithLabels?: { [key: string]: string };
}

/** Options of the Gateway API flavour (`GatewayApiOptions`). */
export interface GatewayApiSpec {
  /**
   * The GatewayClass.
   * @default "istio"
   * @maxLength 253
   */
  readonly gatewayClassName?: string;
  /**
   * Which namespaces may attach routes.
   * @default - sameNamespace
   */
  readonly allowedRoutes?: AllowedRoutesSpec;
  /**
   * Labels Istio puts on the resources it creates for the Gateway.
   * @default - none
   */
  readonly infrastructureLabels?: { [key: string]: string };
  /**
   * Annotations Istio puts on the resources it creates for the Gateway.
   * @default - none
   */
  readonly infrastructureAnnotations?: { [key: string]: string };
}

/** Options of the Kubernetes Ingress flavour (`KubernetesIngressOptions`). */
export interface KubernetesIngressSpec {
  /**
   * The Ingress class.
   * @default "istio"
   * @maxLength 253
   */
  readonly ingressClassName?: string;
  /**
   * Whether to create the IngressClass. It is cluster-scoped, which a namespaced resource cannot own: in the cluster set this to false (or use classAnnotation) and create the class once yourself.
   * @default - true, unless classAnnotation is set
   */
  readonly createIngressClass?: boolean;
  /**
   * Whether the IngressClass is the cluster's default.
   * @default false
   */
  readonly defaultClass?: boolean;
  /**
   * Whether Ingresses carry the legacy `kubernetes.io/ingress.class` annotation instead of `spec.ingressClassName`.
   * @default false
   */
  readonly classAnnotation?: boolean;
  /**
   * The mesh config's `ingressSelector`.
   * @default "ingressgateway"
   * @maxLength 63
   */
  readonly ingressSelector?: string;
}

/**
 * Which proxy pods serve the gateway (`GatewayProxy`): set exactly one key.
 * @celRule [{"rule": "[has(self.bundled), has(self.existing), has(self.automated)].filter(x, x).size() == 1", "message": "set exactly one of bundled, existing and automated"}]
 */
export interface GatewayProxySpec {
  /**
   * This library deploys the proxy (`GatewayProxy.bundled()`).
   * @default - unset (set exactly one key of this object)
   */
  readonly bundled?: BundledProxySpec;
  /**
   * A proxy installed by other means, selected by its pod labels (`GatewayProxy.existing()`).
   * @default - unset (set exactly one key of this object)
   */
  readonly existing?: ExistingProxySpec;
  /**
   * Gateway API only: Istio deploys the proxy (`GatewayProxy.automated()`).
   * @default - unset (set exactly one key of this object)
   */
  readonly automated?: NoOptionsSpec;
}

/** Autoscaling of the bundled proxy. */
export interface ProxyAutoscalingSpec {
  /**
   * Fewest replicas.
   * @default 1
   * @asType integer
   * @minimum 1
   */
  readonly minReplicas?: number;
  /**
   * Most replicas.
   * @default 5
   * @asType integer
   * @minimum 1
   */
  readonly maxReplicas?: number;
  /**
   * Average CPU utilisation, in percent of the CPU request, to scale at.
   * @default 80
   * @asType integer
   * @minimum 1
   */
  readonly targetCpuUtilizationPercent?: number;
}

/**
 * A PodDisruptionBudget for the bundled proxy: set exactly one field.
 * @celRule [{"rule": "has(self.minAvailable) != has(self.maxUnavailable)", "message": "set exactly one of minAvailable and maxUnavailable"}]
 */
export interface ProxyDisruptionBudgetSpec {
  /**
   * Pods that must stay available.
   * @default - not set; then maxUnavailable must be
   * @asType integer
   * @minimum 0
   */
  readonly minAvailable?: number;
  /**
   * Pods that may be unavailable.
   * @default - not set; then minAvailable must be
   * @asType integer
   * @minimum 0
   */
  readonly maxUnavailable?: number;
}

/** A request and a limit, as Kubernetes quantities. */
export interface CpuResourcesSpec {
  /**
   * CPU request, in cores (`2`, `0.5`) or millicores (`100m`).
   * @default - 100m
   * @pattern ^([0-9]+(\.[0-9]+)?|[0-9]+m)$
   */
  readonly request?: string;
  /**
   * CPU limit, in cores or millicores.
   * @default - 2000m
   * @pattern ^([0-9]+(\.[0-9]+)?|[0-9]+m)$
   */
  readonly limit?: string;
}

/** A memory request and limit, in Ki, Mi, Gi or Ti. */
export interface MemoryResourcesSpec {
  /**
   * Memory request (`128Mi`, `1Gi`).
   * @default - 128Mi
   * @pattern ^[0-9]+(Ki|Mi|Gi|Ti)$
   */
  readonly request?: string;
  /**
   * Memory limit.
   * @default - 1024Mi
   * @pattern ^[0-9]+(Ki|Mi|Gi|Ti)$
   */
  readonly limit?: string;
}

/** Local ephemeral storage (writable layer, logs, emptyDir), in Ki, Mi, Gi or Ti. */
export interface EphemeralStorageResourcesSpec {
  /**
   * Ephemeral storage request (`512Mi`, `2Gi`).
   * @default - none
   * @pattern ^[0-9]+(Ki|Mi|Gi|Ti)$
   */
  readonly request?: string;
  /**
   * Ephemeral storage limit, past which the kubelet evicts the pod.
   * @default - none
   * @pattern ^[0-9]+(Ki|Mi|Gi|Ti)$
   */
  readonly limit?: string;
}

/** Container resources of the proxy. */
export interface ResourcesSpec {
  /**
   * CPU request and limit.
   * @default - 100m and 2000m
   */
  readonly cpu?: CpuResourcesSpec;
  /**
   * Memory request and limit.
   * @default - 128Mi and 1024Mi
   */
  readonly memory?: MemoryResourcesSpec;
  /**
   * Ephemeral storage request and limit.
   * @default - none
   */
  readonly ephemeralStorage?: EphemeralStorageResourcesSpec;
}

/**
 * Where the proxy may open connections (`ProxyEgress`): set exactly one key.
 * @celRule [{"rule": "[has(self.allowAll), has(self.clusterOnly), has(self.clusterAndCidrs)].filter(x, x).size() == 1", "message": "set exactly one of allowAll, clusterOnly and clusterAndCidrs"}]
 */
export interface ProxyEgressSpec {
  /**
   * No restriction.
   * @default - unset (set exactly one key of this object)
   */
  readonly allowAll?: NoOptionsSpec;
  /**
   * Only pods of the cluster, and DNS.
   * @default - unset (set exactly one key of this object)
   */
  readonly clusterOnly?: NoOptionsSpec;
  /**
   * Like clusterOnly, plus these CIDRs.
   * @minItems 1
   * @maxItems 64
   * @default - unset (set exactly one key of this object)
   */
  readonly clusterAndCidrs?: string[];
}

/** A NetworkPolicy for the bundled proxy's pods (`ProxyNetworkPolicy`). */
export interface ProxyNetworkPolicySpec {
  /**
   * Source CIDRs allowed to reach the listener ports.
   * @default - any source
   * @minItems 1
   * @maxItems 64
   */
  readonly sourceCidrs?: string[];
  /**
   * Where the proxy may open connections.
   * @default - allowAll
   */
  readonly egress?: ProxyEgressSpec;
}

/**
 * The proxy this library deploys (`BundledProxyOptions`).
 * @celRule [{"rule": "!(has(self.replicas) && has(self.autoscaling))", "message": "set either replicas (fixed) or autoscaling, not both"}]
 */
export interface BundledProxySpec {
  /**
   * Name of the Deployment, Service, ServiceAccount and RBAC objects.
   * @default "istio-ingressgateway"
   * @maxLength 63
   */
  readonly name?: string;
  /**
   * A fixed number of replicas; turns autoscaling off.
   * @default - autoscaled
   * @asType integer
   * @minimum 0
   */
  readonly replicas?: number;
  /**
   * Autoscaling bounds, used unless replicas is set.
   * @default - 1 to 5 replicas at 80% CPU
   */
  readonly autoscaling?: ProxyAutoscalingSpec;
  /**
   * A PodDisruptionBudget for the proxy pods.
   * @default - none
   */
  readonly podDisruptionBudget?: ProxyDisruptionBudgetSpec;
  /**
   * Container resources.
   * @default - requests 100m CPU and 128Mi memory, limits 2000m CPU and 1024Mi memory
   */
  readonly resources?: ResourcesSpec;
  /**
   * Extra labels on the proxy pods (`app` and `istio` are reserved).
   * @default - none
   */
  readonly podLabels?: { [key: string]: string };
  /**
   * Annotations on the proxy Service.
   * @default - none
   */
  readonly serviceAnnotations?: { [key: string]: string };
  /**
   * Source CIDRs allowed through the cloud load balancer.
   * @default - not restricted
   * @minItems 1
   * @maxItems 64
   */
  readonly loadBalancerSourceRanges?: string[];
  /**
   * The Istio revision whose injector configures the proxy.
   * @default - the default revision
   * @maxLength 63
   */
  readonly revision?: string;
  /**
   * A NetworkPolicy for the proxy pods; `{}` turns it on with the defaults.
   * @default - no NetworkPolicy
   */
  readonly networkPolicy?: ProxyNetworkPolicySpec;
}

/** A proxy that is already installed (`ExistingProxyOptions`). */
export interface ExistingProxySpec {
  /**
   * Labels of the proxy pods, e.g. `{istio: ingressgateway}`.
   * @minProperties 1
   */
  readonly selector: { [key: string]: string };
  /**
   * Namespace the proxy pods run in.
   * @default "istio-system"
   * @maxLength 63
   */
  readonly namespace?: string;
  /**
   * Name of the Service in front of the proxy.
   * @default - unknown
   * @maxLength 63
   */
  readonly serviceName?: string;
}

/**
 * An Istio ingress gateway (`IngressGatewayProps`): the proxy and the gateway
 * configuration of the chosen API, in the resource's namespace.
 */
export interface IngressGatewaySpec {
  /**
   * The API the gateway and its routes are configured with.
   * @default - istio
   */
  readonly api?: IngressApiSpec;
  /**
   * Which proxy pods serve the gateway.
   * @default - bundled with the Istio API and Kubernetes Ingress, automated with the Gateway API
   */
  readonly proxy?: GatewayProxySpec;
  /**
   * Type of the Service in front of the proxy.
   * @default - LoadBalancer, or NodePort when loadBalancerAvailable is false
   */
  readonly serviceType?: ProxyServiceType;
  /**
   * Whether the cluster can provision LoadBalancer Services.
   * @default true
   */
  readonly loadBalancerAvailable?: boolean;
  /**
   * Istio API only: the labels the Gateway selects the bundled proxy's pods by.
   * @default - the proxy's istio label
   */
  readonly selector?: { [key: string]: string };
  /**
   * Hosts the gateway serves; routes for other hosts are refused.
   * @default - every host exposed through the gateway
   * @minItems 1
   * @maxItems 64
   * @listType set
   */
  readonly hosts?: string[];
  /**
   * DNS suffix of the cluster.
   * @default "cluster.local"
   * @maxLength 253
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

// --- ExposedService --------------------------------------------------------------------------

/**
 * How a request path is matched (`PathMatch`): set exactly one key.
 * @celRule [{"rule": "[has(self.prefix), has(self.exact), has(self.regex)].filter(x, x).size() == 1", "message": "set exactly one of prefix, exact and regex"}]
 */
export interface PathMatchSpec {
  /**
   * Paths starting with this prefix.
   * @maxLength 1024
   * @pattern ^/
   * @default - unset (set exactly one key of this object)
   */
  readonly prefix?: string;
  /**
   * Exactly this path.
   * @maxLength 1024
   * @pattern ^/
   * @default - unset (set exactly one key of this object)
   */
  readonly exact?: string;
  /**
   * Paths matching this RE2 regular expression in full.
   * @minLength 1
   * @maxLength 1024
   * @default - unset (set exactly one key of this object)
   */
  readonly regex?: string;
}

/**
 * How a header or query parameter value is matched (`StringMatch`): set exactly one key.
 * @celRule [{"rule": "has(self.exact) != has(self.regex)", "message": "set exactly one of exact and regex"}]
 */
export interface StringMatchSpec {
  /**
   * The value equals this.
   * @minLength 1
   * @maxLength 4096
   * @default - unset (set exactly one key of this object)
   */
  readonly exact?: string;
  /**
   * The value matches this RE2 regular expression in full.
   * @minLength 1
   * @maxLength 1024
   * @default - unset (set exactly one key of this object)
   */
  readonly regex?: string;
}

/** Conditions a request must all meet (`RouteMatch.of()`). */
export interface RouteMatchSpec {
  /**
   * The request path.
   * @default - any path
   */
  readonly path?: PathMatchSpec;
  /**
   * Request headers, by name (case-insensitive).
   * @default - no header condition
   * @maxProperties 16
   */
  readonly headers?: { [name: string]: StringMatchSpec };
  /**
   * Query parameters, by name (case-sensitive).
   * @default - no query parameter condition
   * @maxProperties 16
   */
  readonly queryParams?: { [name: string]: StringMatchSpec };
  /**
   * The HTTP method.
   * @default - any method
   */
  readonly method?: HttpMethod;
}

/** A backend and its share of the route's requests (`WeightedBackend`). */
export interface WeightedBackendSpec {
  /** Where the share of requests goes. */
  readonly backend: BackendSpec;
  /**
   * Percentage of the route's requests; the weights of a route add up to 100.
   * @default 100 when it is the route's only backend; required when there are several
   * @asType integer
   * @minimum 0
   * @maximum 100
   */
  readonly weight?: number;
}

/**
 * Retries of failed requests (`RetryPolicy`).
 * @celRule [{"rule": "self.attempts > 0 || !(has(self.perTryTimeout) || has(self.retryOn))", "message": "attempts 0 turns retries off: remove perTryTimeout and retryOn"}]
 */
export interface RetryPolicySpec {
  /**
   * Retries after the first attempt; 0 turns off Istio's default retries.
   * @asType integer
   * @minimum 0
   * @maximum 2147483647
   */
  readonly attempts: number;
  /**
   * Time allowed for each attempt, e.g. `2s`.
   * @default - each attempt may take the whole route timeout
   * @pattern ^([0-9]{1,5}(h|m|s|ms)){1,4}$
   */
  readonly perTryTimeout?: string;
  /**
   * Conditions that trigger a retry: `5xx`, `gateway-error`, `reset`, `connect-failure`, `refused-stream`, `retriable-4xx`, `cancelled`, `deadline-exceeded`, `internal`, `resource-exhausted`, `unavailable`, or a 4xx/5xx status code such as `503`.
   * @default - Istio's defaults
   * @minItems 1
   * @maxItems 32
   */
  readonly retryOn?: string[];
}

/**
 * How a rewrite or redirect changes the path (`PathModifier`): set exactly one key.
 * @celRule [{"rule": "has(self.replaceFullPath) != has(self.replacePrefixMatch)", "message": "set exactly one of replaceFullPath and replacePrefixMatch"}]
 */
export interface PathModifierSpec {
  /**
   * The path becomes this.
   * @maxLength 1024
   * @pattern ^/
   * @default - unset (set exactly one key of this object)
   */
  readonly replaceFullPath?: string;
  /**
   * The prefix the route matched becomes this.
   * @maxLength 1024
   * @pattern ^/
   * @default - unset (set exactly one key of this object)
   */
  readonly replacePrefixMatch?: string;
}

/**
 * Changes to forwarded requests (`UrlRewrite`).
 * @celRule [{"rule": "has(self.path) || has(self.hostname)", "message": "rewrites nothing: set path, hostname or both"}]
 */
export interface UrlRewriteSpec {
  /**
   * The new path.
   * @default - unchanged
   */
  readonly path?: PathModifierSpec;
  /**
   * The Host header sent to the backend.
   * @default - unchanged
   * @maxLength 253
   */
  readonly hostname?: string;
}

/** An answer redirecting the client (`RequestRedirect`). */
export interface RequestRedirectSpec {
  /**
   * The scheme of the new URL.
   * @default - the request's scheme
   */
  readonly scheme?: RedirectScheme;
  /**
   * The host of the new URL.
   * @default - the request's host
   * @maxLength 253
   */
  readonly hostname?: string;
  /**
   * The port of the new URL.
   * @default - the new scheme's default port when scheme is set, else the request's port
   * @asType integer
   * @minimum 1
   * @maximum 65535
   */
  readonly port?: number;
  /**
   * The path of the new URL.
   * @default - the request's path
   */
  readonly path?: PathModifierSpec;
  /**
   * 301, 302, 303, 307 or 308.
   * @default 302
   * @asType integer
   * @minimum 300
   * @maximum 399
   */
  readonly statusCode?: number;
}

/** Headers changed on requests or responses (`HeaderModifier`). */
export interface HeaderModifierSpec {
  /**
   * Headers set to a value.
   * @default - none
   * @maxProperties 16
   */
  readonly set?: { [name: string]: string };
  /**
   * Headers given one more value.
   * @default - none
   * @maxProperties 16
   */
  readonly add?: { [name: string]: string };
  /**
   * Headers removed.
   * @default - none
   * @maxItems 16
   */
  readonly remove?: string[];
}

/** A copy of requests sent to another backend (`RequestMirror`). */
export interface RequestMirrorSpec {
  /** Where the copies go. */
  readonly backend: BackendSpec;
  /**
   * Percentage of requests copied, 0 to 100.
   * @default - every request
   * @minimum 0
   * @maximum 100
   */
  readonly percentage?: number;
}

/** A CORS policy answered by the gateway (`CorsPolicy`). */
export interface CorsPolicySpec {
  /**
   * Origins allowed (`https://app.example.com`), or `*` alone.
   * @minItems 1
   * @maxItems 64
   */
  readonly allowOrigins: string[];
  /**
   * Methods allowed in cross-origin requests.
   * @default - none besides GET, HEAD and POST
   * @maxItems 9
   */
  readonly allowMethods?: HttpMethod[];
  /**
   * Request headers allowed, or `*` alone.
   * @default - none besides the safelisted ones
   * @maxItems 64
   */
  readonly allowHeaders?: string[];
  /**
   * Response headers scripts may read, or `*` alone.
   * @default - none besides the safelisted ones
   * @maxItems 64
   */
  readonly exposeHeaders?: string[];
  /**
   * Whether requests may carry credentials.
   * @default false
   */
  readonly allowCredentials?: boolean;
  /**
   * How long browsers may cache a preflight answer, in whole seconds (`10m`).
   * @default - the browser's default
   * @pattern ^([0-9]{1,5}(h|m|s|ms)){1,4}$
   */
  readonly maxAge?: string;
}

/** Requests held back (`FaultDelay`). */
export interface FaultDelaySpec {
  /**
   * How long each delayed request waits, e.g. `5s`.
   * @pattern ^([0-9]{1,5}(h|m|s|ms)){1,4}$
   */
  readonly fixedDelay: string;
  /**
   * The share of requests delayed, 0 to 100.
   * @default 100
   * @minimum 0
   * @maximum 100
   */
  readonly percentage?: number;
}

/** Requests answered with an error (`FaultAbort`). */
export interface FaultAbortSpec {
  /**
   * The HTTP status code returned.
   * @asType integer
   * @minimum 200
   * @maximum 599
   */
  readonly httpStatus: number;
  /**
   * The share of requests aborted, 0 to 100.
   * @default 100
   * @minimum 0
   * @maximum 100
   */
  readonly percentage?: number;
}

/**
 * Faults injected for testing (`FaultInjection`); Istio API only.
 * @celRule [{"rule": "has(self.delay) || has(self.abort)", "message": "injects nothing: set delay, abort or both"}]
 */
export interface FaultInjectionSpec {
  /**
   * Delay requests.
   * @default - no delay
   */
  readonly delay?: FaultDelaySpec;
  /**
   * Abort requests.
   * @default - no abort
   */
  readonly abort?: FaultAbortSpec;
}

/** A response the gateway sends itself (`DirectResponse`); Istio API only. */
export interface DirectResponseSpec {
  /**
   * The HTTP status code.
   * @asType integer
   * @minimum 200
   * @maximum 599
   */
  readonly status: number;
  /**
   * The response body.
   * @default - empty
   * @maxLength 102400
   */
  readonly body?: string;
}

/**
 * A route of an ExposedService (`HttpRoute`).
 * @celRule [{"rule": "!(has(self.redirect) && has(self.directResponse))", "message": "a route answers either with a redirect or with a direct response, not both"}, {"rule": "!(has(self.redirect) || has(self.directResponse)) || !(has(self.backends) || has(self.timeout) || has(self.retries) || has(self.rewrite) || has(self.requestHeaders) || has(self.mirrors) || has(self.fault))", "message": "a route with redirect or directResponse forwards nothing: remove backends, timeout, retries, rewrite, requestHeaders, mirrors and fault"}, {"rule": "!has(self.fault) || !(has(self.timeout) || has(self.retries))", "message": "Istio enables no timeout or retries on a route that injects faults"}]
 */
export interface HttpRouteSpec {
  /**
   * A name for the route: lower-case letters, digits and `-`.
   * @default - unnamed
   * @maxLength 63
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   */
  readonly name?: string;
  /**
   * The route is taken by a request meeting any one of these matches.
   * @default - every request
   * @maxItems 64
   */
  readonly matches?: RouteMatchSpec[];
  /**
   * Where the route's requests go, each with its percentage.
   * @default - the service's backend
   * @minItems 1
   * @maxItems 16
   */
  readonly backends?: WeightedBackendSpec[];
  /**
   * Time allowed for the whole request, retries included, e.g. `4s`.
   * @default - no timeout beyond the proxy's defaults
   * @pattern ^([0-9]{1,5}(h|m|s|ms)){1,4}$
   */
  readonly timeout?: string;
  /**
   * Retries of failed requests; Istio API only.
   * @default - Istio's default retries
   */
  readonly retries?: RetryPolicySpec;
  /**
   * Changes to the path or Host of forwarded requests.
   * @default - forwarded unchanged
   */
  readonly rewrite?: UrlRewriteSpec;
  /**
   * Answer with a redirect instead of forwarding.
   * @default - forwarded
   */
  readonly redirect?: RequestRedirectSpec;
  /**
   * Headers changed on forwarded requests.
   * @default - unchanged
   */
  readonly requestHeaders?: HeaderModifierSpec;
  /**
   * Headers changed on responses.
   * @default - unchanged
   */
  readonly responseHeaders?: HeaderModifierSpec;
  /**
   * Backends that receive a copy of the requests.
   * @default - no mirroring
   * @minItems 1
   * @maxItems 12
   */
  readonly mirrors?: RequestMirrorSpec[];
  /**
   * A CORS policy the gateway answers.
   * @default - CORS is left to the backend
   */
  readonly cors?: CorsPolicySpec;
  /**
   * Delays or errors injected for testing; Istio API only.
   * @default - none
   */
  readonly fault?: FaultInjectionSpec;
  /**
   * Answer with a fixed response; Istio API only.
   * @default - forwarded
   */
  readonly directResponse?: DirectResponseSpec;
}

/** One backend exposed through a gateway (`ExposedServiceProps`); the route object is named after the resource, in its namespace. */
export interface ExposedServiceSpec {
  /** The IngressGateway the service is exposed through. */
  readonly gateway: GatewayRefSpec;
  /** Where requests go. */
  readonly backend: BackendSpec;
  /**
   * Hosts the service answers for; `*` for any host.
   * @minItems 1
   * @maxItems 64
   * @listType set
   */
  readonly hosts: string[];
  /**
   * The routes; the most specific match wins.
   * @default - one route sending every request to the backend
   * @maxItems 64
   */
  readonly routes?: HttpRouteSpec[];
  /**
   * The gateway port the service is served on.
   * @default 80
   * @asType integer
   * @minimum 1
   * @maximum 65535
   */
  readonly port?: number;
}

// --- TlsIngress ------------------------------------------------------------------------------

/** A Secret or ConfigMap by name. */
export interface ObjectRefSpec {
  /**
   * Name of the object.
   * @minLength 1
   * @maxLength 253
   */
  readonly name: string;
  /**
   * Namespace of the object.
   * @default - the namespace the gateway's API reads credentials from
   * @maxLength 63
   */
  readonly namespace?: string;
}

/**
 * Who signs a cert-manager certificate (`CertManagerIssuer`): set exactly one key.
 * @celRule [{"rule": "[has(self.issuer), has(self.clusterIssuer), has(self.selfSigned)].filter(x, x).size() == 1", "message": "set exactly one of issuer, clusterIssuer and selfSigned"}]
 */
export interface CertManagerIssuerSpec {
  /**
   * An Issuer of this name in the namespace the certificate is created in.
   * @maxLength 253
   * @default - unset (set exactly one key of this object)
   */
  readonly issuer?: string;
  /**
   * A ClusterIssuer of this name.
   * @maxLength 253
   * @default - unset (set exactly one key of this object)
   */
  readonly clusterIssuer?: string;
  /**
   * A self-signed Issuer created next to the certificate, for demos.
   * @default - unset (set exactly one key of this object)
   */
  readonly selfSigned?: NoOptionsSpec;
}

/**
 * A cert-manager Certificate for the hosts (`CertManagerOptions`). cert-manager's own limits
 * (`ValidateDuration`: a duration of at least 1h, a renewBefore of at least 5m and below the
 * duration, 90 days by default) are refused at `kubectl apply`, as the constructs refuse them.
 * @celRule [{"rule": "!has(self.duration) || duration(self.duration) >= duration('1h')", "message": "duration is shorter than cert-manager's minimum certificate duration, 1h: give at least 1h"}, {"rule": "!has(self.renewBefore) || duration(self.renewBefore) >= duration('5m')", "message": "renewBefore is shorter than cert-manager's minimum, 5m: give at least 5m"}, {"rule": "!has(self.renewBefore) || duration(self.renewBefore) < (has(self.duration) ? duration(self.duration) : duration('2160h'))", "message": "renewBefore is not shorter than the certificate's duration (2160h, cert-manager's default, when duration is unset): lower renewBefore, or raise duration"}]
 */
export interface CertManagerSpec {
  /** Who signs the certificate. */
  readonly issuer: CertManagerIssuerSpec;
  /**
   * Name of the Secret cert-manager writes.
   * @default - "<name>-credential"
   * @maxLength 253
   */
  readonly secretName?: string;
  /**
   * Requested lifetime, e.g. `2160h`.
   * @default - cert-manager's default (90 days)
   * @pattern ^([0-9]{1,5}(h|m|s|ms)){1,4}$
   */
  readonly duration?: string;
  /**
   * How long before expiry cert-manager renews it.
   * @default - cert-manager's default
   * @pattern ^([0-9]{1,5}(h|m|s|ms)){1,4}$
   */
  readonly renewBefore?: string;
}

/**
 * Where the server certificate comes from (`CertificateSource`), never PEM: set exactly one key.
 * @celRule [{"rule": "has(self.secret) != has(self.certManager)", "message": "set exactly one of secret and certManager"}]
 */
export interface CertificateSpec {
  /**
   * A `kubernetes.io/tls` Secret that exists (`CertificateSource.fromSecretName()`).
   * @default - unset (set exactly one key of this object)
   */
  readonly secret?: ObjectRefSpec;
  /**
   * A cert-manager Certificate (`CertificateSource.fromCertManager()`).
   * @default - unset (set exactly one key of this object)
   */
  readonly certManager?: CertManagerSpec;
}

/**
 * The CA client certificates must be signed by (`ClientCertificateAuthority`), never PEM: set exactly one key.
 * @celRule [{"rule": "[has(self.secret), has(self.configMap), has(self.certificateSecret)].filter(x, x).size() == 1", "message": "set exactly one of secret, configMap and certificateSecret"}]
 */
export interface ClientCaSpec {
  /**
   * A Secret with `ca.crt` (Istio API).
   * @default - unset (set exactly one key of this object)
   */
  readonly secret?: ObjectRefSpec;
  /**
   * A ConfigMap with `ca.crt` (Gateway API).
   * @default - unset (set exactly one key of this object)
   */
  readonly configMap?: ObjectRefSpec;
  /**
   * The `ca.crt` key of the server certificate's own Secret (Istio API).
   * @default - unset (set exactly one key of this object)
   */
  readonly certificateSecret?: NoOptionsSpec;
}

/**
 * HTTPS for hosts on a gateway (`TlsIngressProps`).
 * @celRule [{"rule": "has(self.mode) && self.mode == 'PASSTHROUGH' ? has(self.backend) && !has(self.certificate) && !has(self.clientCa) : has(self.certificate) && !has(self.backend)", "message": "PASSTHROUGH needs backend and no certificate or clientCa; the other modes need certificate and no backend"}, {"rule": "has(self.mode) && (self.mode == 'MUTUAL' || self.mode == 'OPTIONAL_MUTUAL') ? has(self.clientCa) : !has(self.clientCa)", "message": "clientCa is required by MUTUAL and OPTIONAL_MUTUAL, and only allowed with them"}]
 */
export interface TlsIngressSpec {
  /** The IngressGateway to serve TLS on. */
  readonly gateway: GatewayRefSpec;
  /**
   * Hosts (SNI names) this configuration is for.
   * @minItems 1
   * @maxItems 64
   * @listType set
   */
  readonly hosts: string[];
  /**
   * How TLS is handled.
   * @default SIMPLE
   */
  readonly mode?: TlsMode;
  /**
   * The server certificate; required unless the mode is PASSTHROUGH.
   * @default - none
   */
  readonly certificate?: CertificateSpec;
  /**
   * The CA of accepted client certificates; required for MUTUAL and OPTIONAL_MUTUAL.
   * @default - none
   */
  readonly clientCa?: ClientCaSpec;
  /**
   * PASSTHROUGH only: the Service port that terminates TLS.
   * @default - none
   */
  readonly backend?: BackendSpec;
  /**
   * Whether plain HTTP for these hosts is redirected to HTTPS.
   * @default - true, except with Kubernetes Ingress
   */
  readonly httpsRedirect?: boolean;
  /**
   * Whether the routes for these hosts come from other custom resources or programs, so no ExposedService on the gateway needs to serve them yet.
   * @default false
   */
  readonly routesAttachedElsewhere?: boolean;
  /**
   * The oldest TLS version clients may use.
   * @default TLSV1_2
   */
  readonly minProtocolVersion?: TlsVersion;
  /**
   * Cipher suites allowed for TLS 1.2.
   * @default - Envoy's defaults
   * @minItems 1
   * @maxItems 16
   */
  readonly cipherSuites?: string[];
  /**
   * Allow suites without forward secrecy or with CBC.
   * @default false
   */
  readonly allowInsecureCipherSuites?: boolean;
  /**
   * The port TLS is served on.
   * @default 443
   * @asType integer
   * @minimum 1
   * @maximum 65535
   */
  readonly port?: number;
}

// --- status ----------------------------------------------------------------------------------

/** Status of a condition. */
export enum ConditionStatus {
  TRUE = 'True',
  FALSE = 'False',
  UNKNOWN = 'Unknown',
}

/** A condition in the shape of the Kubernetes metav1.Condition. */
export interface ConditionSpec {
  /**
   * `Ready`.
   * @maxLength 316
   */
  readonly type: string;
  readonly status: ConditionStatus;
  /**
   * Why, in one CamelCase word: Reconciled, InvalidSpec, Conflict, GatewayNotFound, GatewayNotReady, OutsideNamespace, KindNotManaged.
   * @maxLength 1024
   */
  readonly reason: string;
  /**
   * What is wrong and how to fix it, naming the spec field.
   * @maxLength 32768
   */
  readonly message: string;
  /**
   * When the status last changed.
   * @format date-time
   */
  readonly lastTransitionTime: string;
  /**
   * The generation of the resource the condition is about.
   * @asType integer
   * @minimum 0
   * @default - not reported yet
   */
  readonly observedGeneration?: number;
}

/** A listener (host and port) of a gateway. */
export interface ListenerStatus {
  /** Name of the listener (a Gateway API section name). */
  readonly name: string;
  /**
   * @asType integer
   */
  readonly port: number;
  /** HTTP, HTTPS or TLS. */
  readonly protocol: ListenerProtocol;
  /** The host served, `*` for any. */
  readonly hostname: string;
}

/** An address of the gateway proxy. */
export interface GatewayAddressStatus {
  /** IPAddress or Hostname. */
  readonly type: string;
  readonly value: string;
}

/** What every resource of operator mode reports. */
export interface OperatorStatus {
  /**
   * The generation last handled.
   * @asType integer
   * @default - not reported yet
   */
  readonly observedGeneration?: number;
  /**
   * `Ready`: True once the objects of the current spec are what the resource asks for.
   * @listType map
   * @listMapKeys ["type"]
   * @maxItems 8
   * @default - not reported yet
   */
  readonly conditions?: ConditionSpec[];
  /**
   * Hosts served.
   * @default - not reported yet
   */
  readonly hosts?: string[];
  /**
   * Listeners served (for a service or TLS: the gateway listeners it is attached to).
   * @default - not reported yet
   */
  readonly listeners?: ListenerStatus[];
  /**
   * The spec the applied objects were rendered from: used in place of an invalid spec, so that fixing nothing loses nothing.
   * @preserveUnknownFields
   * @default - not reported yet
   */
  readonly appliedSpec?: { [key: string]: unknown };
  /**
   * The API the gateway's objects are rendered for.
   * @default - not reported yet
   */
  readonly api?: IngressApiKind;
}

/** Status of an IngressGateway. */
export interface IngressGatewayStatus extends OperatorStatus {
  /**
   * Addresses of the proxy, once its Service (or the Gateway API Gateway) has one.
   * @default - not reported yet
   */
  readonly addresses?: GatewayAddressStatus[];
}
