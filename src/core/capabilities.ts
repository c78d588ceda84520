import { ModelProblem } from './checks';
import { HttpRuleModel, IngressApiKind, PathMatchType, RouteModel, StringMatchType } from './model';

/**
 * The one source of truth for what each API can express. Rendering relies on
 * it (a renderer only ever sees supported features), the synth-time errors
 * quote it, and the README's capability matrix is generated from it.
 */

/** How an API supports a route feature. */
export enum Support {
  /** Part of the API's standard, portable definition. */
  SUPPORTED = 'supported',
  /** Available through an Istio-specific extension or implementation-specific behaviour. */
  EXTENSION = 'extension',
  /** Not expressible: using it fails at synth time. */
  UNSUPPORTED = 'unsupported',
}

/** Route features whose support differs between APIs. */
export enum RouteFeature {
  PATH_PREFIX = 'path-prefix',
  PATH_EXACT = 'path-exact',
  PATH_REGEX = 'path-regex',
  HEADER_EXACT = 'header-exact',
  HEADER_REGEX = 'header-regex',
  QUERY_PARAM_EXACT = 'query-param-exact',
  QUERY_PARAM_REGEX = 'query-param-regex',
  METHOD = 'method',
  REQUEST_TIMEOUT = 'request-timeout',
}

export interface Capability {
  readonly feature: RouteFeature;
  /** How the feature is called in messages and the README. */
  readonly title: string;
  readonly support: Readonly<Record<IngressApiKind, Support>>;
  /** What to do instead, per API where it is unsupported or an extension. */
  readonly notes?: Readonly<Partial<Record<IngressApiKind, string>>>;
}

const { ISTIO, GATEWAY_API, KUBERNETES_INGRESS } = IngressApiKind;
const { SUPPORTED: YES, EXTENSION: EXT, UNSUPPORTED: NO } = Support;

const INGRESS_NOTE = 'Istio\'s Kubernetes Ingress support only matches hosts and path prefixes or exact paths';

export const CAPABILITIES: readonly Capability[] = [
  { feature: RouteFeature.PATH_PREFIX, title: 'path prefix match', support: { [ISTIO]: YES, [GATEWAY_API]: YES, [KUBERNETES_INGRESS]: YES } },
  { feature: RouteFeature.PATH_EXACT, title: 'exact path match', support: { [ISTIO]: YES, [GATEWAY_API]: YES, [KUBERNETES_INGRESS]: YES } },
  {
    feature: RouteFeature.PATH_REGEX,
    title: 'regular-expression path match',
    support: { [ISTIO]: YES, [GATEWAY_API]: EXT, [KUBERNETES_INGRESS]: NO },
    notes: { [GATEWAY_API]: 'RegularExpression is implementation-specific; Istio matches RE2 in full', [KUBERNETES_INGRESS]: INGRESS_NOTE },
  },
  {
    feature: RouteFeature.HEADER_EXACT,
    title: 'header match',
    support: { [ISTIO]: YES, [GATEWAY_API]: YES, [KUBERNETES_INGRESS]: NO },
    notes: { [KUBERNETES_INGRESS]: INGRESS_NOTE },
  },
  {
    feature: RouteFeature.HEADER_REGEX,
    title: 'regular-expression header match',
    support: { [ISTIO]: YES, [GATEWAY_API]: EXT, [KUBERNETES_INGRESS]: NO },
    notes: { [GATEWAY_API]: 'RegularExpression is implementation-specific; Istio matches RE2 in full', [KUBERNETES_INGRESS]: INGRESS_NOTE },
  },
  {
    feature: RouteFeature.QUERY_PARAM_EXACT,
    title: 'query parameter match',
    support: { [ISTIO]: YES, [GATEWAY_API]: YES, [KUBERNETES_INGRESS]: NO },
    notes: { [KUBERNETES_INGRESS]: INGRESS_NOTE },
  },
  {
    feature: RouteFeature.QUERY_PARAM_REGEX,
    title: 'regular-expression query parameter match',
    support: { [ISTIO]: YES, [GATEWAY_API]: EXT, [KUBERNETES_INGRESS]: NO },
    notes: { [GATEWAY_API]: 'RegularExpression is implementation-specific; Istio matches RE2 in full', [KUBERNETES_INGRESS]: INGRESS_NOTE },
  },
  {
    feature: RouteFeature.METHOD,
    title: 'HTTP method match',
    support: { [ISTIO]: YES, [GATEWAY_API]: YES, [KUBERNETES_INGRESS]: NO },
    notes: { [KUBERNETES_INGRESS]: INGRESS_NOTE },
  },
  {
    feature: RouteFeature.REQUEST_TIMEOUT,
    title: 'request timeout',
    support: { [ISTIO]: YES, [GATEWAY_API]: YES, [KUBERNETES_INGRESS]: NO },
    notes: { [KUBERNETES_INGRESS]: 'Ingress has no timeout field and Istio reads no timeout annotation' },
  },
];

