import { attachedSections, HTTP_FAMILY } from '../model/attachment';
import { SharedClientCas } from '../model/credentials';
import { serviceFqdn } from '../model/names';
import {
  AllowedRoutesModel,
  BackendRefModel,
  CorsModel,
  CredentialRefModel,
  HeaderModifierModel,
  HttpRuleModel,
  ListenerModel,
  ListenerProtocol,
  MatchModel,
  MetadataModel,
  MirrorModel,
  PathModifierModel,
  PathModifierType,
  ProxyMode,
  ResolvedGatewayModel,
  RouteModel,
  StringMatchModel,
  TlsMode,
  TlsSourceModel,
} from '../model/types';
import * as gw from '../imports/gateway.networking.k8s.io';
import { ApiRenderer, RenderContext } from './api';
import { metadata, RenderedObject } from './manifest';
import { Mutable } from '../model/mutable';
import { extended } from '../model/objects';

const API_VERSION = gw.Gateway.GVK.apiVersion;
/** Annotation Istio reads for the type of the Service it creates for a Gateway. */
export const SERVICE_TYPE_ANNOTATION = 'networking.istio.io/service-type';
/** Istio names the resources of an automated deployment `<gateway>-istio`. */
export const AUTOMATED_SUFFIX = '-istio';
const SAME_NAMESPACE: AllowedRoutesModel = { from: 'Same' };

/**
 * The Kubernetes Gateway API: a `gateway.networking.k8s.io/v1` Gateway whose
 * listeners are derived from what is exposed, one HTTPRoute per route, the
 * TLSRoutes and redirect HTTPRoutes of TLS sources, and the ReferenceGrants
 * that references to other namespaces need.
 */
export const gatewayApiRenderer: ApiRenderer = {
  gateway(context: RenderContext): RenderedObject[] {
    const { model } = context;
    const settings = model.gatewayApi ?? {};
    const serviceType = model.proxy.serviceType ?? 'LoadBalancer';
    const annotations: Record<string, string> = { ...model.metadata?.annotations };
    if (model.proxy.mode === ProxyMode.AUTOMATED && serviceType !== 'LoadBalancer') annotations[SERVICE_TYPE_ANNOTATION] = serviceType;
    return [
      {
        owner: model.source,
        id: 'Resource',
        manifest: {
          apiVersion: API_VERSION,
          kind: 'Gateway',
          metadata: metadata(model.name, model.namespace, model.metadata?.labels, annotations),
          spec: renderGatewaySpec(model, {
            className: settings.gatewayClassName ?? 'istio',
            allowedRoutes: settings.allowedRoutes ?? SAME_NAMESPACE,
            infrastructure: { labels: settings.infrastructureLabels ?? {}, annotations: settings.infrastructureAnnotations ?? {} },
            address: proxyAddress(model),
            clientCas: context.clientCas,
          }),
        },
      },
    ];
  },

  route(route: RouteModel, context: RenderContext): RenderedObject[] {
    const object: RenderedObject = {
      owner: route.source,
      id: 'Resource',
      manifest: { apiVersion: API_VERSION, kind: 'HTTPRoute', metadata: objectMetadata(route.name, route.namespace, route.metadata), spec: renderHttpRoute(route, context) },
    };
    // One ReferenceGrant per namespace of backends outside the route's namespace, in the order they are first used (none for most routes).
    const grants = new ReferenceGrants('HTTPRoute', route.namespace, route.name);
    for (const rule of route.rules) {
      for (const backend of rule.backends) grants.grant('Service', backend);
      for (const mirror of rule.mirrors ?? []) grants.grant('Service', mirror.backend);
    }
    // Most routes need no grant; spreading an empty list there cost a deoptimisation (and a recompilation) of this function per process.
    return grants.isEmpty() ? [object] : [object, ...grants.render(route.source, 'ReferenceGrant', route.metadata)];
  },

  tls(tls: TlsSourceModel, context: RenderContext): RenderedObject[] {
    const { model } = context;
    const objects: RenderedObject[] = [];
    if (tls.tls.mode === TlsMode.PASSTHROUGH) {
      objects.push({
        owner: tls.source,
        id: 'Resource',
        manifest: { apiVersion: API_VERSION, kind: 'TLSRoute', metadata: objectMetadata(tls.name, tls.namespace, tls.metadata), spec: renderTlsRoute(tls, context) },
      });
      const grants = new ReferenceGrants('TLSRoute', tls.namespace, tls.name);
      for (const backend of tls.backends ?? []) grants.grant('Service', backend);
      objects.push(...grants.render(tls.source, 'ReferenceGrant', tls.metadata));
    }
    if (tls.redirectFromPort !== undefined) {
      objects.push({
        owner: tls.source,
        id: 'HttpsRedirect',
        manifest: {
          apiVersion: API_VERSION,
          kind: 'HTTPRoute',
          metadata: objectMetadata(`${tls.name}-https-redirect`, tls.namespace, tls.metadata),
          spec: renderRedirectRoute(tls, context),
        },
      });
    }
    // The Gateway reads certificates and CA bundles; in another namespace it needs a grant there.
    const credentialGrants = new ReferenceGrants('Gateway', model.namespace, model.name);
    for (const ref of [tls.tls.certificate, context.clientCas.resolve(tls.tls.clientCa)]) if (ref) credentialGrants.grant(ref.kind, ref);
    objects.push(...credentialGrants.render(tls.source, 'CredentialGrant', tls.metadata));
    return objects;
  },
};

