import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { checkProxySelectors } from '../checks';
import { ValidationError, ValidationProblem } from '../errors';
import { ModelProblem } from '../model/problems';
import { GatewayModel, KnownServiceModel, ResolvedGatewayModel } from '../model/types';
import { renderGatewayModel } from '../render';
import { isClusterScoped, RenderedObject } from '../render/manifest';
import { IIngressGateway } from './gateway-reference';
import { RenderedApiObject } from './rendered-object';
import { AttachedSources, ModelledGateway, referencedGatewayModel, RouteSource, TlsSource } from './sources';
import { extended } from '../model/objects';

/** The id of the registry under the App. */
const REGISTRY_ID = 'cdk8s-istio-ingress';

/** Namespaces every cluster has; creating them is never needed. */
const BUILT_IN_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

interface GatewayEntry {
  readonly gateway: ModelledGateway;
  readonly routes: RouteSource[];
  readonly tls: TlsSource[];
}

interface ChartState {
  /** Namespace name -> construct path of the construct that creates it. */
  readonly namespaces: Map<string, string>;
  /** IngressClass name -> construct path of the gateway that creates it. */
  readonly ingressClasses: Map<string, string>;
  /** Objects constructs create themselves (not rendered), as `[identity, construct path]`. */
  readonly ownObjects: [string, string][];
  /** Construct path of the chart. */
  readonly path: string;
}

/**
 * What the constructs of this library share in one program, kept in the
 * construct tree (one per App, as a child of it): which routes and TLS
 * sources are attached to which gateway, which namespaces and IngressClasses
 * each chart creates, and, at synth time, what each construct renders.
 *
 * Every synthesis (`app.synth()`, `app.synthYaml()`, `chart.toJson()`) starts
 * with the validation of the App itself, before any other construct's: there
 * the registry renders every gateway once, through the same pure renderer any
 * other caller uses, and creates the objects under the constructs that own
 * them (replacing those of an earlier synthesis). Each construct's own
 * validation then reports its problems.
 */
export class IngressRegistry extends Construct {
  /** The registry of the program `scope` belongs to. */
  public static of(scope: IConstruct): IngressRegistry {
    const root = scope.node.root;
    return (root.node.tryFindChild(REGISTRY_ID) as IngressRegistry | undefined) ?? new IngressRegistry(root as Construct);
  }

  private readonly gateways = new Map<ModelledGateway, GatewayEntry>();
  private readonly charts = new Map<Chart, ChartState>();
  private readonly namespaceLabels = new Map<string, Record<string, string>>();
  /** Problems of the last rendering. */
  private problems: ValidationProblem[] = [];
  /** Objects created by the last rendering, to be replaced by the next: owner and child id. */
  private created: [IConstruct, string][] = [];
  /** Attachments made so far; with the sources' revisions, what the last rendering was made from. */
  private attachments = 0;
  private renderedStamp = '';

  private constructor(root: Construct) {
    super(root, REGISTRY_ID);
    root.node.addValidation({ validate: () => this.render() });
  }

  /** Registers a gateway this library renders (it is rendered even with nothing attached). */
  public addGateway(gateway: ModelledGateway): void {
    this.entry(gateway);
  }

  /**
   * Records an object a construct creates itself (HttpbinApp, a Namespace),
   * so that the check for objects emitted twice in a chart covers it.
   */
  public recordObject(object: { readonly apiVersion: string; readonly kind: string; readonly metadata: { readonly name?: string; readonly namespace?: string } }, path: string, scope: IConstruct): void {
    this.chart(scope).ownObjects.push([objectIdentity(object.apiVersion, object.kind, object.metadata.namespace, object.metadata.name ?? ''), path]);
    this.attachments++;
  }

  /** Attaches a route construct to `gateway`: it is rendered with the gateway. */
  public attachRoute(gateway: IConstruct, source: RouteSource): void {
    this.entry(gateway as ModelledGateway).routes.push(source);
    this.attachments++;
  }

