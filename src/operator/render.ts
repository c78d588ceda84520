import { ApiObject, App, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ExposedService } from '../constructs/exposed-service';
import { IngressGateway } from '../constructs/ingress-gateway';
import { TlsIngress } from '../constructs/tls-ingress';
import { ValidationError } from '../errors';
import { hostsIntersect } from '../model/hosts';
import { IngressApiKind, ListenerModel, ListenerProtocol, ResolvedGatewayModel } from '../model/types';
import { DecodeError, exposedServiceProps, gatewayProps, tlsIngressProps } from './decode';
import { OPERATOR_CRDS, OPERATOR_GROUP, OPERATOR_KINDS } from './generated/crds';
import { checkSchema, StructuralSchema } from './schema-check';
import { ExposedServiceSpec, GatewayRefSpec, IngressGatewaySpec, ListenerStatus, TlsIngressSpec } from './spec';
import { extended } from '../model/objects';

/**
 * The one place where custom resources become Kubernetes objects: the
 * resources are decoded into construct props, built into an in-memory cdk8s
 * app with the library's public constructs exactly as a `cdk8s synth`
 * program would build them, synthesised, and each resource gets the objects
 * under its own construct. (When the library's pure entry point lands, this
 * module switches to it; nothing else here depends on constructs.)
 *
 * The resources of one gateway render together, because they depend on each
 * other: a gateway's listeners come from every service and TLS configuration
 * attached to it, and their routes from those listeners. A resource that
 * cannot be rendered (an invalid spec, a conflict with another resource) must
 * not take the others down, nor lose what it had: it is replaced by the spec
 * its applied objects came from (`status.appliedSpec`, when the caller keeps
 * one), or else left out, and the app is rebuilt until every resource in it
 * renders. Conflicts go against the newcomer: resources whose spec is already
 * applied come first, then by age.
 */

/** A custom resource of operator mode, as read from the cluster or a file. */
export interface CustomResource {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    /** @default - the render options' `defaultNamespace` */
    readonly namespace?: string;
    /** @default - not set (a resource read from a file): ordered before the stored ones */
    readonly creationTimestamp?: string;
    /** @default - not set (a resource read from a file) */
    readonly generation?: number;
    readonly [key: string]: unknown;
  };
  /** @default - none */
  readonly spec?: unknown;
  /** @default - none */
  readonly status?: { readonly appliedSpec?: unknown; readonly [key: string]: unknown };
}

/** A Kubernetes object as synthesised. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** Why a resource is not rendered from its current spec. */
export enum NotReadyReason {
  /** The spec is invalid on its own. */
  INVALID_SPEC = 'InvalidSpec',
  /** The spec is valid, but clashes with another resource (the same route, the same object). */
  CONFLICT = 'Conflict',
  /** The IngressGateway it is attached to does not exist. */
  GATEWAY_NOT_FOUND = 'GatewayNotFound',
  /** The IngressGateway exists but has never had a valid spec. */
  GATEWAY_NOT_READY = 'GatewayNotReady',
  /** It needs objects in another namespace, or cluster-scoped ones, which its controller cannot own. */
  OUTSIDE_NAMESPACE = 'OutsideNamespace',
}

/** A problem of a resource, at a field of it (`spec.routes[1].timeout`). */
export interface ResourceProblem {
  readonly field: string;
  readonly message: string;
  readonly reason: NotReadyReason;
}

export type OperatorKind = 'IngressGateway' | 'ExposedService' | 'TlsIngress';

/** What became of one resource. */
export interface RenderedResource {
  readonly resource: CustomResource;
  readonly kind: OperatorKind;
  readonly namespace: string;
  readonly name: string;
  /**
   * The objects of its current spec; undefined when that spec cannot be rendered (see problems).
   * @default - none
   */
  readonly objects?: readonly Manifest[];
  /** Why the current spec cannot be rendered; empty when it can. */
  readonly problems: readonly ResourceProblem[];
  /** Which spec the other resources saw: its own, its applied one, or none. */
  readonly rendered: 'spec' | 'appliedSpec' | 'none';
  /** Hosts it serves, in the final app. */
  readonly hosts: readonly string[];
  /** Listeners it is served on (a gateway: all of them), in the final app. */
  readonly listeners: readonly ListenerStatus[];
  /**
   * The API of its gateway, when rendered.
   * @default - none
   */
  readonly api?: IngressApiKind;
}