function objectMetadata(name: string, namespace: string, meta: MetadataModel | undefined) {
  return metadata(name, namespace, meta?.labels, meta?.annotations);
}

/** ReferenceGrants from one object, one per namespace it references, in the order the namespaces are first referenced. */
class ReferenceGrants {
  private readonly byNamespace = new Map<string, Map<string, Set<string>>>();

  constructor(
    private readonly fromKind: string,
    private readonly fromNamespace: string,
    private readonly fromName: string,
  ) {}

  public grant(kind: string, target: Pick<BackendRefModel | CredentialRefModel, 'name' | 'namespace'>): void {
    if (target.namespace === this.fromNamespace) return;
    let byKind = this.byNamespace.get(target.namespace);
    if (!byKind) this.byNamespace.set(target.namespace, (byKind = new Map()));
    let names = byKind.get(kind);
    if (!names) byKind.set(kind, (names = new Set()));
    names.add(target.name);
  }

  public isEmpty(): boolean {
    return this.byNamespace.size === 0;
  }

  public render(owner: string, idPrefix: string, meta: MetadataModel | undefined): RenderedObject[] {
    return [...this.byNamespace].map(([namespace, names]) => ({
      owner,
      id: `${idPrefix}-${namespace}`,
      manifest: {
        apiVersion: gw.ReferenceGrant.GVK.apiVersion,
        kind: 'ReferenceGrant',
        metadata: objectMetadata(`${this.fromNamespace}.${this.fromName}`, namespace, meta),
        spec: renderReferenceGrant(this.fromKind, this.fromNamespace, names),
      },
    }));
  }
}

/** How the Gateway finds a proxy it did not create: the Service's cluster DNS name. */
function proxyAddress(model: ResolvedGatewayModel): string | undefined {
  if (model.proxy.mode === ProxyMode.AUTOMATED || model.proxy.serviceName === undefined) return undefined;
  return serviceFqdn(model.proxy.serviceName, model.proxy.namespace, model.clusterDomain);
}

export interface GatewaySpecOptions {
  readonly className: string;
  readonly allowedRoutes: AllowedRoutesModel;
  readonly infrastructure: { readonly labels: Readonly<Record<string, string>>; readonly annotations: Readonly<Record<string, string>> };
  /**
   * Hostname of the Service of a proxy Istio does not deploy (manual deployment).
   * @default - none
   */
  readonly address?: string;
  /** Generated client CA ConfigMaps, one per PEM. */
  readonly clientCas: SharedClientCas;
}

/** The Gateway spec: one listener per host and port, each accepting routes as configured. */
export function renderGatewaySpec(model: ResolvedGatewayModel, options: GatewaySpecOptions): gw.GatewaySpec {
  const { labels, annotations } = options.infrastructure;
  const hasInfrastructure = Object.keys(labels).length > 0 || Object.keys(annotations).length > 0;
  return {
    gatewayClassName: options.className,
    addresses: options.address ? [{ type: 'Hostname', value: options.address }] : undefined,
    infrastructure: hasInfrastructure
      ? { labels: Object.keys(labels).length > 0 ? { ...labels } : undefined, annotations: Object.keys(annotations).length > 0 ? { ...annotations } : undefined }
      : undefined,
    listeners: model.listeners.map((listener) => renderListener(listener, listener.allowedRoutes ?? options.allowedRoutes, model.namespace)),
    tls: renderFrontendValidation(model, options.clientCas),
  };
}

