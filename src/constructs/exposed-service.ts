import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { IRouteBinding } from '../apis/binding';
import { invalid } from '../core/errors';
import { changed, Memo } from '../core/memo';
import { BackendRefModel, HttpRuleModel, RouteModel } from '../core/model';
import { IBackend, resolveBackend } from './backend';
import { checkListenerPort } from './gateway-proxy';
import { checkHosts, IIngressGateway, IRouteSource } from './ingress-gateway';
import { ensureChartChecks } from './chart-checks';
import { checkNamespace, objectName } from './props';
import { HttpRoute, routeToModel } from './route';

/** Props of an ExposedService. */
export interface ExposedServiceProps {
  /** The gateway the service is exposed through. */
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
}

/**
 * Exposes one backend through a gateway: hosts, routes and their matches, in
 * the gateway's API (a VirtualService, an HTTPRoute, or an Ingress).
 */
export class ExposedService extends Construct implements IRouteSource {
  public readonly routeName: string;
  public readonly routeNamespace: string;
  /** The gateway the service is exposed through. */
  public readonly gateway: IIngressGateway;
  /** The port on the gateway. */
  public readonly port: number;

  private hosts: string[];
  private readonly rules: HttpRuleModel[] = [];
  private readonly backendRef: BackendRefModel;
  private readonly binding: IRouteBinding;
  /** Read by the gateway's model and by the route object's spec: computed once per synthesis. */
  private readonly model = new Memo<RouteModel>();

  constructor(scope: Construct, id: string, props: ExposedServiceProps) {
    super(scope, id);
    if (!props || typeof props !== 'object') invalid(this, 'props', 'expected ExposedServiceProps with gateway, backend and hosts');
    if (!props.gateway || typeof props.gateway.attach !== 'function') invalid(this, 'gateway', 'expected an IngressGateway');
    this.gateway = props.gateway;

    this.routeName = objectName(this, props.name);

    const backendNamespace = props.backend?.backendService?.namespace;
    this.routeNamespace = checkNamespace(this, 'namespace', props.namespace ?? backendNamespace ?? Chart.of(this).namespace ?? 'default');
    this.backendRef = this.resolveBackend('backend', props.backend);
    this.hosts = checkHosts(this, 'hosts', props.hosts);
    this.port = checkListenerPort(this, 'port', props.port ?? 80);

    if (props.routes !== undefined && !Array.isArray(props.routes)) invalid(this, 'routes', 'expected a list of routes');
    this.binding = this.gateway.attach(this);
    ensureChartChecks(this);
    // Without routes, the one default route goes to the backend; with routes, each reports what it uses.
    if (props.routes === undefined || props.routes.length === 0) this.binding.backendAdded(this.backendRef);
    for (const route of props.routes ?? []) this.addRoute(route);
  }

  /** Adds a route; backends it names (weighted backends, mirrors) get what they need to be reachable, such as ReferenceGrants. */
  public addRoute(route: HttpRoute): void {
    const rule = routeToModel(this, `routes[${this.rules.length}]`, route, this.backendRef, (field, backend) => this.resolveBackend(field, backend));
    this.rules.push(rule);
    for (const backend of [...rule.backends, ...(rule.mirrors ?? []).map((mirror) => mirror.backend)]) this.binding.backendAdded(backend);
    changed();
  }

  /** Adds a host the service answers for. */
  public addHost(host: string): void {
    this.hosts = checkHosts(this, 'hosts', [...this.hosts, host]);
    changed();
  }

  public toRouteModel(): RouteModel {
    return this.model.get(() => ({
      source: this.node.path,
      name: this.routeName,
      namespace: this.routeNamespace,
      hosts: [...this.hosts],
      port: this.port,
      rules: this.rules.length > 0 ? [...this.rules] : [{ matches: [], backends: [this.backendRef] }],
    }));
  }

  private resolveBackend(field: string, backend: IBackend): BackendRefModel {
    const service = resolveBackend(this, field, backend, this.routeNamespace);
    if (service.port === undefined && !this.gateway.api._binding.backendPortByName) {
      invalid(this, `${field}.port`, `the ${this.gateway.api.kind} API addresses backends by port number; give the port number of Service ${service.namespace}/${service.serviceName}`);
    }
    return { name: service.serviceName, namespace: service.namespace, port: service.port, portName: service.portName };
  }
}