export interface RenderOptions {
  /**
   * Render only the resources of this gateway, plus every other gateway (for
   * the checks between gateways: two proxies of the same name, Istio selectors
   * matching another gateway's proxy).
   * @default - every resource
   */
  readonly gateway?: { readonly namespace: string; readonly name: string };
  /**
   * Whether a resource whose spec cannot be rendered is rendered from its `status.appliedSpec`.
   * @default false
   */
  readonly useAppliedSpecs?: boolean;
  /**
   * Objects a resource may need outside its own namespace, or cluster-scoped,
   * that already exist as rendered (Metacontroller cannot own them). When set,
   * any other object outside the resource's namespace makes it invalid.
   * @default - objects may be anywhere (the KRM function: kubectl applies them)
   */
  readonly existingElsewhere?: (object: Manifest) => boolean;
  /**
   * Which resources' objects to render (the others are built and validated,
   * not rendered: a hook answers for one parent).
   * @default - every resource's
   */
  readonly objectsOf?: (key: string) => boolean;
  /**
   * Namespace of resources without one.
   * @default "default"
   */
  readonly defaultNamespace?: string;
}

const CHART_ID = 'cdk8s-istio-ingress-operator';
const PLURALS: Readonly<Record<OperatorKind, string>> = Object.fromEntries(OPERATOR_KINDS.map((k) => [k.kind, k.plural])) as Record<OperatorKind, string>;
const KIND_BY_PLURAL = new Map(OPERATOR_KINDS.map((k) => [k.plural as string, k.kind as OperatorKind]));
const SPEC_SCHEMAS: ReadonlyMap<string, StructuralSchema> = new Map(
  OPERATOR_CRDS.map((crd: any) => [crd.spec.names.kind as string, crd.spec.versions[0].schema.openAPIV3Schema.properties.spec as StructuralSchema]),
);
/** Paths of constructs of this app in messages, e.g. `cdk8s-istio-ingress-operator/default/exposedservices/httpbin/Resource`. */
const PATH_IN_TEXT = new RegExp(`${CHART_ID}/([a-z0-9-]+)/(${OPERATOR_KINDS.map((k) => k.plural).join('|')})/([^\\s,;:)'"/]+)(/[^\\s,;:)'"]*)?`, 'g');
/** The spec fields holding a factory object, whose key a construct's field name leaves out (`proxy.replicas` is `spec.proxy.bundled.replicas`). */
const FACTORY_FIELDS = new Set(['spec.api', 'spec.proxy', 'spec.certificate', 'spec.clientCa']);

export function isOperatorResource(object: unknown): object is CustomResource {
  if (object === null || typeof object !== 'object') return false;
  const { apiVersion, kind } = object as Record<string, unknown>;
  return typeof apiVersion === 'string' && apiVersion.split('/')[0] === OPERATOR_GROUP && typeof kind === 'string' && Object.hasOwn(PLURALS, kind);
}

/** Identifies a resource: `Kind/namespace/name`. */
export function resourceKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

interface Member {
  readonly key: string;
  readonly resource: CustomResource;
  readonly kind: OperatorKind;
  readonly namespace: string;
  readonly name: string;
  readonly path: string;
  /** The current spec, then the applied one when it differs. */
  readonly candidates: readonly unknown[];
  /** Index of the candidate in use; candidates.length: left out. */
  index: number;
  /** Problems of the current spec, once known. */
  problems?: ResourceProblem[];
  /** Problems of the current spec against a gateway spec that has since fallen back. */
  stale?: ResourceProblem[];
  /** Whether the current spec fails on its own (its schema): no other resource changes that. */
  intrinsic?: boolean;
  /** Only there for the checks between gateways: its own problems are its own world's business. */
  readonly context: boolean;
  /** Whether the current spec is the applied one (conflicts go against the others). */
  readonly settled: boolean;
}

/** Renders the resources; one result per resource of operator mode among them (others are ignored). */
export function render(resources: readonly CustomResource[], options: RenderOptions = {}): Map<string, RenderedResource> {
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const members = membersOf(resources, options, defaultNamespace);
  for (const member of members) checkSpecs(member);
  // Each gateway that falls back starts its resources over: passes are bounded by the product.
  const count = (gateways: boolean) => members.filter((m) => (m.kind === 'IngressGateway') === gateways).reduce((sum, m) => sum + m.candidates.length, 0) + 1;
  const limit = count(true) * count(false) + 1;
  for (let pass = 0; pass <= limit; pass++) {
    const world = build(members, options);
    if (world.done) return results(members, world);
  }
  throw new Error('rendering did not settle; this is a bug of cdk8s-istio-ingress');
}