function renderListenerTls(listener: ListenerModel, gatewayNamespace: string): gw.GatewaySpecListenersTls | undefined {
  const tls = listener.tls;
  if (!tls) return undefined;
  if (tls.mode === TlsMode.PASSTHROUGH) return { mode: gw.GatewaySpecListenersTlsMode.PASSTHROUGH };
  const certificate = tls.certificate!;
  return {
    mode: gw.GatewaySpecListenersTlsMode.TERMINATE,
    certificateRefs: [
      { group: '', kind: 'Secret', name: certificate.name, namespace: certificate.namespace === gatewayNamespace ? undefined : certificate.namespace },
    ],
  };
}

/** Client-certificate validation, per port where a mutual TLS listener is. */
function renderFrontendValidation(model: ResolvedGatewayModel, clientCas: SharedClientCas): gw.GatewaySpecTls | undefined {
  const perPort = new Map<number, gw.GatewaySpecTlsFrontendPerPort>();
  for (const listener of model.listeners) {
    const tls = listener.tls;
    if (!tls?.clientCa || (tls.mode !== TlsMode.MUTUAL && tls.mode !== TlsMode.OPTIONAL_MUTUAL) || perPort.has(listener.port)) continue;
    const clientCa = clientCas.resolve(tls.clientCa);
    perPort.set(listener.port, {
      port: listener.port,
      tls: {
        validation: {
          caCertificateRefs: [
            { group: '', kind: clientCa.kind, name: clientCa.name, namespace: clientCa.namespace === model.namespace ? undefined : clientCa.namespace },
          ],
          mode: tls.mode === TlsMode.OPTIONAL_MUTUAL ? gw.GatewaySpecTlsFrontendPerPortTlsValidationMode.ALLOW_INSECURE_FALLBACK : undefined,
        },
      },
    });
  }
  if (perPort.size === 0) return undefined;
  return { frontend: { default: {}, perPort: [...perPort.values()].sort((a, b) => a.port - b.port) } };
}

function renderListener(listener: ListenerModel, allowed: AllowedRoutesModel, gatewayNamespace: string): gw.GatewaySpecListeners {
  return {
    name: listener.name,
    hostname: listener.hostname === '*' ? undefined : listener.hostname,
    port: listener.port,
    protocol: listener.protocol,
    tls: renderListenerTls(listener, gatewayNamespace),
    allowedRoutes: {
      namespaces: {
        from: allowed.from as gw.GatewaySpecListenersAllowedRoutesNamespacesFrom,
        selector: allowed.matchLabels ? { matchLabels: { ...allowed.matchLabels } } : undefined,
      },
    },
  };
}

/** Parent references to the gateway, or to its listeners (see `attachedSections`). */
function parentRefs(context: RenderContext, namespace: string, hosts: readonly string[], family: readonly ListenerProtocol[], serving: readonly ListenerModel[]) {
  const { model } = context;
  const parent = namespace === model.namespace ? { name: model.name } : { name: model.name, namespace: model.namespace };
  const sections = attachedSections(model, context.listeners, hosts, family, serving);
  return sections === undefined ? [parent] : sections.map((sectionName) => extended(parent, { sectionName }));
}

/**
 * The HTTPRoute spec of an ExposedService. This and the rules, matches and
 * backend references below are written in canonical form (keys sorted,
 * optional fields left out), which `canonicalManifest` then has nothing to
 * copy in: they are most of what a program with many services renders.
 */
export function renderHttpRoute(route: RouteModel, context: RenderContext): gw.HttpRouteSpec {
  const parents = parentRefs(context, route.namespace, route.hosts, HTTP_FAMILY, context.listeners.serving(route));
  return httpRouteSpec(route.hosts, parents, route.rules.map((rule) => renderRule(rule, route.namespace)));
}

/** An HTTPRoute spec in canonical form: `hostnames` left out for a route on every host (`*`). */
function httpRouteSpec(hosts: readonly string[], parentRefs: gw.HttpRouteSpecParentRefs[], rules: gw.HttpRouteSpecRules[]): gw.HttpRouteSpec {
  return hosts.includes('*') ? { parentRefs, rules } : { hostnames: [...hosts], parentRefs, rules };
}

