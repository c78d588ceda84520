import { App, Chart } from 'cdk8s';
import { clip } from '../model/show';
import { IngressApiKind } from '../model/types';
import type { IIngressGateway } from '../constructs/gateway-reference';
import { IngressRegistry } from '../constructs/registry';
import { ModelledGateway } from '../constructs/sources';
import { checkModelShape } from '../checks/model-shape';
import { hostsIntersect } from '../model/hosts';
import { resolveListeners } from '../model/listeners';
import { checkGateway } from '../render';
import type { ModelProblem } from '../model/problems';
import type { GatewayModel, ResolvedGatewayModel } from '../model/types';
import { RequestError } from './errors';
import { evaluate, EvaluationContext, withoutGateway } from './evaluate';
import { convertGatewayApi } from './gateway-api';
import { HostMap } from './hosts';
import { convertIngress } from './ingress';
import { Converted, Note } from './ir';
import { convertIstioApi } from './istio-api';
import { ManifestIndex } from './manifests';
import { parseRequest } from './matching';
import { explainModel } from './model';
import { ExplainRequest, ExplainResult, GatewaySelector, IgnoredObject, RouteOutcome, RoutingTable } from './result';
import { routingTable } from './routes';
import { buildProxies, Proxy } from './table';
import { extended } from '../model/objects';

/** Options of `RouteExplainer.fromManifests()`. */
export interface RouteExplainerOptions {
  /**
   * DNS suffix of the cluster, for Service host names.
   * @default "cluster.local"
   */
  readonly clusterDomain?: string;
  /**
   * Where each object comes from (`file:line`), in the order of the objects, for messages.
   * @default - the object's position, `objects[i]`
   */
  readonly sources?: string[];
  /**
   * The mesh config's `ingressClass`: Ingresses annotated with another class are not Istio's.
   * @default "istio"
   */
  readonly ingressClass?: string;
  /**
   * The mesh config's `ingressSelector`: Istio serves Ingresses through pods labelled `istio: <selector>`.
   * @default "ingressgateway"
   */
  readonly ingressSelector?: string;
  /**
   * The namespace istiod puts the Gateways it generates for Ingresses in (`K8S_INGRESS_NS`).
   * @default "istio-system"
   */
  readonly ingressNamespace?: string;
  /**
   * The gateway requests go to when they name none.
   * @default - the only gateway of the input, else the first that serves the request
   */
  readonly defaultGateway?: GatewaySelector;
}

/**
 * Explains, without a cluster, which backend answers a request and why:
 * for manifests of any origin (Istio API, Gateway API, Kubernetes Ingress),
 * read the way istiod 1.30 reads them, or for a gateway's route model.
 */
export class RouteExplainer {
  /**
   * An explainer for parsed manifests: Istio `Gateway` and `VirtualService`;
   * Gateway API `GatewayClass`, `Gateway`, `HTTPRoute`, `TLSRoute`,
   * `ReferenceGrant`; `Ingress` and `IngressClass`; `Service`, `Namespace`
   * and workloads (`Deployment`, ...) to resolve ports and proxies. Other
   * kinds are ignored and listed in `ignored`.
   */
  public static fromManifests(objects: any[], options: RouteExplainerOptions = {}): RouteExplainer {
    if (!options || typeof options !== 'object') throw new RequestError('options must be an object');
    const clusterDomain = options.clusterDomain ?? 'cluster.local';
    const index = new ManifestIndex(objects, options.sources);
    const converted: Converted = merge([
      convertIstioApi(index, { clusterDomain }),
      convertGatewayApi(index, { clusterDomain }),
      convertIngress(index, {
        clusterDomain,
        ingressClass: options.ingressClass ?? 'istio',
        ingressSelector: options.ingressSelector ?? 'ingressgateway',
        ingressNamespace: options.ingressNamespace ?? 'istio-system',
      }),
    ]);
    const built = buildProxies({ converted, index });
    return new RouteExplainer({ kind: 'manifests', proxies: built.proxies, context: { index, notes: built.notes, warnings: built.warnings, clusterDomain }, defaultGateway: options.defaultGateway, ignored: index.ignored, size: index.size });
  }