function membersOf(resources: readonly CustomResource[], options: RenderOptions, defaultNamespace: string): Member[] {
  const members: Member[] = [];
  const seen = new Set<string>();
  for (const resource of resources) {
    if (!isOperatorResource(resource)) continue;
    const kind = resource.kind as OperatorKind;
    const namespace = resource.metadata?.namespace ?? defaultNamespace;
    const name = resource.metadata?.name;
    const key = resourceKey(kind, namespace, String(name));
    if (seen.has(key)) continue;
    seen.add(key);
    const applied = options.useAppliedSpecs ? resource.status?.appliedSpec : undefined;
    const candidates = applied === undefined || stableJson(applied) === stableJson(resource.spec) ? [resource.spec] : [resource.spec, applied];
    members.push({
      key,
      resource,
      kind,
      namespace,
      name: String(name),
      path: `${CHART_ID}/${namespace}/${PLURALS[kind]}/${name}`,
      candidates,
      index: 0,
      context: false,
      settled: applied !== undefined && candidates.length === 1,
    });
  }
  if (options.gateway === undefined) return members;
  const focus = resourceKey('IngressGateway', options.gateway.namespace, options.gateway.name);
  return members
    .filter((m) => m.kind === 'IngressGateway' || m.candidates.some((spec) => gatewayKeyOf(spec, m.namespace) === focus))
    .map((m) => (m.kind === 'IngressGateway' && m.key !== focus ? extended(m, { context: true }) : m));
}

function gatewayKeyOf(spec: unknown, namespace: string): string | undefined {
  const ref = (spec as { gateway?: GatewayRefSpec } | undefined)?.gateway;
  if (ref === null || typeof ref !== 'object' || typeof ref.name !== 'string') return undefined;
  return resourceKey('IngressGateway', typeof ref.namespace === 'string' ? ref.namespace : namespace, ref.name);
}

interface World {
  readonly done: boolean;
  readonly constructs: ReadonlyMap<string, IConstruct>;
  readonly objects: ReadonlyMap<string, Manifest[]>;
  /** Sources whose gateway is not in the app, and why. */
  readonly orphans: ReadonlyMap<string, NotReadyReason>;
}

