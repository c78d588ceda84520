import { Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ModelProblem } from '../core/checks';
import { invalid, show } from '../core/errors';
import { servingListeners } from '../core/attachment';
import { hostsIntersect } from '../core/hosts';
import {
  BackendRefModel,
  CorsModel,
  GatewayModel,
  HeaderModifierModel,
  HttpRuleModel,
  IngressApiKind,
  ListenerModel,
  ListenerProtocol,
  MatchModel,
  MirrorModel,
  PathModifierModel,
  PathModifierType,
  ProxyMode,
  RouteModel,
  StringMatchModel,
  TlsMode,
  TlsSourceModel,
} from '../core/model';
import { checkDnsLabel, checkDnsSubdomain, serviceFqdn } from '../core/names';
import { AllowedRoutes, GatewayApiOptions } from '../constructs/gateway-api-options';
import { checkLabels } from '../constructs/props';
import * as gw from '../imports/gateway.networking.k8s.io';
import { ApiBinding, GatewayContext, IRouteBinding, RouteContext, TlsContext } from './binding';
import { newObject } from './objects';

/** Size limits of the Gateway API CRDs (`maxItems`), checked before the API server would reject the objects. */
const MAX_LISTENERS = 64;
const MAX_ROUTE_HOSTNAMES = 16;
const MAX_ROUTE_RULES = 16;
const MAX_PARENT_REFS = 32;
/** Istio names the resources of an automated deployment `<gateway>-istio`. */
const AUTOMATED_SUFFIX = '-istio';
/** Annotation Istio reads for the type of the Service it creates for a Gateway. */
export const SERVICE_TYPE_ANNOTATION = 'networking.istio.io/service-type';

/** Who may attach routes, as plain data. */
export interface AllowedRoutesModel {
  readonly from: 'Same' | 'All' | 'Selector';
  readonly matchLabels?: Readonly<Record<string, string>>;
}

/**
 * The Kubernetes Gateway API: a `gateway.networking.k8s.io/v1` Gateway whose
 * listeners are derived from what is exposed, one HTTPRoute per route, and
 * the ReferenceGrants that cross-namespace backends need.
 */
export class GatewayApiBinding implements ApiBinding {
  public readonly kind = IngressApiKind.GATEWAY_API;
  public readonly defaultProxyMode = ProxyMode.AUTOMATED;
  public readonly proxyModes = [ProxyMode.AUTOMATED, ProxyMode.BUNDLED, ProxyMode.EXISTING];
  /** Istio's control plane reads Gateway API certificates itself; the proxy needs no Role. */
  public readonly proxyReadsSecrets = false;
  public readonly backendPortByName = false;
  public readonly credentialsInProxyNamespace = false;
  public readonly crossNamespaceCredentials = true;
  public readonly clientCaKind = 'ConfigMap' as const;
  public readonly clientCaInCertificateSecret = false;

  constructor(private readonly options: GatewayApiOptions) {}

  public bindGateway(gateway: GatewayContext): void {
    const { scope } = gateway;
    const className = this.options.gatewayClassName ?? 'istio';
    const classProblem = checkDnsSubdomain(className);
    if (classProblem) invalid(scope, 'api.gatewayClassName', `${show(className)} ${classProblem}`);
    const allowed = allowedRoutesModel(scope, this.options.allowedRoutes);
    const infrastructure = {
      labels: checkLabels(scope, 'api.infrastructureLabels', this.options.infrastructureLabels),
      annotations: this.options.infrastructureAnnotations ?? {},
    };
    if (gateway.proxy.mode === ProxyMode.AUTOMATED) {
      const deploymentName = `${gateway.name}${AUTOMATED_SUFFIX}`;
      if (checkDnsLabel(deploymentName)) {
        invalid(scope, 'name', `${show(gateway.name)} is too long: Istio names the proxy "${deploymentName}", which must be at most 63 characters; use at most ${63 - AUTOMATED_SUFFIX.length}`);
      }
    }
    if (gateway.proxy.mode === ProxyMode.EXISTING && gateway.proxy.serviceName === undefined) {
      invalid(scope, 'proxy.serviceName', 'the Gateway API addresses an existing proxy through its Service: give the serviceName of the proxy');
    }
    const serviceTypeAnnotation: Record<string, string> =
      gateway.proxy.mode === ProxyMode.AUTOMATED && gateway.serviceType !== kplus.ServiceType.LOAD_BALANCER ? { [SERVICE_TYPE_ANNOTATION]: gateway.serviceType } : {};

    newObject(gw.Gateway, scope, 'Resource', {
      metadata: {
        name: gateway.name,
        namespace: gateway.namespace,
        labels: { ...gateway.labels },
        annotations: { ...gateway.annotations, ...serviceTypeAnnotation },
      },
      spec: Lazy.any({
        produce: () =>
          renderGatewaySpec(gateway.model(), {
            className,
            allowedRoutes: allowed,
            infrastructure,
            address: proxyAddress(gateway),
          }),
      }),
    });
  }

