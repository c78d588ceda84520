import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { invalid } from '../errors';
import { API_TRAITS } from '../model/apis';
import { BackendRefModel, HttpRuleModel, MetadataModel, RouteModel } from '../model/types';
import { IBackend, resolveBackend } from '../values/backend';
import { checkListenerPort } from '../values/gateway-proxy';
import { metadataToModel, ObjectMetadata } from '../values/metadata';
import { checkHosts, checkKnownKeys, checkNamespace, objectName, propNames } from '../values/props';
import { HttpRoute, routeToModel } from '../values/route';
import { IIngressGateway, isGateway } from './gateway-reference';
import { IngressRegistry } from './registry';
import { RouteSource } from './sources';

/** Props of an ExposedService. */
export interface ExposedServiceProps {
  /** The gateway the service is exposed through: an IngressGateway, or one imported with `IngressGateway.fromGatewayName()`. */
  readonly gateway: IIngressGateway;
  /** Where requests go: a Backend, or a construct of this library such as HttpbinApp. */
  readonly backend: IBackend;
  /** Hosts (the HTTP `Host` header) the service answers for; `*` for any host. */
  readonly hosts: string[];
  /**
   * The routes; the most specific match wins (see the README's "Route precedence").
   * @default - one route sending every request to the backend
   */
  readonly routes?: HttpRoute[];
  /**
   * Name of the route object (VirtualService, HTTPRoute or Ingress).
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Namespace of the route object.
   * @default - the backend's namespace, else the chart's, else "default"
   */
  readonly namespace?: string;
  /**
   * The gateway port the service is served on.
   * @default 80
   */
  readonly port?: number;
  /**
   * Labels and annotations of every object the service emits (its route
   * object and, with the Gateway API, its ReferenceGrants).
   * @default - none
   */
  readonly metadata?: ObjectMetadata;
}

/** The props a JavaScript or YAML caller may give (checked at compile time to be exactly those of ExposedServiceProps). */
const EXPOSED_SERVICE_PROPS = propNames<ExposedServiceProps>({ gateway: true, backend: true, hosts: true, routes: true, name: true, namespace: true, port: true, metadata: true });

/**
 * Exposes one backend through a gateway: hosts, routes and their matches, in
 * the gateway's API (a VirtualService, an HTTPRoute, or an Ingress).
 */
export class ExposedService extends Construct implements RouteSource {
  /** Name of the route object. */
  public readonly name: string;
  /** Namespace of the route object. */
  public readonly namespace: string;
  /** The gateway the service is exposed through. */
  public readonly gateway: IIngressGateway;
  /** The port on the gateway. */
  public readonly port: number;

  /** @internal */
  public _revision = 0;
  private hosts: string[];
  /** Replaced, not pushed to, on each addRoute: an array of exactly its length (a pushed one keeps room for 16 more, per service). */
  private rules: readonly HttpRuleModel[] = [];
  private readonly backendRef: BackendRefModel;
  private readonly metadataModel?: MetadataModel;

  constructor(scope: Construct, id: string, props: ExposedServiceProps) {
    super(scope, id);
    if (!props || typeof props !== 'object') invalid(this, 'props', 'expected ExposedServiceProps with gateway, backend and hosts');
    checkKnownKeys(this, '', props, EXPOSED_SERVICE_PROPS);
    if (!isGateway(props.gateway)) invalid(this, 'gateway', 'expected an IngressGateway, or a gateway from IngressGateway.fromGatewayName()');
    this.gateway = props.gateway;

    this.name = objectName(this, props.name);
    const backendNamespace = props.backend?.backendService?.namespace;
    this.namespace = checkNamespace(this, 'namespace', props.namespace ?? backendNamespace ?? Chart.of(this).namespace ?? 'default');
    this.backendRef = this.resolveBackend('backend', props.backend);
    this.hosts = checkHosts(this, 'hosts', props.hosts);
    this.port = checkListenerPort(this, 'port', props.port ?? 80);
    this.metadataModel = metadataToModel(this, 'metadata', props.metadata);

    if (props.routes !== undefined && !Array.isArray(props.routes)) invalid(this, 'routes', 'expected a list of routes');
    for (const route of props.routes ?? []) this.addRoute(route);
    const registry = IngressRegistry.of(this);
    registry.attachRoute(this.gateway, this);
  }

  /**
   * Name of the route object.
   * @deprecated use `name`
   */
  public get routeName(): string {
    return this.name;
  }

  /**
   * Namespace of the route object.
   * @deprecated use `namespace`
   */
  public get routeNamespace(): string {
    return this.namespace;
  }

  /** Adds a route; backends it names (weighted backends, mirrors) get what they need to be reachable, such as ReferenceGrants. */
  public addRoute(route: HttpRoute): void {
    this.rules = this.rules.concat([routeToModel(this, `routes[${this.rules.length}]`, route, this.backendRef, (field, backend) => this.resolveBackend(field, backend))]);
    this._revision++;
  }

  /** Adds a host the service answers for. */
  public addHost(host: string): void {
    this.hosts = checkHosts(this, 'hosts', [...this.hosts, host]);
    this._revision++;
  }

  /** @internal */
  public _routeModel(): RouteModel {
    return {
      source: this.node.path,
      name: this.name,
      namespace: this.namespace,
      hosts: this.hosts,
      port: this.port,
      rules: this.rules.length > 0 ? this.rules : [{ matches: [], backends: [this.backendRef] }],
      ...(this.metadataModel ? { metadata: this.metadataModel } : {}),
    };
  }

  private resolveBackend(field: string, backend: IBackend): BackendRefModel {
    const service = resolveBackend(this, field, backend, this.namespace);
    if (service.port === undefined && !API_TRAITS[this.gateway.api.kind].backendPortByName) {
      invalid(this, `${field}.port`, `the ${this.gateway.api.kind} API addresses backends by port number; give the port number of Service ${service.namespace}/${service.serviceName}`);
    }
    return { name: service.serviceName, namespace: service.namespace, port: service.port, portName: service.portName };
  }
}