/** Problems found building and synthesising, by resource; returns `done` when none is left. */
function build(members: Member[], options: RenderOptions): World {
  const app = new App();
  const chart = new Chart(app, CHART_ID);
  const scopes = new Map<string, Construct>();
  const constructs = new Map<string, IConstruct>();
  const orphans = new Map<string, NotReadyReason>();
  const scope = (member: Member) => {
    const id = `${member.namespace}/${PLURALS[member.kind]}`;
    let found = scopes.get(id);
    if (!found) {
      const ns = scopes.get(member.namespace) ?? new Construct(chart, member.namespace);
      scopes.set(member.namespace, ns);
      scopes.set(id, (found = new Construct(ns, PLURALS[member.kind])));
    }
    return found;
  };
  const failed = new Map<Member, ResourceProblem[]>();
  const fail = (member: Member, problems: ResourceProblem[]) => failed.set(member, [...(failed.get(member) ?? []), ...problems]);
  const retry = () => advance(failed, members);

  const gateways = members.filter((m) => m.kind === 'IngressGateway').sort(byPlace);
  for (const member of gateways) {
    if (member.index >= member.candidates.length) continue;
    const problems = construct(member, scope(member), undefined);
    if (problems instanceof Array) {
      fail(member, problems);
      return retry();
    }
    constructs.set(member.key, problems);
  }
  const sources = members.filter((m) => m.kind !== 'IngressGateway').sort(bySeniority);
  for (const member of sources) {
    if (member.index >= member.candidates.length) continue;
    const gatewayKey = gatewayKeyOf(member.candidates[member.index], member.namespace);
    const gateway = members.find((m) => m.key === gatewayKey);
    // Attached to another gateway (its applied spec was this one's): that gateway's world judges it.
    if (gateway?.context) continue;
    const built = gatewayKey === undefined ? undefined : constructs.get(gatewayKey);
    if (gatewayKey !== undefined && !built) {
      orphans.set(member.key, gateway ? NotReadyReason.GATEWAY_NOT_READY : NotReadyReason.GATEWAY_NOT_FOUND);
      continue;
    }
    const result = construct(member, scope(member), built as IngressGateway | undefined);
    if (result instanceof Array) {
      fail(member, result);
      return retry();
    }
    constructs.set(member.key, result);
  }

  // Synthesis: every validation of the app, then every object, as `cdk8s synth` does.
  const byMember = new Map<Member, ResourceProblem[]>();
  const add = (member: Member, problem: ResourceProblem) => byMember.set(member, [...(byMember.get(member) ?? []), problem]);
  const report = (constructPath: string, field: string, text: string) => attribute(members, constructPath, field, text, add);
  for (const node of app.node.findAll()) {
    try {
      for (const message of node.node.validate()) {
        const colon = message.indexOf(': ');
        report(node.node.path, colon < 0 ? '' : message.slice(0, colon), colon < 0 ? message : message.slice(colon + 2));
      }
    } catch (e) {
      thrown(e, node.node.path, report);
    }
  }
  const objects = new Map<string, Manifest[]>();
  for (const member of members) {
    const built = constructs.get(member.key);
    if (!built) continue;
    const wanted = options.objectsOf === undefined || options.objectsOf(member.key);
    const checkElsewhere = options.existingElsewhere !== undefined && !member.context;
    const list: Manifest[] = [];
    const outside: Manifest[] = [];
    for (const node of built.node.findAll()) {
      if (!(node instanceof ApiObject)) continue;
      const elsewhere = node.metadata.namespace !== member.namespace;
      // Rendering an object is most of the cost: only those asked for, and those to look up elsewhere.
      if (!wanted && !(elsewhere && checkElsewhere)) continue;
      let json: Manifest;
      try {
        json = node.toJson() as Manifest;
      } catch (e) {
        thrown(e, node.node.path, report);
        continue;
      }
      if (wanted) list.push(json);
      if (elsewhere && checkElsewhere && !options.existingElsewhere!(json)) outside.push(json);
    }
    objects.set(member.key, list);
    if (outside.length > 0) add(member, outsideNamespace(member, outside));
  }
  // A gateway's problems first: its resources' problems may be the gateway's doing.
  const relevant = [...byMember.entries()].filter(([member]) => !member.context);
  const gatewayProblems = relevant.filter(([member]) => member.kind === 'IngressGateway');
  for (const [member, problems] of gatewayProblems.length > 0 ? gatewayProblems : relevant) fail(member, problems);
  if (failed.size > 0) return retry();
  return { done: true, constructs, objects, orphans };
}

/** Moves each failed resource to its next spec, remembering the problems of its current one. */
function advance(failed: Map<Member, ResourceProblem[]>, members: readonly Member[]): World {
  if ([...failed.keys()].some((m) => m.kind === 'IngressGateway')) {
    // The resources of a gateway that changes are judged again against the spec it falls back to.
    for (const member of members) {
      if (member.kind === 'IngressGateway' || member.intrinsic) continue;
      member.stale = member.problems ?? member.stale;
      member.index = 0;
      member.problems = undefined;
    }
  }
  for (const [member, problems] of failed) {
    if (member.index === 0 && !member.context) member.problems = problems;
    member.index++;
  }
  return { done: false, constructs: new Map(), objects: new Map(), orphans: new Map() };
}

/**
 * Leaves out the specs that fail their schema: nothing another resource does
 * changes that, so they are never tried.
 */
function checkSpecs(member: Member): void {
  while (member.index < member.candidates.length) {
    const spec = member.candidates[member.index];
    const problems: ResourceProblem[] =
      spec === undefined
        ? [{ field: 'spec', message: 'is required', reason: NotReadyReason.INVALID_SPEC }]
        : checkSchema(SPEC_SCHEMAS.get(member.kind)!, spec, 'spec').map((p) => ({ field: p.path, message: p.message, reason: NotReadyReason.INVALID_SPEC }));
    if (problems.length === 0) return;
    if (member.index === 0) {
      member.problems = problems;
      member.intrinsic = true;
    }
    member.index++;
  }
}