  /** Attaches a TLS construct to `gateway`: it is rendered with the gateway. */
  public attachTls(gateway: IConstruct, source: TlsSource): void {
    this.entry(gateway as ModelledGateway).tls.push(source);
    this.attachments++;
  }

  /**
   * Whether `scope` creates the Namespace `name`: the first construct of its
   * chart to ask does, unless the namespace is built in (several constructs
   * may share a namespace; it appears once per chart, so each chart applies
   * on its own). The labels are remembered for checks that select namespaces.
   */
  public claimNamespace(scope: IConstruct, name: string, labels: Record<string, string>): boolean {
    if (BUILT_IN_NAMESPACES.has(name)) return false;
    const namespaces = this.chart(scope).namespaces;
    if (namespaces.has(name)) return false;
    namespaces.set(name, scope.node.path);
    this.namespaceLabels.set(name, extended(this.namespaceLabels.get(name) ?? {}, labels ?? {}));
    return true;
  }

  /** The construct that already creates IngressClass `name` in the chart of `scope`, or undefined after recording `scope` as its creator. */
  public claimIngressClass(scope: IConstruct, name: string): string | undefined {
    const classes = this.chart(scope).ingressClasses;
    const owner = classes.get(name);
    if (owner === undefined) classes.set(name, scope.node.path);
    return owner;
  }

  /** The model of `gateway` with what is attached to it now, listeners resolved (for tools reading the model). */
  public modelOf(gateway: ModelledGateway): ResolvedGatewayModel {
    return renderGatewayModel(this.gatewayModel(this.entry(gateway), this.knownServices())).model;
  }

  /**
   * Renders every gateway, unless nothing changed since the last rendering
   * (cdk8s validates the whole app for every chart it synthesises): what it
   * was made from is the number of attachments and the sources' revisions,
   * which only ever grow.
   */
  private render(): string[] {
    let revisions = 0;
    for (const entry of this.gateways.values()) {
      for (const source of entry.routes) revisions += source._revision;
      for (const source of entry.tls) revisions += source._revision;
    }
    const stamp = `${this.attachments}/${revisions}`;
    if (stamp !== this.renderedStamp) {
      this.renderedStamp = stamp;
      this.problems = this.renderAll();
    }
    // Thrown from the App's validation, before cdk8s validates anything else: every problem of the library at once, as its one error type.
    if (this.problems.length > 0) throw ValidationError._ofProblems(this.problems);
    return [];
  }

  /** Renders every gateway and creates the objects; the problems found, by construct. */
  private renderAll(): ValidationProblem[] {
    for (const [owner, id] of this.created) owner.node.tryRemoveChild(id);
    this.created = [];
    const problems: ModelProblem[] = [];
    const models: ResolvedGatewayModel[] = [];
    const knownServices = this.knownServices();
    const emitted = new Map<ChartState, Map<string, string>>();
    for (const state of this.charts.values()) {
      for (const [identity, path] of state.ownObjects) this.emit(emitted, state, identity, path, problems);
    }
    for (const entry of this.gateways.values()) {
      const rendering = renderGatewayModel(this.gatewayModel(entry, knownServices));
      problems.push(...rendering.problems);
      models.push(rendering.model);
      if (rendering.problems.length === 0) this.materialize(entry, rendering.objects, emitted, problems);
    }
    problems.push(...checkProxySelectors(models));
    // Grouped by construct, in the order constructs first appear.
    const byPath = new Map<string, ValidationProblem[]>();
    for (const p of problems) {
      const list = byPath.get(p.source);
      const problem = { constructPath: p.source, field: p.field, message: p.message };
      if (list) list.push(problem);
      else byPath.set(p.source, [problem]);
    }
    return [...byPath.values()].flat();
  }

