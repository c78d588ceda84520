import { Chart, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { API_NAMES } from '../core/capabilities';
import { ModelProblem } from '../core/checks';
import { invalid, show } from '../core/errors';
import { servingListeners } from '../core/attachment';
import { hostsIntersect } from '../core/hosts';
import { BackendRefModel, GatewayModel, IngressApiKind, ListenerProtocol, MatchModel, PathMatchType, ProxyMode, ProxyModel, RouteModel } from '../core/model';
import { checkDnsSubdomain, checkLabelValue } from '../core/names';
import { compareMatches } from '../core/precedence';
import type { KubernetesIngressOptions } from '../constructs/ingress-api';
import { clusterScoped } from '../constructs/namespace';
import { ApiBinding, GatewayContext, RouteContext, TlsContext } from './binding';
import { newObject } from './objects';

const k8s = kplus.k8s;

/** The controller name Istio's ingress controller claims IngressClasses by. */
const ISTIO_INGRESS_CONTROLLER = 'istio.io/ingress-controller';
/** The pre-IngressClass way of choosing a controller; Istio still honours it, before `spec.ingressClassName`. */
const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
/** Makes the admission controller give class-less Ingresses this class. */
const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';

/** Istio's generated Gateway for Ingresses listens for plain HTTP on this port only. */
const INGRESS_HTTP_PORT = 80;

/** IngressClasses created per chart, so that two gateways never emit the same cluster-scoped object. */
const classesByChart = new WeakMap<Chart, Map<string, string>>();

/**
 * Kubernetes Ingress as served by Istio: an IngressClass for Istio's ingress
 * controller (unless the legacy class annotation is used), and one
 * `networking.k8s.io/v1` Ingress per route. Istio turns every Ingress of its
 * class into a Gateway selecting `istio: <ingressSelector>` pods, so the
 * gateway has no Gateway object of its own.
 */
export class KubernetesIngressBinding implements ApiBinding {
  public readonly kind = IngressApiKind.KUBERNETES_INGRESS;
  public readonly defaultProxyMode = ProxyMode.BUNDLED;
  public readonly proxyModes = [ProxyMode.BUNDLED, ProxyMode.EXISTING];
  public readonly proxyReadsSecrets = true;
  public readonly backendPortByName = true;
  /** Istio reads an Ingress's `spec.tls` secret from the namespace of the gateway proxy, not the Ingress's. */
  public readonly credentialsInProxyNamespace = true;
  public readonly crossNamespaceCredentials = false;
  public readonly clientCaKind = 'Secret' as const;
  public readonly clientCaInCertificateSecret = true;

  private readonly className: string;
  private readonly classAnnotation: boolean;
  private readonly createIngressClass: boolean;
  private readonly defaultClass: boolean;
  private readonly ingressSelector: string;

  constructor(options: KubernetesIngressOptions) {
    this.className = options.ingressClassName ?? 'istio';
    this.classAnnotation = options.classAnnotation ?? false;
    this.createIngressClass = options.createIngressClass ?? !this.classAnnotation;
    this.defaultClass = options.defaultClass ?? false;
    this.ingressSelector = options.ingressSelector ?? 'ingressgateway';
  }

  public bindGateway(gateway: GatewayContext): void {
    const { scope } = gateway;
    const classProblem = checkDnsSubdomain(this.className);
    if (classProblem) invalid(scope, 'api.ingressClassName', `${show(this.className)} ${classProblem}`);
    const selectorProblem = this.ingressSelector === '' ? 'must not be empty' : checkLabelValue(this.ingressSelector);
    if (selectorProblem) invalid(scope, 'api.ingressSelector', `${show(this.ingressSelector)} ${selectorProblem}`);
    if (this.defaultClass && !this.createIngressClass) {
      invalid(
        scope,
        'api.defaultClass',
        `marks the IngressClass as the cluster default, but no IngressClass is created (createIngressClass is false${this.classAnnotation ? ', the default with classAnnotation' : ''}); ` +
          'set createIngressClass: true, or drop defaultClass',
      );
    }
    this.checkProxy(scope, gateway.model().proxy);
    if (this.createIngressClass) this.addIngressClass(gateway);
  }

  public bindRoute(route: RouteContext): void {
    newObject(k8s.KubeIngress, route.scope, 'Resource', {
      metadata: {
        name: route.name,
        namespace: route.namespace,
        annotations: this.classAnnotation ? { [INGRESS_CLASS_ANNOTATION]: this.className } : undefined,
      },
      spec: Lazy.any({
        produce: () => renderIngressSpec(route.model(), route.gateway.model(), this.classAnnotation ? undefined : this.className),
      }),
    });
  }

  /** TLS for Ingresses is their `spec.tls`, rendered with each Ingress; nothing else is needed. */
  public bindTls(_tls: TlsContext): void {}

  public checkGateway(model: GatewayModel): ModelProblem[] {
    const problems: ModelProblem[] = [];
    const instead = `use the ${API_NAMES[IngressApiKind.ISTIO]} or the ${API_NAMES[IngressApiKind.GATEWAY_API]}`;
    for (const route of model.routes) {
      if (route.port !== INGRESS_HTTP_PORT) {
        problems.push({
          source: route.source,
          field: 'port',
          message:
            `${route.port} cannot be used: an Ingress has no port, and Istio serves Ingresses over HTTP on port ${INGRESS_HTTP_PORT} only; ` +
            `leave the port at its default (${INGRESS_HTTP_PORT}), or ${instead} to serve other ports`,
        });
      }
      const reported = new Set<string>();
      route.rules.forEach((rule) => {
        for (const backend of rule.backends) {
          const service = `${backend.namespace}/${backend.name}`;
          if (backend.namespace === route.namespace || reported.has(service)) continue;
          reported.add(service);
          problems.push({
            source: route.source,
            field: 'backend',
            message:
              `Service ${service} is in namespace ${backend.namespace}, but an Ingress can only send traffic to Services in its own namespace (${route.namespace}); ` +
              `put the route in namespace ${backend.namespace} (leave its namespace unset, or set it to ${show(backend.namespace)}), or ${instead}, which route across namespaces`,
          });
        }
      });
    }
    return problems;
  }

  /** Istio ignores the gateway's proxy unless it carries the label the mesh config's ingressSelector names. */
  private checkProxy(scope: IConstruct, proxy: ProxyModel): void {
    if (proxy.selector.istio === this.ingressSelector) return;
    const label = `istio: ${this.ingressSelector}`;
    if (proxy.mode === ProxyMode.BUNDLED) {
      invalid(
        scope,
        'proxy.name',
        `the bundled proxy labels its pods istio: ${proxy.selector.istio}, but Istio serves Ingresses only through pods labelled ${label} (the mesh config's ingressSelector); ` +
          `keep the default proxy name "istio-ingressgateway", or set ingressSelector: ${show(proxy.selector.istio)} here and in the mesh config`,
      );
    }
    invalid(
      scope,
      'proxy.selector',
      `the existing proxy is selected by ${show(proxy.selector)}, which lacks ${label}, the label Istio serves Ingresses through (the mesh config's ingressSelector); ` +
        'select the proxy by its istio label, and set ingressSelector to that value if your mesh config uses another one',
    );
  }

  private addIngressClass(gateway: GatewayContext): void {
    const chart = Chart.of(gateway.scope);
    let created = classesByChart.get(chart);
    if (!created) classesByChart.set(chart, (created = new Map()));
    const owner = created.get(this.className);
    if (owner !== undefined) {
      invalid(
        gateway.scope,
        'api.createIngressClass',
        `IngressClass ${show(this.className)} is already created by ${owner} in this chart; set createIngressClass: false here (the class is shared)`,
      );
    }
    created.set(this.className, gateway.scope.node.path);
    const annotations: Record<string, string> = { ...gateway.annotations };
    if (this.defaultClass) annotations[DEFAULT_CLASS_ANNOTATION] = 'true';
    clusterScoped(
      newObject(k8s.KubeIngressClass, gateway.scope, 'IngressClass', {
        metadata: {
          name: this.className,
          labels: Object.keys(gateway.labels).length > 0 ? { ...gateway.labels } : undefined,
          annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
        },
        spec: renderIngressClassSpec(),
      }),
    );
  }
}

/** The IngressClass spec that hands Ingresses of the class to Istio. */
export function renderIngressClassSpec(): kplus.k8s.IngressClassSpec {
  return { controller: ISTIO_INGRESS_CONTROLLER };
}

/**
 * The Ingress spec of one route: a rule per host, each with every path of the
 * route, and a `spec.tls` entry per certificate of the HTTPS listeners that
 * serve its hosts (the Secret lives in the proxy's namespace: Istio reads it
 * there, whatever the Ingress's namespace).
 *
 * Paths are ordered by route precedence, most specific first. Kubernetes picks
 * the longest matching path whatever the order, which agrees with that
 * precedence for prefixes and exact paths (the only matches an Ingress has);
 * the order only keeps the output deterministic and readable.
 */
export function renderIngressSpec(route: RouteModel, gateway: GatewayModel, ingressClassName: string | undefined): kplus.k8s.IngressSpec {
  const entries = route.rules.flatMap((rule, r) => (rule.matches.length > 0 ? rule.matches : [{}]).map((match, m) => ({ rule, r, m, match })));
  entries.sort((a, b) => compareMatches(a.match, b.match) || a.r - b.r || a.m - b.m);
  const paths = entries.map(({ rule, match }) => ({ ...renderPath(match), backend: renderBackend(rule.backends[0]) }));
  return {
    ingressClassName,
    tls: renderTls(route, gateway),
    rules: route.hosts.map((host) => ({ host: host === '*' ? undefined : host, http: { paths } })),
  };
}

function renderTls(route: RouteModel, gateway: GatewayModel): kplus.k8s.IngressTls[] | undefined {
  const hostsBySecret = new Map<string, string[]>();
  for (const listener of servingListeners(gateway.listeners, route)) {
    const secret = listener.protocol === ListenerProtocol.HTTPS ? listener.tls?.certificate?.name : undefined;
    if (!secret) continue;
    // Name the route's own hosts: Istio builds the HTTPS server for an Ingress from its TLS hosts.
    const covered = route.hosts.filter((host) => host !== '*' && hostsIntersect(host, listener.hostname));
    const known = hostsBySecret.get(secret) ?? [];
    hostsBySecret.set(secret, [...known, ...covered.filter((host) => !known.includes(host))]);
  }
  if (hostsBySecret.size === 0) return undefined;
  return [...hostsBySecret.entries()].map(([secretName, hosts]) => ({ hosts: hosts.length > 0 ? hosts : undefined, secretName }));
}

/**
 * Only Prefix and Exact: their meaning is fixed by Kubernetes, whereas Istio
 * reads ImplementationSpecific as exact unless the path ends in `/*` or `.*`.
 */
function renderPath(match: MatchModel): { path: string; pathType: string } {
  if (!match.path) return { path: '/', pathType: 'Prefix' };
  switch (match.path.type) {
    case PathMatchType.EXACT:
      return { path: match.path.value, pathType: 'Exact' };
    case PathMatchType.PREFIX:
      return { path: match.path.value, pathType: 'Prefix' };
    default:
      throw new Error(`an Ingress path cannot express a ${match.path.type} match (${show(match.path.value)}); only PathPrefix and Exact`);
  }
}

function renderBackend(backend: BackendRefModel): kplus.k8s.IngressBackend {
  return {
    service: { name: backend.name, port: backend.port !== undefined ? { number: backend.port } : { name: backend.portName } },
  };
}