/** Builds the construct of a resource, or returns why it cannot be. */
function construct(member: Member, scope: Construct, gateway: IngressGateway | undefined): IConstruct | ResourceProblem[] {
  const spec = member.candidates[member.index];
  const invalid = (field: string, message: string) => [{ field, message, reason: NotReadyReason.INVALID_SPEC }];
  const place = { name: member.name, namespace: member.namespace };
  try {
    switch (member.kind) {
      case 'IngressGateway':
        return new IngressGateway(scope, member.name, gatewayProps(spec as IngressGatewaySpec, place));
      case 'ExposedService':
        return new ExposedService(scope, member.name, exposedServiceProps(spec as ExposedServiceSpec, place, gateway!));
      case 'TlsIngress':
        return new TlsIngress(scope, member.name, tlsIngressProps(spec as TlsIngressSpec, place, gateway!));
    }
  } catch (e) {
    if (e instanceof DecodeError) return invalid(e.path, e.problem);
    if (e instanceof ValidationError) {
      const problem = readable(e.message.slice(`[${e.constructPath}] ${e.field}: `.length));
      const own = e.constructPath === member.path || e.constructPath.startsWith(`${member.path}/`);
      return invalid(own ? specField(spec, e.field) : 'spec', problem);
    }
    return invalid('spec', `cannot be rendered: ${(e as Error)?.message ?? String(e)}`);
  }
}

function thrown(e: unknown, at: string, report: (constructPath: string, field: string, text: string) => void): void {
  // Synthesis reports every problem at once, each with its construct and field.
  if (e instanceof ValidationError) for (const p of e.problems) report(p.constructPath, p.field, p.message);
  else report(at, '', `cannot be rendered: ${(e as Error)?.message ?? String(e)}`);
}