  private gatewayModel(entry: GatewayEntry, knownServices: Readonly<Record<string, KnownServiceModel>>): GatewayModel {
    const attached: AttachedSources = {
      routes: entry.routes.map((source) => source._routeModel()),
      tls: entry.tls.map((source) => source._tlsModel()),
      knownNamespaces: Object.fromEntries(this.namespaceLabels),
      knownServices,
    };
    // A gateway of this library describes itself; any other IIngressGateway is known by its public fields only.
    const gateway = entry.gateway;
    return typeof gateway._gatewayModel === 'function' ? gateway._gatewayModel(attached) : referencedGatewayModel(gateway as unknown as IIngressGateway, attached);
  }

  /**
   * The Services the program defines, with their ports as they will be
   * written: every `v1` Service ApiObject in the tree (a cdk8s-plus Service
   * writes one, so does `new ApiObject(...)`, HttpbinApp), by namespace and
   * name (a Service without a namespace is taken to be in "default", where
   * routes without a namespace are too). Only gathered when some gateway has
   * routes or TLS; a Service whose manifest cannot be produced yet is left
   * out (cdk8s reports it on synthesis).
   */
  private knownServices(): Record<string, KnownServiceModel> {
    const services: Record<string, KnownServiceModel> = {};
    if (![...this.gateways.values()].some((entry) => entry.routes.length > 0 || entry.tls.length > 0)) return services;
    for (const node of this.node.root.node.findAll()) {
      if (!ApiObject.isApiObject(node) || RenderedApiObject.isRendered(node)) continue;
      const construct: ApiObject = node;
      if (construct.kind !== 'Service' || construct.apiVersion !== 'v1') continue;
      const service = servicePortsOfOwner(construct) ?? servicePortsOfManifest(construct);
      if (service === undefined) continue;
      const source = construct.node.scope && !ApiObject.isApiObject(construct.node.scope) && construct.node.id === 'Resource' ? construct.node.scope.node.path : construct.node.path;
      services[`${service.namespace ?? 'default'}/${service.name}`] = { ports: knownPorts(service.ports), source };
    }
    return services;
  }

  /** Creates each rendered object under its owner, as an ApiObject with the object's id. */
  private materialize(entry: GatewayEntry, objects: readonly RenderedObject[], emitted: Map<ChartState, Map<string, string>>, problems: ModelProblem[]): void {
    const owners = new Map<string, IConstruct>([[entry.gateway.node.path, entry.gateway]]);
    for (const source of entry.routes) owners.set(source.node.path, source);
    for (const source of entry.tls) owners.set(source.node.path, source);
    for (const { owner, id, manifest } of objects) {
      let scope = owners.get(owner)!;
      let leaf = id;
      const slash = id.indexOf('/');
      if (slash < 0) {
        this.created.push([scope, id]);
      } else {
        const path = id.split('/');
        if (scope.node.tryFindChild(path[0]) === undefined) this.created.push([scope, path[0]]);
        for (const step of path.slice(0, -1)) scope = scope.node.tryFindChild(step) ?? new Construct(scope as Construct, step);
        leaf = path[path.length - 1];
      }
      const object = new RenderedApiObject(scope as Construct, leaf, manifest);
      // cdk8s gives every object the chart's namespace; a cluster-scoped one must have none.
      const chart = object.chart;
      const clusterScoped = isClusterScoped(manifest);
      if (clusterScoped && chart.namespace !== undefined) object.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
      const { apiVersion, kind, metadata } = manifest;
      this.emit(emitted, this.chart(chart), objectIdentity(apiVersion, kind, clusterScoped ? undefined : metadata.namespace ?? chart.namespace, metadata.name), `${owner}/${id}`, problems);
    }
  }

  /**
   * Notes that `path` emits the object `identity` in a chart, and reports a
   * duplicate when another construct already does: `kubectl apply` would keep
   * only the last one, silently (two gateways deploying the same proxy, say).
   */
  private emit(emitted: Map<ChartState, Map<string, string>>, state: ChartState, identity: string, path: string, problems: ModelProblem[]): void {
    let seen = emitted.get(state);
    if (!seen) emitted.set(state, (seen = new Map()));
    const first = seen.get(identity);
    if (first === undefined) {
      seen.set(identity, path);
      return;
    }
    const [, kind, namespace, name] = identity.split('|');
    problems.push({
      source: state.path,
      field: 'objects',
      message:
        `${kind} ${namespace ? `${namespace}/` : ''}${name} is emitted twice, by ${first} and ${path}; ` +
        'kubectl would keep only the last: give one of them another name or namespace (for two gateways in one namespace, GatewayProxy.bundled({ name }))',
    });
  }