/** The HTTPRoute that answers plain HTTP for a TlsIngress's hosts with a redirect to HTTPS. */
export function renderRedirectRoute(tls: TlsSourceModel, context: RenderContext): gw.HttpRouteSpec {
  const redirecting = context.listeners.intersecting(tls.hosts).filter((l) => l.httpsRedirect && l.port === tls.redirectFromPort);
  const scheme = gw.HttpRouteSpecRulesFiltersRequestRedirectScheme.HTTPS;
  const requestRedirect = tls.port === 443 ? { scheme, statusCode: 301 } : { port: tls.port, scheme, statusCode: 301 };
  return httpRouteSpec(tls.hosts, parentRefs(context, tls.namespace, tls.hosts, HTTP_FAMILY, redirecting), [
    { filters: [{ requestRedirect, type: gw.HttpRouteSpecRulesFiltersType.REQUEST_REDIRECT }] },
  ]);
}

/** The TLSRoute passing TLS through by SNI host to the backends. */
export function renderTlsRoute(tls: TlsSourceModel, context: RenderContext): gw.TlsRouteSpec {
  const serving = context.listeners.intersecting(tls.hosts).filter((l) => l.protocol === ListenerProtocol.TLS && l.port === tls.port);
  const backends = tls.backends ?? [];
  return {
    parentRefs: parentRefs(context, tls.namespace, tls.hosts, [ListenerProtocol.TLS], serving),
    hostnames: [...tls.hosts],
    rules: [
      {
        backendRefs: backends.map((backend) => backendRef(backend, tls.namespace, backends.length > 1)),
      },
    ],
  };
}

/** A rule, in canonical form (keys sorted, optional fields left out). */
function renderRule(rule: HttpRuleModel, namespace: string): gw.HttpRouteSpecRules {
  const rendered: Mutable<gw.HttpRouteSpecRules> = {};
  if (rule.backends.length > 0) rendered.backendRefs = rule.backends.map((backend) => backendRef(backend, namespace, rule.backends.length > 1));
  const filters = renderFilters(rule, namespace);
  if (filters.length > 0) rendered.filters = filters;
  if (rule.matches.length > 0) rendered.matches = rule.matches.map(renderMatch);
  if (rule.name !== undefined) rendered.name = rule.name;
  if (rule.timeout) rendered.timeouts = { request: rule.timeout };
  return rendered;
}


/** A reference to a Service port: the namespace only when it is not the route's, the weight only when the rule splits (canonical form). */
function backendRef(backend: BackendRefModel, namespace: string, weighted: boolean): { name: string; namespace?: string; port?: number; weight?: number } {
  const ref: { name: string; namespace?: string; port?: number; weight?: number } = { name: backend.name };
  if (backend.namespace !== namespace) ref.namespace = backend.namespace;
  if (backend.port !== undefined) ref.port = backend.port;
  if (weighted) ref.weight = backend.weight ?? 1;
  return ref;
}

/** The filters of a rule, at most one of each kind but RequestMirror, as the HTTPRoute CRD requires. */
function renderFilters(rule: HttpRuleModel, namespace: string): gw.HttpRouteSpecRulesFilters[] {
  const type = gw.HttpRouteSpecRulesFiltersType;
  const filters: gw.HttpRouteSpecRulesFilters[] = [];
  if (rule.requestHeaders) filters.push({ type: type.REQUEST_HEADER_MODIFIER, requestHeaderModifier: renderHeaderModifier(rule.requestHeaders) });
  if (rule.responseHeaders) filters.push({ type: type.RESPONSE_HEADER_MODIFIER, responseHeaderModifier: renderHeaderModifier(rule.responseHeaders) });
  if (rule.rewrite) {
    filters.push({
      type: type.URL_REWRITE,
      urlRewrite: {
        hostname: rule.rewrite.hostname,
        path: rule.rewrite.path ? (renderPathModifier(rule.rewrite.path) as gw.HttpRouteSpecRulesFiltersUrlRewritePath) : undefined,
      },
    });
  }
  if (rule.redirect) {
    const { scheme, hostname, port, path, statusCode } = rule.redirect;
    filters.push({
      type: type.REQUEST_REDIRECT,
      requestRedirect: {
        scheme: scheme as gw.HttpRouteSpecRulesFiltersRequestRedirectScheme | undefined,
        hostname,
        port,
        path: path ? (renderPathModifier(path) as gw.HttpRouteSpecRulesFiltersRequestRedirectPath) : undefined,
        statusCode: statusCode as gw.HttpRouteSpecRulesFiltersRequestRedirectStatusCode,
      },
    });
  }
  for (const mirror of rule.mirrors ?? []) filters.push({ type: type.REQUEST_MIRROR, requestMirror: renderMirror(mirror, namespace) });
  if (rule.cors) filters.push({ type: type.CORS, cors: renderCors(rule.cors) });
  return filters;
}