/** Gives a problem found at `constructPath` to the resource that can fix it. */
function attribute(members: readonly Member[], constructPath: string, field: string, text: string, add: (member: Member, problem: ResourceProblem) => void): void {
  const owner = members
    .filter((m) => constructPath === m.path || constructPath.startsWith(`${m.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
  const mentioned = members.filter((m) => m !== owner && mentions(text, m.path));
  const reason = mentioned.length > 0 ? NotReadyReason.CONFLICT : NotReadyReason.INVALID_SPEC;
  const message = readable(text);
  if (owner) {
    add(owner, { field: specField(owner.candidates[owner.index], field), message, reason });
    return;
  }
  // A problem of the whole app (two resources emitting the same object): each resource it names.
  for (const member of mentioned.length > 0 ? mentioned : members) add(member, { field: 'metadata.name', message, reason: NotReadyReason.CONFLICT });
}

function mentions(text: string, path: string): boolean {
  const at = text.indexOf(path);
  return at >= 0 && !/[^\s,;:)'"/]/.test(text.charAt(at + path.length) || ' ');
}

/** Construct paths in a message become the resources they stand for (`ExposedService default/httpbin`). */
function readable(text: string): string {
  return text.replace(PATH_IN_TEXT, (_all, namespace: string, plural: string, name: string) => `${KIND_BY_PLURAL.get(plural)} ${namespace}/${name}`);
}

/**
 * The spec field a construct's field stands for: `routes[1].timeout` is
 * `spec.routes[1].timeout`, `proxy.replicas` is `spec.proxy.bundled.replicas`,
 * the name and namespace come from metadata.
 */
export function specField(spec: unknown, field: string): string {
  if (field === '' || field === 'props') return 'spec';
  if (field === 'name' || field.startsWith('name (') || field === 'objects') return 'metadata.name';
  if (field === 'namespace') return 'metadata.namespace';
  let node: unknown = spec;
  let out = 'spec';
  const segments = field.match(/\[[^\]]*\]|[^.[\]]+/g) ?? [];
  for (const segment of segments) {
    if (FACTORY_FIELDS.has(out) && isObject(node)) {
      const keys = Object.keys(node);
      if (keys.length === 1) {
        out += `.${keys[0]}`;
        node = node[keys[0]];
      }
    }
    const key = segment.startsWith('[') ? (segment.startsWith('["') ? JSON.parse(segment.slice(1, -1)) : Number(segment.slice(1, -1))) : segment;
    out += segment.startsWith('[') ? segment : `.${segment}`;
    node = isObject(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[key] : undefined;
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function outsideNamespace(member: Member, objects: readonly Manifest[]): ResourceProblem {
  const names = objects.map((o) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}${o.metadata.namespace ? '' : ' (cluster-scoped)'}`);
  return {
    field: 'metadata.namespace',
    reason: NotReadyReason.OUTSIDE_NAMESPACE,
    message:
      `needs ${names.join(', ')} outside namespace ${member.namespace}; Metacontroller only manages children in their parent's namespace (owner references cannot cross namespaces), ` +
      'so these must exist as rendered before the rest is applied: create them yourself (the KRM function renders them: npx cdk8s-istio-ingress krm), or keep the backends, credentials and gateway in this namespace',
  };
}

function results(members: readonly Member[], world: World): Map<string, RenderedResource> {
  const out = new Map<string, RenderedResource>();
  const models = new Map<string, ResolvedGatewayModel>();
  for (const member of members) {
    if (member.context) continue;
    const rendered = member.index >= member.candidates.length || world.orphans.has(member.key) ? 'none' : member.index === 0 ? 'spec' : 'appliedSpec';
    const orphaned = world.orphans.get(member.key);
    // A resource that also failed on its own reports that; one whose gateway's fallback left it without one, what it failed with.
    const problems: ResourceProblem[] =
      orphaned === undefined ? member.problems ?? [] : member.problems ?? member.stale ?? [gatewayProblem(member, orphaned)];
    const built = world.constructs.get(member.key);
    const gateway = built instanceof IngressGateway ? built : built instanceof ExposedService || built instanceof TlsIngress ? (built.gateway as IngressGateway) : undefined;
    let model: ResolvedGatewayModel | undefined;
    if (gateway) {
      model = models.get(gateway.node.path) ?? gateway.toModel();
      models.set(gateway.node.path, model);
    }
    const served = model && built ? servedBy(built, model) : { hosts: [], listeners: [] };
    out.set(member.key, {
      resource: member.resource,
      kind: member.kind,
      namespace: member.namespace,
      name: member.name,
      objects: rendered === 'spec' && problems.length === 0 ? world.objects.get(member.key) ?? [] : undefined,
      problems,
      rendered,
      hosts: served.hosts,
      listeners: served.listeners,
      api: model?.api,
    });
  }
  return out;
}

function gatewayProblem(member: Member, reason: NotReadyReason): ResourceProblem {
  const ref = (member.candidates[0] as { gateway?: GatewayRefSpec }).gateway!;
  const where = `${ref.namespace ?? member.namespace}/${ref.name}`;
  return {
    field: 'spec.gateway',
    reason,
    message:
      reason === NotReadyReason.GATEWAY_NOT_FOUND
        ? `IngressGateway ${where} does not exist; create it, or attach to an existing one`
        : `IngressGateway ${where} has no valid spec yet (see its status); this resource is rendered once it has`,
  };
}

function servedBy(built: IConstruct, model: ResolvedGatewayModel): { hosts: string[]; listeners: ListenerStatus[] } {
  const status = (l: ListenerModel): ListenerStatus => ({ name: l.name, port: l.port, protocol: l.protocol, hostname: l.hostname });
  if (built instanceof IngressGateway) {
    return { hosts: [...new Set(model.listeners.map((l) => l.hostname))].sort(), listeners: model.listeners.map(status) };
  }
  const source = built instanceof ExposedService ? model.routes.find((r) => r.source === built.node.path) : model.tls.find((t) => t.source === built.node.path);
  if (!source) return { hosts: [], listeners: [] };
  const tls = built instanceof TlsIngress;
  const listeners = model.listeners.filter((l) => {
    if (!source.hosts.some((host) => hostsIntersect(host, l.hostname))) return false;
    if (tls) return l.port === source.port || (l.httpsRedirect === true && l.port === (source as { redirectFromPort?: number }).redirectFromPort);
    return (l.protocol === ListenerProtocol.HTTP && !l.httpsRedirect && l.port === source.port) || l.protocol === ListenerProtocol.HTTPS;
  });
  return { hosts: [...source.hosts], listeners: listeners.map(status) };
}


function byPlace(a: Member, b: Member): number {
  return compare(a.namespace, b.namespace) || compare(a.name, b.name);
}

/** Applied specs first, then the oldest: a newcomer gets the conflict, not the resource already serving. */
function bySeniority(a: Member, b: Member): number {
  return (
    Number(b.settled) - Number(a.settled) ||
    compare(String(a.resource.metadata.creationTimestamp ?? ''), String(b.resource.metadata.creationTimestamp ?? '')) ||
    byPlace(a, b) ||
    compare(a.kind, b.kind)
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** JSON with sorted keys, to compare specs. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isObject(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}