  /**
   * An explainer for a gateway of this library: its chart (and the charts of
   * its routes) are synthesised, and the explainer reads exactly the YAML the
   * library writes. Construct validation runs first, as `cdk8s synth` does.
   */
  public static fromGateway(gateway: IIngressGateway): RouteExplainer {
    if (!gateway || typeof gateway !== 'object' || typeof gateway.node !== 'object') throw new RequestError('expected an IngressGateway, or a gateway from IngressGateway.fromGatewayName()');
    const model = modelOfGateway(gateway);
    const { objects, sources } = synthesized(gateway, model);
    return RouteExplainer.fromManifests(objects, {
      clusterDomain: model.clusterDomain,
      sources,
      ...(model.api === IngressApiKind.KUBERNETES_INGRESS && model.proxy.selector.istio ? { ingressSelector: model.proxy.selector.istio } : {}),
      ...(model.api === IngressApiKind.KUBERNETES_INGRESS ? {} : { defaultGateway: { namespace: model.namespace, name: model.name } }),
    });
  }

  /**
   * An explainer for a gateway model itself: the library's own meaning of
   * listeners, hosts and route precedence (see the README's "Route
   * precedence"), to compare with what each API's YAML means to Istio.
   * TypeScript and JavaScript only: the route model is the
   * `cdk8s-istio-ingress/model` subpath, outside the jsii API.
   * @jsii ignore
   */
  public static fromModel(model: GatewayModel): RouteExplainer {
    if (!model || typeof model !== 'object' || !Array.isArray(model.routes) || !Array.isArray(model.tls)) throw new RequestError('expected a GatewayModel (modelOf(gateway) from cdk8s-istio-ingress/model)');
    const checked = modelChecked(model);
    return new RouteExplainer({ kind: 'model', model: checked.model, problems: checked.problems });
  }

  /** Input objects of kinds the explainer does not read. */
  public readonly ignored: IgnoredObject[];
  /** How many input objects were read. */
  public readonly objectCount: number;

  private constructor(private readonly source: Source) {
    this.ignored = source.kind === 'manifests' ? source.ignored : [];
    this.objectCount = source.kind === 'manifests' ? source.size : 0;
  }

  /** How requests can name the gateways of the input (`namespace/name`, or an Ingress class). */
  public gatewayNames(): string[] {
    if (this.source.kind === 'model') return [`${this.source.model.namespace}/${this.source.model.name}`];
    return this.source.proxies.map((p) => p.names.join(', '));
  }

  /** What happens to a request, and why. */
  public explain(request: ExplainRequest): ExplainResult {
    const parsed = parseRequest(request);
    const sni = sniOf(request.url);
    if (this.source.kind === 'model') return withModelProblems(this.source.model, this.source.problems, explainModel(this.source.model, parsed, sni));
    const { proxies, context } = this.source;
    const selector = request.gateway ?? this.source.defaultGateway;
    if (selector !== undefined) return evaluate(context, this.proxyFor(selector, request.gateway !== undefined), parsed, sni);
    if (proxies.length === 0) return withoutGateway(context, parsed);
    if (proxies.length === 1) return evaluate(context, proxies[0], parsed, sni);
    const results = proxies.map((p) => evaluate(context, p, parsed, sni));
    const served = results.findIndex((r) => r.outcome !== RouteOutcome.NO_LISTENER && r.outcome !== RouteOutcome.NOT_FOUND);
    const pick = served >= 0 ? served : Math.max(0, results.findIndex((r) => r.outcome !== RouteOutcome.NO_LISTENER));
    const others = proxies.filter((_, i) => i !== pick).map((p) => p.names.join(', '));
    const result = results[pick];
    return extended(result, { warnings: [...result.warnings, `the input has ${proxies.length} gateways; explained for ${proxies[pick].names.join(', ')}${served >= 0 ? ', the first that serves the request' : ''} (others: ${others.join('; ')}); name one with gateway`] });
  }

  /** Every gateway's routing, per listener and host, in the order Istio applies it. */
  public routes(): RoutingTable {
    if (this.source.kind === 'model') throw new RequestError('the routing table is read from manifests; use RouteExplainer.fromGateway() or fromManifests()');
    return routingTable(this.source.proxies, this.source.context);
  }

  private proxyFor(selector: GatewaySelector, given: boolean): Proxy {
    if (this.source.kind !== 'manifests') throw new RequestError('no gateways');
    if (!selector || typeof selector !== 'object' || typeof selector.name !== 'string' || selector.name === '') throw new RequestError('a gateway is named { namespace, name } (or an Ingress class by name)');
    const wanted = selector.namespace === undefined ? undefined : `${selector.namespace}/${selector.name}`;
    const found = this.source.proxies.filter((p) =>
      p.names.some((n) => (wanted === undefined ? n === selector.name || n.endsWith(`/${selector.name}`) : n === wanted)),
    );
    const shown = clip(wanted ?? selector.name);
    if (found.length === 0) {
      const known = this.source.proxies.flatMap((p) => p.names);
      if (!given && this.source.proxies.length === 1) return this.source.proxies[0];
      throw new RequestError(`unknown gateway ${shown}; the input has ${known.length === 0 ? 'no gateway' : listed(known, 10)}`);
    }
    if (found.length > 1) throw new RequestError(`gateway ${shown} is ambiguous (${found.map((p) => p.names.join(', ')).join('; ')}); give its namespace as namespace/name`);
    return found[0];
  }
}

