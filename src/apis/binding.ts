import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ModelProblem } from '../core/checks';
import { BackendRefModel, GatewayModel, IngressApiKind, ProxyMode, ProxyModel, RouteModel, TlsSourceModel } from '../core/model';

/** What an API renderer knows about the gateway construct it renders for. */
export interface GatewayContext {
  /** The IngressGateway construct: gateway-level objects are created inside it. */
  readonly scope: Construct;
  readonly name: string;
  readonly namespace: string;
  readonly serviceType: kplus.ServiceType;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** DNS suffix of the cluster, for fully-qualified Service names. */
  readonly clusterDomain: string;
  /** How the proxy pods are found. */
  readonly proxy: ProxyModel;
  /** Labels of a namespace when the app knows them (created by it, or the automatic `kubernetes.io/metadata.name`). */
  namespaceLabels(namespace: string): Readonly<Record<string, string>> | undefined;
  /** The gateway model, as of the moment it is called (synth time for lazy values). */
  model(): GatewayModel;
}

/** What an API renderer knows about one route construct (ExposedService). */
export interface RouteContext {
  /** The route construct: route-level objects are created inside it. */
  readonly scope: Construct;
  readonly name: string;
  readonly namespace: string;
  readonly gateway: GatewayContext;
  model(): RouteModel;
}

/** What an API renderer knows about one TLS construct (TlsIngress). */
export interface TlsContext {
  /** The TLS construct: its API-specific objects are created inside it. */
  readonly scope: Construct;
  readonly gateway: GatewayContext;
  model(): TlsSourceModel;
}

/** What a renderer keeps per route, for objects that depend on what is added later. */
export interface IRouteBinding {
  /** A backend was added to the route (ReferenceGrants for other namespaces, say). */
  backendAdded(backend: BackendRefModel): void;
}

/**
 * One API's rendering: which objects a gateway and a route become, and the
 * checks only that API needs. Pure spec rendering lives in plain functions
 * next to each binding so it can be used without constructs. Bindings hold no
 * state: one IngressApi may serve several gateways.
 */
export interface ApiBinding {
  readonly kind: IngressApiKind;
  /** The proxy used when the user does not choose one. */
  readonly defaultProxyMode: ProxyMode;
  /** Proxy modes this API can work with. */
  readonly proxyModes: readonly ProxyMode[];
  /** Whether a bundled proxy reads TLS credentials itself (and so needs a Role on secrets). */
  readonly proxyReadsSecrets: boolean;
  /** Whether a backend may be addressed by Service port name alone (otherwise the number is required). */
  readonly backendPortByName: boolean;
  /**
   * Whether TLS credentials are read from the proxy's namespace (Istio API,
   * Ingress) rather than the Gateway's (Gateway API).
   */
  readonly credentialsInProxyNamespace: boolean;
  /** Whether a certificate may live in another namespace, granted by a ReferenceGrant. */
  readonly crossNamespaceCredentials: boolean;
  /** The kind of object the API reads a client-certificate CA (`ca.crt`) from. */
  readonly clientCaKind: 'Secret' | 'ConfigMap';
  /** Whether the API reads the client-certificate CA from `ca.crt` in the certificate Secret itself. */
  readonly clientCaInCertificateSecret: boolean;
  /** Creates the gateway-level objects. */
  bindGateway(gateway: GatewayContext): void;
  /** Creates the objects of one route. */
  bindRoute(route: RouteContext): IRouteBinding | void;
  /**
   * Creates the API-specific objects of one TLS construct: passthrough routes,
   * redirect routes, ReferenceGrants for certificates in other namespaces.
   */
  bindTls(tls: TlsContext): void;
  /** Problems specific to this API, beyond the shared model checks. */
  checkGateway(model: GatewayModel, gateway: GatewayContext): ModelProblem[];
}
