import { hostsIntersect } from '../model/hosts';
import { BackendRefModel, ListenerProtocol, MatchModel, PathMatchType, RouteModel } from '../model/types';
import { compareMatches } from '../model/precedence';
import { ApiRenderer, RenderContext } from './api';
import { metadata, RenderedObject } from './manifest';
import { extended } from '../model/objects';

/** The controller name Istio's ingress controller claims IngressClasses by. */
export const ISTIO_INGRESS_CONTROLLER = 'istio.io/ingress-controller';
/** The pre-IngressClass way of choosing a controller; Istio still honours it, before `spec.ingressClassName`. */
export const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
/** Makes the admission controller give class-less Ingresses this class. */
const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';

/**
 * Kubernetes Ingress as served by Istio: an IngressClass for Istio's ingress
 * controller (unless the legacy class annotation is used), and one
 * `networking.k8s.io/v1` Ingress per route. Istio turns every Ingress of its
 * class into a Gateway selecting `istio: <ingressSelector>` pods, so the
 * gateway has no Gateway object of its own. TLS is each Ingress's `spec.tls`.
 */
export const kubernetesIngressRenderer: ApiRenderer = {
  gateway({ model }: RenderContext): RenderedObject[] {
    const settings = model.kubernetesIngress ?? {};
    const classAnnotation = settings.classAnnotation ?? false;
    if (!(settings.createIngressClass ?? !classAnnotation)) return [];
    const annotations: Record<string, string> = { ...model.metadata?.annotations };
    if (settings.defaultClass) annotations[DEFAULT_CLASS_ANNOTATION] = 'true';
    return [
      {
        owner: model.source,
        id: 'IngressClass',
        manifest: {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'IngressClass',
          metadata: metadata(settings.ingressClassName ?? 'istio', undefined, model.metadata?.labels, annotations),
          spec: renderIngressClassSpec(),
        },
      },
    ];
  },

  route(route: RouteModel, context: RenderContext): RenderedObject[] {
    const settings = context.model.kubernetesIngress ?? {};
    const className = settings.ingressClassName ?? 'istio';
    const annotations: Record<string, string> = { ...route.metadata?.annotations };
    if (settings.classAnnotation) annotations[INGRESS_CLASS_ANNOTATION] = className;
    return [
      {
        owner: route.source,
        id: 'Resource',
        manifest: {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'Ingress',
          metadata: metadata(route.name, route.namespace, route.metadata?.labels, annotations),
          spec: renderIngressSpec(route, context, settings.classAnnotation ? undefined : className),
        },
      },
    ];
  },

  /** TLS for Ingresses is their `spec.tls`, rendered with each Ingress; nothing else is needed. */
  tls(): RenderedObject[] {
    return [];
  },
};

/** The IngressClass spec that hands Ingresses of the class to Istio. */
export function renderIngressClassSpec(): { controller: string } {
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
export function renderIngressSpec(route: RouteModel, context: RenderContext, ingressClassName: string | undefined): Record<string, unknown> {
  const entries = route.rules.flatMap((rule, r) => (rule.matches.length > 0 ? rule.matches : [{}]).map((match, m) => ({ rule, r, m, match })));
  entries.sort((a, b) => compareMatches(a.match, b.match) || a.r - b.r || a.m - b.m);
  const paths = entries.map(({ rule, match }) => extended(renderPath(match), { backend: renderBackend(rule.backends[0]) }));
  return {
    ingressClassName,
    tls: renderTls(route, context),
    rules: route.hosts.map((host) => ({ host: host === '*' ? undefined : host, http: { paths } })),
  };
}

function renderTls(route: RouteModel, context: RenderContext): { hosts?: string[]; secretName: string }[] | undefined {
  const hostsBySecret = new Map<string, string[]>();
  for (const listener of context.listeners.serving(route)) {
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
      throw new Error(`an Ingress path cannot express a ${match.path.type} match (${JSON.stringify(match.path.value)}); only PathPrefix and Exact`);
  }
}

function renderBackend(backend: BackendRefModel) {
  return {
    service: { name: backend.name, port: backend.port !== undefined ? { number: backend.port } : { name: backend.portName } },
  };
}