type Source =
  | { readonly kind: 'model'; readonly model: ResolvedGatewayModel; readonly problems: readonly ModelProblem[] }
  | {
      readonly kind: 'manifests';
      readonly proxies: Proxy[];
      readonly context: EvaluationContext & { readonly notes: HostMap<Note> };
      readonly defaultGateway?: GatewaySelector;
      readonly ignored: IgnoredObject[];
      readonly size: number;
    };

function merge(parts: readonly Converted[]): Converted {
  return {
    gateways: parts.flatMap((p) => p.gateways),
    virtualServices: parts.flatMap((p) => p.virtualServices),
    notes: parts.flatMap((p) => p.notes),
    warnings: parts.flatMap((p) => p.warnings),
  };
}

/** The SNI a client such as curl sends: the URL's host name, none for an IP address. */
function sniOf(url: string): string | undefined {
  const host = new URL(url).hostname.toLowerCase();
  return /^[\d.]+$/.test(host) || host.startsWith('[') ? undefined : host;
}

/** The model of a gateway construct, with what is attached to it now. */
function modelOfGateway(gateway: IIngressGateway): ResolvedGatewayModel {
  return IngressRegistry.of(gateway).modelOf(gateway as unknown as ModelledGateway);
}

/**
 * The manifests the library writes for a gateway: the charts holding it and
 * its routes, after every construct validation (what `cdk8s synth` runs
 * before writing). One function, so that it can switch to the pure render
 * entry point when that exists.
 */
function synthesized(gateway: IIngressGateway, model: ResolvedGatewayModel): { objects: any[]; sources: string[] } {
  if (!(gateway.node.root instanceof App)) throw new RequestError(`${gateway.node.path} is not in a cdk8s App`);
  const owners = new Set([model.source, ...model.routes.map((r) => r.source), ...model.tls.map((t) => t.source)]);
  const charts: Chart[] = [];
  for (const construct of gateway.node.root.node.findAll()) {
    if (!owners.has(construct.node.path)) continue;
    const chart = Chart.of(construct);
    if (!charts.includes(chart)) charts.push(chart);
  }
  const objects: any[] = [];
  const sources: string[] = [];
  for (const chart of charts) {
    // Chart.toJson() is cdk8s's synthesis of one chart: dependencies resolved, the whole app validated, objects in output order.
    chart.toJson().forEach((object: unknown, i: number) => {
      objects.push(object);
      sources.push(`${chart.node.id}#${i}`);
    });
  }
  return { objects, sources };
}

/**
 * A model with its listeners and what the model checks say about it (the
 * constructs refuse such a model at synth time): a model is explained as it
 * is, problems included, and an answer those problems concern carries them
 * as warnings. A model whose shape the checks cannot read gets only the
 * problems of its listeners.
 */
function modelChecked(model: GatewayModel): { readonly model: ResolvedGatewayModel; readonly problems: readonly ModelProblem[] } {
  return checkModelShape(model).length === 0 ? checkGateway(model) : resolveListeners(model);
}

/** The answer with the problems of the rule that answered it, or of the TLS host it was asked for, as warnings. */
function withModelProblems(model: ResolvedGatewayModel, problems: readonly ModelProblem[], result: ExplainResult): ExplainResult {
  if (problems.length === 0) return result;
  const route = result.route;
  const concerned = problems.filter((p) => {
    if (route && p.source === route.object.source) {
      const rule = /^routes\[(\d+)\]/.exec(p.field);
      return rule === null || Number(rule[1]) === route.rule;
    }
    const host = /^hosts\[(\d+)\]$/.exec(p.field);
    if (host === null) return false;
    const tls = model.tls.find((t) => t.source === p.source);
    return tls !== undefined && hostsIntersect(tls.hosts[Number(host[1])] ?? '', result.request.host);
  });
  if (concerned.length === 0) return result;
  return extended(result, { warnings: [...result.warnings, ...concerned.map((p) => `refused by the model checks (synthesis fails): [${p.source}] ${p.field}: ${p.message}`)] });
}

/** The first `max` names, and how many more there are. */
function listed(names: readonly string[], max: number): string {
  return names.length > max ? `${names.slice(0, max).join(', ')} and ${names.length - max} more` : names.join(', ');
}