  private entry(gateway: ModelledGateway): GatewayEntry {
    let entry = this.gateways.get(gateway);
    if (!entry) {
      entry = { gateway, routes: [], tls: [] };
      this.gateways.set(gateway, entry);
    }
    return entry;
  }

  private chart(scope: IConstruct): ChartState {
    const chart = Chart.of(scope);
    let state = this.charts.get(chart);
    if (!state) this.charts.set(chart, (state = { namespaces: new Map(), ingressClasses: new Map(), ownObjects: [], path: chart.node.path }));
    return state;
  }
}

/** What makes an object unique in a cluster (the version aside, the API server serves one object under every version of its group). */
function objectIdentity(apiVersion: string, kind: string, namespace: string | undefined, name: string): string {
  return `${apiVersion}|${kind}|${namespace ?? ''}|${name}`;
}

/** A Service as the backend-port check reads it: identity and ports, as they will be written. */
interface ServicePorts {
  readonly name: string;
  readonly namespace?: string;
  readonly ports: readonly unknown[];
}

/**
 * The Service an ApiObject writes, from its manifest; undefined when the
 * manifest cannot be produced yet (cdk8s reports that on synthesis), or for an
 * ExternalName Service, which forwards by DNS: its ports are not what the proxy
 * connects to.
 */
function servicePortsOfManifest(construct: ApiObject): ServicePorts | undefined {
  let manifest: any;
  try {
    manifest = construct.toJson();
  } catch {
    return undefined;
  }
  const ports = manifest?.spec?.ports;
  if (!Array.isArray(ports) || manifest.spec.type === 'ExternalName' || typeof manifest.metadata?.name !== 'string') return undefined;
  return { name: manifest.metadata.name, namespace: manifest.metadata.namespace, ports };
}

/**
 * The same, without producing the manifest, for the object of a cdk8s-plus
 * Service (its `Resource`): cdk8s-plus writes `spec.ports` from exactly the
 * Service's `ports` (name and port) and `spec.type` from its `type`, and the
 * object's name and namespace are the ApiObject's. Resolving a whole Service
 * manifest costs about 50 µs, once more than cdk8s does anyway for every
 * Service of the program (1000 Services: 55 ms). Undefined, so that the
 * manifest decides, for any other owner, a Service without ports (cdk8s-plus
 * refuses it on synthesis), or an object with JSON patches (they may change
 * what is written).
 */
function servicePortsOfOwner(construct: ApiObject): ServicePorts | undefined {
  const owner = construct.node.scope as { readonly resourceType?: unknown; readonly apiObject?: unknown; readonly ports?: unknown; readonly type?: unknown } | undefined;
  if (construct.node.id !== 'Resource' || owner === undefined || owner.resourceType !== 'services' || owner.apiObject !== construct) return undefined;
  const patches = (construct as unknown as { readonly patches?: unknown }).patches;
  if (!Array.isArray(patches) || patches.length > 0) return undefined;
  const ports = owner.ports;
  if (!Array.isArray(ports) || ports.length === 0 || typeof owner.type !== 'string' || typeof construct.name !== 'string') return undefined;
  if (owner.type === 'ExternalName') return undefined;
  const namespace = construct.metadata.namespace;
  if (namespace !== undefined && typeof namespace !== 'string') return undefined;
  return { name: construct.name, namespace, ports };
}

/** The ports of a Service with a port number, named when the name is not empty. */
function knownPorts(ports: readonly unknown[]): KnownServiceModel['ports'] {
  return ports
    .filter((p: any) => typeof p?.port === 'number')
    .map((p: any) => (typeof p.name === 'string' && p.name !== '' ? { port: p.port, name: p.name } : { port: p.port }));
}
