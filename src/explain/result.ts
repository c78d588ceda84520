/**
 * What the route explainer answers: plain, JSON-serialisable data, the same
 * for the route model and for manifests of any origin.
 */

/** What the gateway does with a request. */
export enum RouteOutcome {
  /** The request is sent to one or more backends. */
  FORWARD = 'forward',
  /** The gateway answers with a redirect. */
  REDIRECT = 'redirect',
  /** The gateway answers itself with a fixed status (and body). */
  DIRECT_RESPONSE = 'direct-response',
  /** A listener took the request but no route matched it: 404. */
  NOT_FOUND = 'not-found',
  /** Nothing listens for the request's scheme on its port. */
  NO_LISTENER = 'no-listener',
  /** The TLS stream is passed through, by SNI, to a backend that terminates it. */
  TLS_PASSTHROUGH = 'tls-passthrough',
  /** A route matched, but its backend cannot be used (for example a ReferenceGrant is missing): 500. */
  BACKEND_UNRESOLVED = 'backend-unresolved',
}

/** Why a candidate was or was not used; each trace entry names one. */
export enum TraceReason {
  /** The candidate that answers the request. */
  SELECTED = 'selected',
  /** Its hosts do not cover the request's host, or do not intersect the listener's. */
  HOST_MISMATCH = 'host-mismatch',
  /** It serves the host, but a more specific host of the same listener wins. */
  LESS_SPECIFIC_HOST = 'less-specific-host',
  /** A condition of the match (path, method, header, query parameter) does not hold. */
  NO_MATCH = 'no-match',
  /** It matches too, but a route before it answers first. */
  SHADOWED = 'shadowed',
  /** It is bound to another port. */
  PORT_MISMATCH = 'port-mismatch',
  /** The port speaks another protocol (plain HTTP where TLS arrives, or the reverse). */
  PROTOCOL_MISMATCH = 'protocol-mismatch',
  /** A TLS listener for other server names (SNI). */
  SNI_MISMATCH = 'sni-mismatch',
  /** It is not bound to the gateway that received the request. */
  GATEWAY_NOT_BOUND = 'gateway-not-bound',
  /** Its parentRef names another listener (`sectionName`). */
  SECTION_NAME_MISMATCH = 'section-name-mismatch',
  /** The listener's `allowedRoutes` (or a server's `namespace/host`) refuses the route's namespace. */
  NAMESPACE_NOT_ALLOWED = 'namespace-not-allowed',
  /** The listener does not accept this kind of route. */
  KIND_NOT_ALLOWED = 'kind-not-allowed',
  /** A reference to another namespace has no ReferenceGrant allowing it. */
  REFERENCE_GRANT_MISSING = 'reference-grant-missing',
  /** The Ingress or Gateway class is not handled by Istio. */
  CLASS_NOT_ISTIO = 'class-not-istio',
  /** Istio drops the route when converting it (after a catch-all, an unresolvable port, no backend, ...). */
  DROPPED = 'dropped',
  /** Istio rejects the server or listener (a duplicate TLS host, a protocol conflict on the port). */
  SERVER_REJECTED = 'server-rejected',
  /** The VirtualService is not exported to the gateway's namespace. */
  NOT_EXPORTED = 'not-exported',
  /** The listener answers plain HTTP with a redirect to HTTPS. */
  HTTPS_REDIRECT = 'https-redirect',
}

/** A Kubernetes object, or the route model's own route. */
export interface ObjectRef {
  readonly kind: string;
  /**
   * @default - cluster-scoped
   */
  readonly namespace?: string;
  readonly name: string;
  /**
   * Where the object was read from (file and document, or the position in the input).
   * @default - unknown
   */
  readonly source?: string;
}

/** One candidate the explainer considered, and why it won or lost. */
export interface TraceEntry {
  readonly object: ObjectRef;
  /**
   * The part of the object, as a field path (`spec.http[1].match[0]`, `spec.rules[0].http.paths[2]`).
   * @default - the object as a whole
   */
  readonly field?: string;
  readonly reason: TraceReason;
  /** What happened, in words. */
  readonly message: string;
  /** The rule of the spec or of istiod that decides it. */
  readonly basis: string;
}

/** The listener (Gateway API) or server (Istio API, Ingress) that took the request. */
export interface ListenerInfo {
  /** The object declaring it: an Istio Gateway, a Gateway API Gateway, or the Ingress Istio turns into a Gateway. */
  readonly gateway: ObjectRef;
  /**
   * The listener's name, or the server's port name.
   * @default - unnamed
   */
  readonly name?: string;
  readonly port: number;
  readonly protocol: string;
  /**
   * Its hosts (`namespace/host` where it admits some namespaces only). In an
   * explanation, those covering the request's host, or its first ten when
   * none does; in the routing table, all of them.
   */
  readonly hosts: string[];
  /**
   * The TLS mode (SIMPLE, MUTUAL, PASSTHROUGH, ...).
   * @default - plain HTTP
   */
  readonly tlsMode?: string;
}

/** The route rule that answered. */
export interface RouteInfo {
  readonly object: ObjectRef;
  /** Field path of the rule within the object. */
  readonly field: string;
  /** Index of the rule in its list (VirtualService `http`, HTTPRoute `rules`, an Ingress rule's `paths`). */
  readonly rule: number;
  /**
   * The rule's name, where the API has one.
   * @default - unnamed
   */
  readonly ruleName?: string;
  /** The match that matched, in words (`prefix /status`, `any request`). */
  readonly match: string;
  /** The virtual host (domain) the rule was found under. */
  readonly virtualHost: string;
}