  public bindRoute(route: RouteContext): IRouteBinding {
    newObject(gw.HttpRoute, route.scope, 'Resource', {
      metadata: { name: route.name, namespace: route.namespace },
      spec: Lazy.any({ produce: () => renderHttpRoute(route.model(), route.gateway.model()) }),
    });
    // One ReferenceGrant per namespace of backends outside the route's namespace.
    const grants = new ReferenceGrants(route.scope, 'HTTPRoute', route.namespace, route.name);
    return { backendAdded: (backend: BackendRefModel) => grants.grant('Service', backend.namespace, backend.name) };
  }

  public bindTls(tls: TlsContext): void {
    const model = tls.model();
    const grants = new ReferenceGrants(tls.scope, model.tls.mode === TlsMode.PASSTHROUGH ? 'TLSRoute' : 'HTTPRoute', model.namespace, model.name);
    if (model.tls.mode === TlsMode.PASSTHROUGH) {
      newObject(gw.TlsRoute, tls.scope, 'Resource', {
        metadata: { name: model.name, namespace: model.namespace },
        spec: Lazy.any({ produce: () => renderTlsRoute(tls.model(), tls.gateway.model()) }),
      });
      for (const backend of model.backends ?? []) grants.grant('Service', backend.namespace, backend.name);
    }
    if (model.redirectFromPort !== undefined) {
      newObject(gw.HttpRoute, tls.scope, 'HttpsRedirect', {
        metadata: { name: `${model.name}-https-redirect`, namespace: model.namespace },
        spec: Lazy.any({ produce: () => renderRedirectRoute(tls.model(), tls.gateway.model()) }),
      });
    }
    // The Gateway reads certificates and CA bundles; in another namespace it needs a grant there.
    const gatewayGrants = new ReferenceGrants(tls.scope, 'Gateway', tls.gateway.namespace, tls.gateway.name, 'CredentialGrant');
    for (const ref of [model.tls.certificate, model.tls.clientCa]) {
      if (ref) gatewayGrants.grant(ref.kind, ref.namespace, ref.name);
    }
  }

  public checkGateway(model: GatewayModel, gateway: GatewayContext): ModelProblem[] {
    const problems: ModelProblem[] = [];
    if (model.listeners.length > MAX_LISTENERS) {
      problems.push({
        source: model.source,
        field: 'hosts',
        message:
          `gateway ${model.namespace}/${model.name} needs ${model.listeners.length} listeners (one per host and port) but the Gateway API allows at most ${MAX_LISTENERS}; ` +
          'serve the hosts with a wildcard (set hosts: ["*.example.com"] on the gateway), or split them across several gateways',
      });
    }
    const allowed = allowedRoutesModel(gateway.scope, this.options.allowedRoutes);
    const routeOwners = [...model.routes, ...model.tls.filter((t) => t.tls.mode === TlsMode.PASSTHROUGH || t.redirectFromPort !== undefined)];
    for (const route of routeOwners) {
      const rejection = rejectedBy(allowed, route.namespace, model.namespace, gateway);
      if (rejection) problems.push({ source: route.source, field: 'namespace', message: rejection });
    }
    return [...problems, ...checkClientValidationPerPort(model), ...checkRouteSizes(model)];
  }
}

