import { Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ModelProblem } from '../core/checks';
import { invalid, show } from '../core/errors';
import { hostsIntersect } from '../core/hosts';
import {
  BackendRefModel,
  GatewayModel,
  HttpRuleModel,
  IngressApiKind,
  ListenerModel,
  MatchModel,
  ProxyMode,
  RouteModel,
  StringMatchModel,
} from '../core/model';
import { checkDnsLabel, checkDnsSubdomain } from '../core/names';
import { AllowedRoutes, GatewayApiOptions } from '../constructs/gateway-api-options';
import { checkLabels } from '../constructs/namespace';
import * as gw from '../imports/gateway.networking.k8s.io';
import { ApiBinding, GatewayContext, IRouteBinding, RouteContext } from './binding';

/** The Gateway API limits a Gateway to 64 listeners. */
const MAX_LISTENERS = 64;
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

    new gw.Gateway(scope, 'Resource', {
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
    new gw.HttpRoute(route.scope, 'Resource', {
      metadata: { name: route.name, namespace: route.namespace },
      spec: Lazy.any({ produce: () => renderHttpRoute(route.model(), route.gateway.model()) }),
    });
    // One ReferenceGrant per namespace of backends outside the route's namespace.
    const grants = new Map<string, Set<string>>();
    return {
      backendAdded: (backend: BackendRefModel) => {
        if (backend.namespace === route.namespace) return;
        let services = grants.get(backend.namespace);
        if (!services) {
          const granted = (services = new Set());
          grants.set(backend.namespace, granted);
          new gw.ReferenceGrant(route.scope, `ReferenceGrant-${backend.namespace}`, {
            metadata: { name: `${route.namespace}.${route.name}`, namespace: backend.namespace },
            spec: Lazy.any({ produce: () => renderReferenceGrant('HTTPRoute', route.namespace, 'Service', [...granted]) }),
          });
        }
        services.add(backend.name);
      },
    };
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
    const names = new Set<string>();
    for (const listener of model.listeners) {
      if (names.has(listener.name)) problems.push({ source: model.source, field: 'listeners', message: `listener name ${show(listener.name)} is used twice` });
      names.add(listener.name);
    }
    const allowed = allowedRoutesModel(gateway.scope, this.options.allowedRoutes);
    for (const route of model.routes) {
      const rejection = rejectedBy(allowed, route.namespace, model.namespace, gateway);
      if (rejection) problems.push({ source: route.source, field: 'namespace', message: rejection });
    }
    return problems;
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
  return `${gateway.proxy.serviceName}.${gateway.proxy.namespace}.svc.${gateway.clusterDomain}`;
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
    listeners: model.listeners.map((listener) => renderListener(listener, options.allowedRoutes)),
  };
}

function renderListener(listener: ListenerModel, allowed: AllowedRoutesModel): gw.GatewaySpecListeners {
  return {
    name: listener.name,
    hostname: listener.hostname === '*' ? undefined : listener.hostname,
    port: listener.port,
    protocol: listener.protocol,
    allowedRoutes: {
      namespaces: {
        from: allowed.from as gw.GatewaySpecListenersAllowedRoutesNamespacesFrom,
        selector: allowed.matchLabels ? { matchLabels: { ...allowed.matchLabels } } : undefined,
      },
    },
  };
}

/**
 * The HTTPRoute spec. A route attaches to every listener of its port whose
 * hostname intersects its hosts: without `sectionName` when the Gateway has
 * listeners on that port only, else one parent reference per listener.
 */
export function renderHttpRoute(route: RouteModel, gateway: GatewayModel): gw.HttpRouteSpec {
  const parent = { name: gateway.name, namespace: route.namespace === gateway.namespace ? undefined : gateway.namespace };
  const onOtherPorts = gateway.listeners.some((l) => l.port !== route.port);
  const sections = gateway.listeners.filter((l) => l.port === route.port && route.hosts.some((h) => hostsIntersect(h, l.hostname)));
  const parentRefs = onOtherPorts && sections.length > 0 ? sections.map((l) => ({ ...parent, sectionName: l.name })) : [parent];
  return {
    parentRefs,
    hostnames: route.hosts.includes('*') ? undefined : [...route.hosts],
    rules: route.rules.map((rule) => renderRule(rule, route.namespace)),
  };
}

function renderRule(rule: HttpRuleModel, namespace: string): gw.HttpRouteSpecRules {
  const matches = rule.matches.map(renderMatch);
  return {
    name: rule.name,
    matches: matches.length > 0 ? matches : undefined,
    backendRefs: rule.backends.map((backend) => ({
      name: backend.name,
      namespace: backend.namespace === namespace ? undefined : backend.namespace,
      port: backend.port,
      weight: rule.backends.length > 1 ? backend.weight ?? 1 : undefined,
    })),
    timeouts: rule.timeout ? { request: rule.timeout } : undefined,
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

/** A ReferenceGrant letting `fromKind` objects in `fromNamespace` reference the named `toKind` objects. */
export function renderReferenceGrant(fromKind: string, fromNamespace: string, toKind: string, names: readonly string[]): gw.ReferenceGrantSpec {
  return {
    from: [{ group: 'gateway.networking.k8s.io', kind: fromKind, namespace: fromNamespace }],
    to: [...names].sort().map((name) => ({ group: '', kind: toKind, name })),
  };
}
