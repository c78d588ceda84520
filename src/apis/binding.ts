import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ModelProblem } from '../core/checks';
import { GatewayModel, IngressApiKind, ProxyMode, RouteModel } from '../core/model';

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

/**
 * One API's rendering: which objects a gateway and a route become, and the
 * checks only that API needs. Pure spec rendering lives in plain functions
 * next to each binding so it can be used without constructs.
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
  /** Creates the gateway-level objects. */
  bindGateway(gateway: GatewayContext): void;
  /** Creates the objects of one route. */
  bindRoute(route: RouteContext): void;
  /** Problems specific to this API, beyond the shared model checks. */
  checkGateway(model: GatewayModel): ModelProblem[];
}