/** The HTTPRoute limits a route could exceed, each with what to do instead. */
function checkRouteSizes(model: GatewayModel): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const hostnames = (source: string, hosts: readonly string[]) => {
    if (hosts.includes('*') || hosts.length <= MAX_ROUTE_HOSTNAMES) return;
    problems.push({
      source,
      field: 'hosts',
      message:
        `has ${hosts.length} hosts, but an HTTPRoute holds at most ${MAX_ROUTE_HOSTNAMES} hostnames; ` +
        'cover them with a wildcard host such as "*.example.com", or split them across several constructs',
    });
  };
  for (const route of model.routes) {
    hostnames(route.source, route.hosts);
    if (route.rules.length > MAX_ROUTE_RULES) {
      problems.push({
        source: route.source,
        field: 'routes',
        message: `has ${route.rules.length} routes, but an HTTPRoute holds at most ${MAX_ROUTE_RULES} rules; merge routes with the same action (a route takes several matches), or split them across ExposedServices`,
      });
    }
    const parents = renderHttpRoute(route, model).parentRefs?.length ?? 0;
    if (parents > MAX_PARENT_REFS) {
      problems.push({
        source: route.source,
        field: 'hosts',
        message: `would attach to ${parents} listeners, but an HTTPRoute holds at most ${MAX_PARENT_REFS} parent references; serve its hosts with a wildcard host on the gateway (hosts: ["*.example.com"])`,
      });
    }
  }
  for (const t of model.tls) {
    if (t.redirectFromPort !== undefined) hostnames(t.source, t.hosts);
  }
  return problems;
}

/**
 * The Gateway API verifies client certificates per port (`spec.tls.frontend`),
 * not per host: every HTTPS listener on a port shares one validation setting.
 */
function checkClientValidationPerPort(model: GatewayModel): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const byPort = new Map<number, { key: string; source: string }>();
  for (const t of model.tls) {
    if (t.tls.mode === TlsMode.PASSTHROUGH) continue;
    const key = JSON.stringify([t.tls.mode === TlsMode.SIMPLE ? 'none' : t.tls.mode, t.tls.clientCa ?? null]);
    const first = byPort.get(t.port);
    if (!first) {
      byPort.set(t.port, { key, source: t.source });
    } else if (first.key !== key) {
      problems.push({
        source: t.source,
        field: 'mode',
        message:
          `the Gateway API verifies client certificates per port, and port ${t.port} already has other client-certificate settings from ${first.source}; ` +
          'serve this TLS on another port, use the same mode and client CA, or use the Istio API (per-host settings)',
      });
    }
  }
  return problems;
}

/** ReferenceGrants, one per target namespace, created as references to that namespace appear. */
class ReferenceGrants {
  private readonly byNamespace = new Map<string, Map<string, Set<string>>>();

  constructor(
    private readonly scope: TlsContext['scope'],
    private readonly fromKind: string,
    private readonly fromNamespace: string,
    private readonly fromName: string,
    private readonly idPrefix = 'ReferenceGrant',
  ) {}

  public grant(kind: string, namespace: string, name: string): void {
    if (namespace === this.fromNamespace) return;
    let byKind = this.byNamespace.get(namespace);
    if (!byKind) {
      const granted = (byKind = new Map<string, Set<string>>());
      this.byNamespace.set(namespace, granted);
      newObject(gw.ReferenceGrant, this.scope, `${this.idPrefix}-${namespace}`, {
        metadata: { name: `${this.fromNamespace}.${this.fromName}`, namespace },
        spec: Lazy.any({ produce: () => renderReferenceGrant(this.fromKind, this.fromNamespace, granted) }),
      });
    }
    let names = byKind.get(kind);
    if (!names) byKind.set(kind, (names = new Set()));
    names.add(name);
  }
}

function allowedRoutesModel(scope: GatewayContext['scope'], allowed: AllowedRoutes | undefined): AllowedRoutesModel {
  if (allowed === undefined) return { from: 'Same' };
  if (!(allowed instanceof AllowedRoutes)) {
    invalid(scope, 'api.allowedRoutes', 'expected AllowedRoutes.sameNamespace(), .allNamespaces() or .fromNamespacesWithLabels()');
  }
  if (allowed.from !== 'Selector') return { from: allowed.from as 'Same' | 'All' };
  const matchLabels = checkLabels(scope, 'api.allowedRoutes', allowed.matchLabels);
  if (Object.keys(matchLabels).length === 0) invalid(scope, 'api.allowedRoutes', 'a namespace selector needs at least one label; use AllowedRoutes.allNamespaces() to allow every namespace');
  return { from: 'Selector', matchLabels: { ...matchLabels } };
}