/** A backend a request is sent to. */
export interface BackendInfo {
  /** Service name, or the destination host when it is not a cluster Service. */
  readonly name: string;
  /**
   * @default - not a cluster Service
   */
  readonly namespace?: string;
  /**
   * Service port number.
   * @default - unknown (the Service's only port, when it has one)
   */
  readonly port?: number;
  /** Percentage of the rule's requests sent here. */
  readonly weight: number;
  /**
   * Why requests sent here fail, when they do.
   * @default - usable
   */
  readonly problem?: string;
}

/** Where a redirect sends the client. */
export interface RedirectInfo {
  readonly scheme: string;
  readonly hostname: string;
  readonly port: number;
  readonly path: string;
  readonly statusCode: number;
  /** The Location header. */
  readonly location: string;
}

/** A response the gateway sends itself. */
export interface DirectResponseInfo {
  readonly status: number;
  /**
   * @default - an empty body
   */
  readonly body?: string;
}

/** Kinds of filters and policies applied to a forwarded request. */
export enum PolicyKind {
  REWRITE = 'rewrite',
  REQUEST_HEADERS = 'request-headers',
  RESPONSE_HEADERS = 'response-headers',
  MIRROR = 'mirror',
  TIMEOUT = 'timeout',
  RETRIES = 'retries',
  CORS = 'cors',
  FAULT = 'fault',
}

/** A filter or policy of the rule that answered. */
export interface PolicyInfo {
  readonly kind: PolicyKind;
  /** What it does to this request, in words. */
  readonly description: string;
}

/** The gateway a request is sent to. */
export interface GatewaySelector {
  /**
   * Namespace of the Gateway (Istio API or Gateway API).
   * @default - any namespace; leave it out to name an IngressClass
   */
  readonly namespace?: string;
  /** Name of the Gateway, or of the IngressClass for Ingresses. */
  readonly name: string;
}

/** A request to explain. */
export interface ExplainRequest {
  /**
   * @default "GET"
   */
  readonly method?: string;
  /** Absolute URL: its scheme and port pick the listener, its host the virtual host (`http://httpbin.example.com/status/200`). */
  readonly url: string;
  /**
   * Request headers; a `host` header overrides the URL's host, as `curl -H Host:` does.
   * @default - none
   */
  readonly headers?: { readonly [name: string]: string };
  /**
   * @default - the only gateway of the input, or the first one that serves the request
   */
  readonly gateway?: GatewaySelector;
}

/** The request as the gateway sees it. */
export interface RequestInfo {
  readonly method: string;
  readonly scheme: string;
  /** Host (Host header, without the port), lower-case. */
  readonly host: string;
  readonly port: number;
  readonly path: string;
  /** The query string without `?`; empty when there is none. */
  readonly query: string;
}

/** The answer to "what happens to this request, and why". */
export interface ExplainResult {
  readonly request: RequestInfo;
  readonly outcome: RouteOutcome;
  /**
   * The status the gateway answers with itself (404, 500, a redirect's 301, a direct response).
   * @default - the backend answers
   */
  readonly statusCode?: number;
  /**
   * The gateway (or Ingress class) the request was explained for.
   * @default - none serves it
   */
  readonly gateway?: string;
  /**
   * @default - none took the request
   */
  readonly listener?: ListenerInfo;
  /**
   * @default - no rule matched
   */
  readonly route?: RouteInfo;
  readonly backends: BackendInfo[];
  /**
   * @default - not a redirect
   */
  readonly redirect?: RedirectInfo;
  /**
   * @default - not a direct response
   */
  readonly directResponse?: DirectResponseInfo;
  readonly policies: PolicyInfo[];
  /** Every candidate considered and why it won or lost, in the order Istio considers them. */
  readonly trace: TraceEntry[];
  /** Where the answer depends on what the manifests cannot tell. */
  readonly warnings: string[];
}

/** One route of a virtual host, in the order Istio applies them. */
export interface RouteTableEntry {
  readonly object: ObjectRef;
  readonly field: string;
  /** The match, in words. */
  readonly match: string;
  /** What the route does, in words (`forward httpbin.default:8000`, `redirect 301`, `direct 404`). */
  readonly action: string;
  readonly backends: BackendInfo[];
  /** Whether Istio treats it as a catch-all (and so places it last). */
  readonly catchAll: boolean;
}

/** A virtual host: the domains it answers for and its routes in order. */
export interface VirtualHostTable {
  readonly domains: string[];
  /** Whether plain HTTP is answered with a redirect to HTTPS. */
  readonly httpsRedirect: boolean;
  readonly routes: RouteTableEntry[];
}

/** What one listener (or group of servers sharing routes) serves. */
export interface ListenerTable {
  /** The servers or listeners whose routes these are (plain HTTP servers of one port share them). */
  readonly listeners: ListenerInfo[];
  readonly port: number;
  readonly protocol: string;
  readonly virtualHosts: VirtualHostTable[];
  /** TLS passthrough routes, by SNI host. */
  readonly passthrough: RouteTableEntry[];
}

/** The routing of one gateway proxy: every object configuring it, and its listeners. */
export interface GatewayTable {
  /** The gateway's name as requests name it (`istio-ingress/httpbin-gateway`, or the Ingress class). */
  readonly name: string;
  /** The Gateways (and Ingresses) merged on this proxy. */
  readonly objects: ObjectRef[];
  readonly listeners: ListenerTable[];
}

/** Every gateway's routing, in the order Istio applies it. */
export interface RoutingTable {
  readonly gateways: GatewayTable[];
}

/** An input object the explainer did not use. */
export interface IgnoredObject {
  readonly object: ObjectRef;
  readonly apiVersion: string;
}
