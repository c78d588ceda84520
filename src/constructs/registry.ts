import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { checkProxySelectors } from '../checks';
import { problem } from '../errors';
import { ModelProblem } from '../model/problems';
import { GatewayModel, ResolvedGatewayModel } from '../model/types';
import { renderGatewayModel } from '../render';
import { isClusterScoped, RenderedObject } from '../render/manifest';
import { IIngressGateway } from './gateway-reference';
import { AttachedSources, ModelledGateway, referencedGatewayModel, RouteSource, TlsSource } from './sources';

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
  checked: boolean;
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
  /** Problems of the last synthesis, by construct path. */
  private problems = new Map<string, string[]>();
  /** Objects created by the last synthesis, to be replaced by the next: owner and child id. */
  private created: [IConstruct, string][] = [];

  private constructor(root: Construct) {
    super(root, REGISTRY_ID);
    root.node.addValidation({ validate: () => this.render() });
  }

  /** Registers a gateway this library renders (it is rendered even with nothing attached). */
  public addGateway(gateway: ModelledGateway): void {
    this.entry(gateway);
  }

  /** Attaches a route construct to `gateway`: it is rendered with the gateway, and reports its problems. */
  public attachRoute(gateway: IConstruct, source: RouteSource): void {
    this.entry(gateway as ModelledGateway).routes.push(source);
    this.reportProblems(source);
  }

  /** Attaches a TLS construct to `gateway`: it is rendered with the gateway, and reports its problems. */
  public attachTls(gateway: IConstruct, source: TlsSource): void {
    this.entry(gateway as ModelledGateway).tls.push(source);
    this.reportProblems(source);
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
    this.namespaceLabels.set(name, { ...this.namespaceLabels.get(name), ...labels });
    return true;
  }

  /** The construct that already creates IngressClass `name` in the chart of `scope`, or undefined after recording `scope` as its creator. */
  public claimIngressClass(scope: IConstruct, name: string): string | undefined {
    const classes = this.chart(scope).ingressClasses;
    const owner = classes.get(name);
    if (owner === undefined) classes.set(name, scope.node.path);
    return owner;
  }

  /** The labels a namespace will have, when the program creates it (plus the one Kubernetes adds). */
  public knownNamespaceLabels(name: string): Record<string, string> | undefined {
    const labels = this.namespaceLabels.get(name);
    return labels === undefined ? undefined : { ...labels, 'kubernetes.io/metadata.name': name };
  }

  /** Problems of the last synthesis for the construct at `path`, as validation messages (`field: message`). */
  public problemsOf(path: string): string[] {
    return this.problems.get(path) ?? [];
  }

  /** The model of `gateway` with what is attached to it now, listeners resolved (for tools reading the model). */
  public modelOf(gateway: ModelledGateway): ResolvedGatewayModel {
    return renderGatewayModel(this.gatewayModel(this.entry(gateway))).model;
  }

  /** Makes the chart of `scope` check, at synth time, that no two of its objects share apiVersion, kind, namespace and name. */
  public watchChart(scope: IConstruct): void {
    const chart = Chart.of(scope);
    const state = this.chart(chart);
    if (state.checked) return;
    state.checked = true;
    chart.node.addValidation({ validate: () => duplicateObjects(chart) });
  }

  private render(): string[] {
    for (const [owner, id] of this.created) owner.node.tryRemoveChild(id);
    this.created = [];
    const problems: ModelProblem[] = [];
    const models: ResolvedGatewayModel[] = [];
    for (const entry of this.gateways.values()) {
      const rendering = renderGatewayModel(this.gatewayModel(entry));
      problems.push(...rendering.problems);
      models.push(rendering.model);
      if (rendering.problems.length === 0) this.materialize(entry, rendering.objects);
    }
    problems.push(...checkProxySelectors(models));
    this.problems = new Map();
    for (const p of problems) {
      const texts = this.problems.get(p.source);
      const text = problem(p.field, p.message);
      if (texts) texts.push(text);
      else this.problems.set(p.source, [text]);
    }
    return [];
  }

  private gatewayModel(entry: GatewayEntry): GatewayModel {
    const attached: AttachedSources = {
      routes: entry.routes.map((source) => source._routeModel()),
      tls: entry.tls.map((source) => source._tlsModel()),
      knownNamespaces: Object.fromEntries(this.namespaceLabels),
    };
    // A gateway of this library describes itself; any other IIngressGateway is known by its public fields only.
    const gateway = entry.gateway;
    return typeof gateway._gatewayModel === 'function' ? gateway._gatewayModel(attached) : referencedGatewayModel(gateway as unknown as IIngressGateway, attached);
  }

  /** Creates each rendered object under its owner, as an ApiObject with the object's id. */
  private materialize(entry: GatewayEntry, objects: readonly RenderedObject[]): void {
    const owners = new Map<string, IConstruct>([[entry.gateway.node.path, entry.gateway]]);
    for (const source of [...entry.routes, ...entry.tls]) owners.set(source.node.path, source);
    for (const { owner, id, manifest } of objects) {
      const path = id.split('/');
      let scope = owners.get(owner)!;
      if (scope.node.tryFindChild(path[0]) === undefined) this.created.push([scope, path[0]]);
      for (const step of path.slice(0, -1)) scope = scope.node.tryFindChild(step) ?? new Construct(scope as Construct, step);
      const object = new ApiObject(scope as Construct, path[path.length - 1], manifest);
      // cdk8s gives every object the chart's namespace; a cluster-scoped one must have none.
      if (isClusterScoped(manifest) && object.chart.namespace !== undefined) object.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    }
  }

  private entry(gateway: ModelledGateway): GatewayEntry {
    let entry = this.gateways.get(gateway);
    if (!entry) {
      entry = { gateway, routes: [], tls: [] };
      this.gateways.set(gateway, entry);
      this.reportProblems(gateway);
    }
    return entry;
  }

  private reportProblems(scope: IConstruct): void {
    scope.node.addValidation({ validate: () => this.problemsOf(scope.node.path) });
  }

  private chart(scope: IConstruct): ChartState {
    const chart = Chart.of(scope);
    let state = this.charts.get(chart);
    if (!state) this.charts.set(chart, (state = { namespaces: new Map(), ingressClasses: new Map(), checked: false }));
    return state;
  }
}

function duplicateObjects(chart: Chart): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const construct of chart.node.findAll()) {
    if (!(construct instanceof ApiObject) || Chart.of(construct) !== chart) continue;
    const namespace = construct.metadata.namespace ?? '';
    const key = `${construct.apiVersion}|${construct.kind}|${namespace}|${construct.name}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, construct.node.path);
      continue;
    }
    problems.push(
      `objects: ${construct.kind} ${namespace ? `${namespace}/` : ''}${construct.name} is emitted twice, by ${first} and ${construct.node.path}; ` +
        'kubectl would keep only the last: give one of them another name or namespace (for two gateways in one namespace, GatewayProxy.bundled({ name }))',
    );
  }
  return problems;
}