/** Why a Gateway's allowedRoutes would reject a route from `namespace`, if it would and we can tell. */
function rejectedBy(allowed: AllowedRoutesModel, namespace: string, gatewayNamespace: string, gateway: GatewayContext): string | undefined {
  if (allowed.from === 'All' || namespace === gatewayNamespace) return undefined;
  const fix =
    `put the ExposedService in namespace ${gatewayNamespace}, or let the gateway accept it with ` +
    'IngressApi.gatewayApi({ allowedRoutes: AllowedRoutes.allNamespaces() }) or AllowedRoutes.fromNamespacesWithLabels({...})';
  if (allowed.from === 'Same') {
    return `the route is in namespace ${namespace}, but gateway ${gatewayNamespace}/${gateway.name} only accepts routes from its own namespace (allowedRoutes from: Same), so the route would never attach; ${fix}`;
  }
  const selector = allowed.matchLabels ?? {};
  const onlyByName = Object.keys(selector).every((key) => key === 'kubernetes.io/metadata.name');
  const labels = gateway.namespaceLabels(namespace) ?? (onlyByName ? { 'kubernetes.io/metadata.name': namespace } : undefined);
  if (labels === undefined) return undefined;
  const missing = Object.entries(selector).filter(([key, value]) => labels[key] !== value);
  if (missing.length === 0) return undefined;
  return (
    `the route is in namespace ${namespace}, whose labels do not match the gateway's allowedRoutes selector ` +
    `(${missing.map(([k, v]) => `${k}=${v}`).join(', ')} missing), so the route would never attach; label the namespace, or ${fix}`
  );
}

/** How the Gateway finds a proxy it did not create: the Service's cluster DNS name. */
function proxyAddress(gateway: GatewayContext): string | undefined {
  if (gateway.proxy.mode === ProxyMode.AUTOMATED) return undefined;
  return serviceFqdn(gateway.proxy.serviceName!, gateway.proxy.namespace, gateway.clusterDomain);
}

export interface GatewaySpecOptions {
  readonly className: string;
  readonly allowedRoutes: AllowedRoutesModel;
  readonly infrastructure: { readonly labels: Record<string, string>; readonly annotations: Record<string, string> };
  /** Hostname of the Service of a proxy Istio does not deploy (manual deployment). */
  readonly address?: string;
}