function renderHeaderModifier(modifier: HeaderModifierModel): gw.HttpRouteSpecRulesFiltersRequestHeaderModifier {
  return {
    set: modifier.set?.map(({ name, value }) => ({ name, value })),
    add: modifier.add?.map(({ name, value }) => ({ name, value })),
    remove: modifier.remove ? [...modifier.remove] : undefined,
  };
}

/** The model's path modifier types are the Gateway API's names. */
function renderPathModifier(path: PathModifierModel): { type: string; replaceFullPath?: string; replacePrefixMatch?: string } {
  return path.type === PathModifierType.FULL_PATH ? { type: path.type, replaceFullPath: path.value } : { type: path.type, replacePrefixMatch: path.value };
}

/**
 * A whole percentage is `percent`; a fractional one becomes the exact
 * fraction `numerator / (100 * 10^decimals)`, since `percent` is an integer.
 */
function renderMirror(mirror: MirrorModel, namespace: string): gw.HttpRouteSpecRulesFiltersRequestMirror {
  const backendRef = {
    name: mirror.backend.name,
    namespace: mirror.backend.namespace === namespace ? undefined : mirror.backend.namespace,
    port: mirror.backend.port,
  };
  const percentage = mirror.percentage;
  if (percentage === undefined || Number.isInteger(percentage)) return { backendRef, percent: percentage };
  let scale = 1;
  // Bounded: a percentage of more than 4 decimals (or not finite) is refused before rendering, but a loop must never hang.
  while (scale < 1e6 && !Number.isInteger(Number((percentage * scale).toFixed(6)))) scale *= 10;
  return { backendRef, fraction: { numerator: Math.round(percentage * scale), denominator: 100 * scale } };
}

function renderCors(cors: CorsModel): gw.HttpRouteSpecRulesFiltersCors {
  return {
    allowOrigins: [...cors.allowOrigins],
    allowMethods: cors.allowMethods ? (cors.allowMethods as gw.HttpRouteSpecRulesFiltersCorsAllowMethods[]) : undefined,
    allowHeaders: cors.allowHeaders ? [...cors.allowHeaders] : undefined,
    exposeHeaders: cors.exposeHeaders ? [...cors.exposeHeaders] : undefined,
    allowCredentials: cors.allowCredentials,
    maxAge: cors.maxAgeSeconds,
  };
}

/** A match, in canonical form (keys sorted, optional fields left out). */
function renderMatch(match: MatchModel): gw.HttpRouteSpecRulesMatches {
  const rendered: Mutable<gw.HttpRouteSpecRulesMatches> = {};
  if (match.headers && match.headers.length > 0) rendered.headers = stringMatches(match.headers) as unknown as gw.HttpRouteSpecRulesMatchesHeaders[];
  if (match.method) rendered.method = match.method as gw.HttpRouteSpecRulesMatchesMethod;
  if (match.path) rendered.path = { type: match.path.type as unknown as gw.HttpRouteSpecRulesMatchesPathType, value: match.path.value };
  if (match.queryParams && match.queryParams.length > 0) rendered.queryParams = stringMatches(match.queryParams) as unknown as gw.HttpRouteSpecRulesMatchesQueryParams[];
  return rendered;
}

function stringMatches(matches: readonly StringMatchModel[]): { name: string; type: string; value: string }[] {
  return matches.map((m) => ({ name: m.name, type: m.type, value: m.value }));
}

/** A ReferenceGrant letting `fromKind` objects in `fromNamespace` reference the named objects, by kind. */
export function renderReferenceGrant(fromKind: string, fromNamespace: string, names: ReadonlyMap<string, ReadonlySet<string>>): gw.ReferenceGrantSpec {
  return {
    from: [{ group: 'gateway.networking.k8s.io', kind: fromKind, namespace: fromNamespace }],
    to: [...names.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .flatMap(([kind, set]) => [...set].sort().map((name) => ({ group: '', kind, name }))),
  };
}