const BY_FEATURE = new Map(CAPABILITIES.map((c) => [c.feature, c]));

/** The capability entry of a feature. */
export function capability(feature: RouteFeature): Capability {
  return BY_FEATURE.get(feature)!;
}

/** Features a rule uses, each with the field that uses it. */
export function featuresOf(rule: HttpRuleModel, field: string): { feature: RouteFeature; field: string }[] {
  const used: { feature: RouteFeature; field: string }[] = [];
  rule.matches.forEach((match, m) => {
    const at = `${field}.matches[${m}]`;
    if (match.path) {
      const feature = { [PathMatchType.PREFIX]: RouteFeature.PATH_PREFIX, [PathMatchType.EXACT]: RouteFeature.PATH_EXACT, [PathMatchType.REGEX]: RouteFeature.PATH_REGEX }[match.path.type];
      used.push({ feature, field: `${at}.path` });
    }
    for (const header of match.headers ?? []) {
      used.push({ feature: header.type === StringMatchType.REGEX ? RouteFeature.HEADER_REGEX : RouteFeature.HEADER_EXACT, field: `${at}.headers` });
    }
    for (const param of match.queryParams ?? []) {
      used.push({ feature: param.type === StringMatchType.REGEX ? RouteFeature.QUERY_PARAM_REGEX : RouteFeature.QUERY_PARAM_EXACT, field: `${at}.queryParams` });
    }
    if (match.method) used.push({ feature: RouteFeature.METHOD, field: `${at}.method` });
  });
  if (rule.timeout !== undefined) used.push({ feature: RouteFeature.REQUEST_TIMEOUT, field: `${field}.timeout` });
  return used;
}

/** Display names of the APIs, as users choose them. */
export const API_NAMES: Readonly<Record<IngressApiKind, string>> = {
  [ISTIO]: 'Istio API (IngressApi.istio())',
  [GATEWAY_API]: 'Gateway API (IngressApi.gatewayApi())',
  [KUBERNETES_INGRESS]: 'Kubernetes Ingress (IngressApi.kubernetesIngress())',
};

/**
 * One problem per use of a feature the API cannot express, naming the
 * feature, the API, what to do instead and the APIs that would support it.
 */
export function checkCapabilities(api: IngressApiKind, routes: readonly RouteModel[]): ModelProblem[] {
  const problems: ModelProblem[] = [];
  for (const route of routes) {
    route.rules.forEach((rule, r) => {
      const reported = new Set<string>();
      for (const { feature, field } of featuresOf(rule, `routes[${r}]`)) {
        const entry = capability(feature);
        if (entry.support[api] !== Support.UNSUPPORTED || reported.has(`${feature}|${field}`)) continue;
        reported.add(`${feature}|${field}`);
        const alternatives = (Object.keys(entry.support) as IngressApiKind[]).filter((k) => entry.support[k] !== Support.UNSUPPORTED).map((k) => API_NAMES[k]);
        const note = entry.notes?.[api];
        problems.push({
          source: route.source,
          field,
          message:
            `${entry.title} is not supported by the ${API_NAMES[api]}${note ? `: ${note}` : ''}; ` +
            (alternatives.length > 0 ? `use the ${alternatives.join(' or the ')} for this route` : 'no API supports it'),
        });
      }
    });
  }
  return problems;
}