/** The Gateway spec: one listener per host and port, each accepting routes as configured. */
export function renderGatewaySpec(model: GatewayModel, options: GatewaySpecOptions): gw.GatewaySpec {
  const { labels, annotations } = options.infrastructure;
  const hasInfrastructure = Object.keys(labels).length > 0 || Object.keys(annotations).length > 0;
  return {
    gatewayClassName: options.className,
    addresses: options.address ? [{ type: 'Hostname', value: options.address }] : undefined,
    infrastructure: hasInfrastructure
      ? { labels: Object.keys(labels).length > 0 ? { ...labels } : undefined, annotations: Object.keys(annotations).length > 0 ? { ...annotations } : undefined }
      : undefined,
    listeners: model.listeners.map((listener) => renderListener(listener, options.allowedRoutes, model.namespace)),
    tls: renderFrontendValidation(model),
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
function renderFrontendValidation(model: GatewayModel): gw.GatewaySpecTls | undefined {
  const perPort = new Map<number, gw.GatewaySpecTlsFrontendPerPort>();
  for (const listener of model.listeners) {
    const tls = listener.tls;
    if (!tls?.clientCa || (tls.mode !== TlsMode.MUTUAL && tls.mode !== TlsMode.OPTIONAL_MUTUAL) || perPort.has(listener.port)) continue;
    perPort.set(listener.port, {
      port: listener.port,
      tls: {
        validation: {
          caCertificateRefs: [
            { group: '', kind: tls.clientCa.kind, name: tls.clientCa.name, namespace: tls.clientCa.namespace === model.namespace ? undefined : tls.clientCa.namespace },
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

/**
 * Parent references for a route served by `serving` listeners: the bare
 * Gateway when that is every listener of the route's protocol family its
 * hosts reach, else one reference per listener (`sectionName`), so the route
 * stays off listeners that redirect, or that belong to another port.
 */
function parentRefs(gateway: GatewayModel, namespace: string, hosts: readonly string[], family: readonly ListenerProtocol[], serving: readonly ListenerModel[]) {
  const parent = { name: gateway.name, namespace: namespace === gateway.namespace ? undefined : gateway.namespace };
  const reachable = gateway.listeners.filter((l) => family.includes(l.protocol) && hosts.some((h) => hostsIntersect(h, l.hostname)));
  if (serving.length === 0 || serving.length === reachable.length) return [parent];
  return serving.map((l) => ({ ...parent, sectionName: l.name }));
}

/** The HTTPRoute spec of an ExposedService. */
export function renderHttpRoute(route: RouteModel, gateway: GatewayModel): gw.HttpRouteSpec {
  return {
    parentRefs: parentRefs(gateway, route.namespace, route.hosts, [ListenerProtocol.HTTP, ListenerProtocol.HTTPS], servingListeners(gateway.listeners, route)),
    hostnames: route.hosts.includes('*') ? undefined : [...route.hosts],
    rules: route.rules.map((rule) => renderRule(rule, route.namespace)),
  };
}

/** The HTTPRoute that answers plain HTTP for a TlsIngress's hosts with a redirect to HTTPS. */
export function renderRedirectRoute(tls: TlsSourceModel, gateway: GatewayModel): gw.HttpRouteSpec {
  const redirecting = gateway.listeners.filter(
    (l) => l.httpsRedirect && l.port === tls.redirectFromPort && tls.hosts.some((h) => hostsIntersect(h, l.hostname)),
  );
  return {
    parentRefs: parentRefs(gateway, tls.namespace, tls.hosts, [ListenerProtocol.HTTP, ListenerProtocol.HTTPS], redirecting),
    hostnames: tls.hosts.includes('*') ? undefined : [...tls.hosts],
    rules: [
      {
        filters: [
          {
            type: gw.HttpRouteSpecRulesFiltersType.REQUEST_REDIRECT,
            requestRedirect: { scheme: gw.HttpRouteSpecRulesFiltersRequestRedirectScheme.HTTPS, statusCode: 301, port: tls.port === 443 ? undefined : tls.port },
          },
        ],
      },
    ],
  };
}

/** The TLSRoute passing TLS through by SNI host to the backends. */
export function renderTlsRoute(tls: TlsSourceModel, gateway: GatewayModel): gw.TlsRouteSpec {
  const serving = gateway.listeners.filter((l) => l.protocol === ListenerProtocol.TLS && l.port === tls.port && tls.hosts.some((h) => hostsIntersect(h, l.hostname)));
  const backends = tls.backends ?? [];
  return {
    parentRefs: parentRefs(gateway, tls.namespace, tls.hosts, [ListenerProtocol.TLS], serving),
    hostnames: [...tls.hosts],
    rules: [
      {
        backendRefs: backends.map((backend) => ({
          name: backend.name,
          namespace: backend.namespace === tls.namespace ? undefined : backend.namespace,
          port: backend.port,
          weight: backends.length > 1 ? backend.weight ?? 1 : undefined,
        })),
      },
    ],
  };
}

function renderRule(rule: HttpRuleModel, namespace: string): gw.HttpRouteSpecRules {
  const matches = rule.matches.map(renderMatch);
  const filters = renderFilters(rule, namespace);
  return {
    name: rule.name,
    matches: matches.length > 0 ? matches : undefined,
    filters: filters.length > 0 ? filters : undefined,
    backendRefs:
      rule.backends.length > 0
        ? rule.backends.map((backend) => ({
            name: backend.name,
            namespace: backend.namespace === namespace ? undefined : backend.namespace,
            port: backend.port,
            weight: rule.backends.length > 1 ? backend.weight ?? 1 : undefined,
          }))
        : undefined,
    timeouts: rule.timeout ? { request: rule.timeout } : undefined,
  };
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
  while (!Number.isInteger(Number((percentage * scale).toFixed(6)))) scale *= 10;
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

function renderMatch(match: MatchModel): gw.HttpRouteSpecRulesMatches {
  return {
    path: match.path ? { type: match.path.type as unknown as gw.HttpRouteSpecRulesMatchesPathType, value: match.path.value } : undefined,
    headers: stringMatches(match.headers) as gw.HttpRouteSpecRulesMatchesHeaders[] | undefined,
    queryParams: stringMatches(match.queryParams) as gw.HttpRouteSpecRulesMatchesQueryParams[] | undefined,
    method: match.method as gw.HttpRouteSpecRulesMatchesMethod | undefined,
  };
}

function stringMatches(matches: readonly StringMatchModel[] | undefined) {
  if (!matches || matches.length === 0) return undefined;
  return matches.map((m) => ({ type: m.type, name: m.name, value: m.value }));
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
