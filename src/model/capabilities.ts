import { HttpRuleModel, IngressApiKind, PathMatchType, PathModifierType, StringMatchType } from './types';

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

/** Features whose support differs between APIs. */
export enum Feature {
  PATH_PREFIX = 'path-prefix',
  PATH_EXACT = 'path-exact',
  PATH_REGEX = 'path-regex',
  HEADER_EXACT = 'header-exact',
  HEADER_REGEX = 'header-regex',
  QUERY_PARAM_EXACT = 'query-param-exact',
  QUERY_PARAM_REGEX = 'query-param-regex',
  METHOD = 'method',
  REQUEST_TIMEOUT = 'request-timeout',
  WEIGHTED_BACKENDS = 'weighted-backends',
  RETRIES = 'retries',
  URL_REWRITE = 'url-rewrite',
  REDIRECT = 'redirect',
  REDIRECT_PREFIX = 'redirect-prefix',
  REQUEST_HEADERS = 'request-headers',
  RESPONSE_HEADERS = 'response-headers',
  MIRROR = 'mirror',
  CORS = 'cors',
  FAULT_INJECTION = 'fault-injection',
  DIRECT_RESPONSE = 'direct-response',
  TLS_TERMINATION = 'tls-termination',
  TLS_MUTUAL = 'tls-mutual',
  TLS_OPTIONAL_MUTUAL = 'tls-optional-mutual',
  TLS_PASSTHROUGH = 'tls-passthrough',
  HTTPS_REDIRECT = 'https-redirect',
  TLS_1_3_MINIMUM = 'tls-1.3-minimum',
  CIPHER_SUITES = 'cipher-suites',
}

/** How the three APIs support one feature (`Capabilities.all()`). */
export interface Capability {
  readonly feature: Feature;
  /** How the feature is called in messages and the README. */
  readonly title: string;
  /** The support of each API, by `IngressApiKind` value (every kind has an entry). */
  readonly support: { readonly [api: string]: Support };
  /**
   * What to do instead, per API (by `IngressApiKind` value) where it is unsupported or an extension.
   * @default - no notes
   */
  readonly notes?: { readonly [api: string]: string };
}

/** A capability as the library declares it: an entry for every API kind. */
export interface CapabilityEntry extends Capability {
  readonly support: Readonly<Record<IngressApiKind, Support>>;
  /** @default - none */
  readonly notes?: Readonly<Partial<Record<IngressApiKind, string>>>;
}

const { ISTIO, GATEWAY_API, KUBERNETES_INGRESS } = IngressApiKind;
const { SUPPORTED: YES, EXTENSION: EXT, UNSUPPORTED: NO } = Support;

const INGRESS_NOTE = 'Istio\'s Kubernetes Ingress support only matches hosts and path prefixes or exact paths';
/** Istio reads nothing from an Ingress but hosts, paths, backends and TLS: no annotation adds behaviour. */
const INGRESS_ROUTING_NOTE = 'an Ingress path has one backend and no routing options, and Istio reads no annotations for them';

export const CAPABILITIES: readonly CapabilityEntry[] = [
  { feature: Feature.PATH_PREFIX, title: 'path prefix match', support: { [ISTIO]: YES, [GATEWAY_API]: YES, [KUBERNETES_INGRESS]: YES } },
  { feature: Feature.PATH_EXACT, title: 'exact path match', support: { [ISTIO]: YES, [GATEWAY_API]: YES, [KUBERNETES_INGRESS]: YES } },
  {
    feature: Feature.PATH_REGEX,
    title: 'regular-expression path match',
    support: { [ISTIO]: YES, [GATEWAY_API]: EXT, [KUBERNETES_INGRESS]: NO },
    notes: { [GATEWAY_API]: 'RegularExpression is implementation-specific; Istio matches RE2 in full', [KUBERNETES_INGRESS]: INGRESS_NOTE },
  },
  {
    feature: Feature.HEADER_EXACT,
    title: 'header match',
    support: { [ISTIO]: YES, [GATEWAY_API]: YES, [KUBERNETES_INGRESS]: NO },
    notes: { [KUBERNETES_INGRESS]: INGRESS_NOTE },
  },
  {
    feature: Feature.HEADER_REGEX,
    title: 'regular-expression header match',
    support: { [ISTIO]: YES, [GATEWAY_API]: EXT, [KUBERNETES_INGRESS]: NO },
    notes: { [GATEWAY_API]: 'RegularExpression is implementation-specific; Istio matches RE2 in full', [KUBERNETES_INGRESS]: INGRESS_NOTE },
  },
  {
    feature: Feature.QUERY_PARAM_EXACT,
    title: 'query parameter match',
    support: { [ISTIO]: YES, [GATEWAY_API]: YES, [KUBERNETES_INGRESS]: NO },
    notes: { [KUBERNETES_INGRESS]: INGRESS_NOTE },
  },
  {
    feature: Feature.QUERY_PARAM_REGEX,
    title: 'regular-expression query parameter match',
    support: { [ISTIO]: YES, [GATEWAY_API]: EXT, [KUBERNETES_INGRESS]: NO },
    notes: { [GATEWAY_API]: 'RegularExpression is implementation-specific; Istio matches RE2 in full', [KUBERNETES_INGRESS]: INGRESS_NOTE },
  },
  {
    feature: Feature.METHOD,
    title: 'HTTP method match',
    support: { [ISTIO]: YES, [GATEWAY_API]: YES, [KUBERNETES_INGRESS]: NO },
    notes: { [KUBERNETES_INGRESS]: INGRESS_NOTE },
  },
  {
    feature: Feature.REQUEST_TIMEOUT,
    title: 'request timeout',
    support: { [ISTIO]: YES, [GATEWAY_API]: YES, [KUBERNETES_INGRESS]: NO },
    notes: { [KUBERNETES_INGRESS]: 'Ingress has no timeout field and Istio reads no timeout annotation' },
  },
  {
    feature: Feature.WEIGHTED_BACKENDS,
    title: 'traffic split across weighted backends',
    support: { [ISTIO]: YES, [GATEWAY_API]: YES, [KUBERNETES_INGRESS]: NO },
    notes: { [KUBERNETES_INGRESS]: INGRESS_ROUTING_NOTE },
  },
  {
    feature: Feature.RETRIES,
    title: 'retries',
    support: { [ISTIO]: YES, [GATEWAY_API]: NO, [KUBERNETES_INGRESS]: NO },
    notes: {
      [GATEWAY_API]:
        'the standard channel has no retry field (HTTPRouteRule.retry is experimental); Istio\'s default retries ' +
        '(2, on connect-failure, refused-stream, unavailable, cancelled and 503) still apply to Gateway API routes, so remove retries to rely on them',
      [KUBERNETES_INGRESS]: 'Istio\'s default retries (2, on connect-failure, refused-stream, unavailable, cancelled and 503) apply, and nothing else can be set',
    },
  },
  {
    feature: Feature.URL_REWRITE,
    title: 'URL rewrite (path, host)',
    support: { [ISTIO]: YES, [GATEWAY_API]: YES, [KUBERNETES_INGRESS]: NO },
    notes: { [KUBERNETES_INGRESS]: INGRESS_ROUTING_NOTE },
  },
  {
    feature: Feature.REDIRECT,
    title: 'redirect (scheme, host, port, path, status code)',
    support: { [ISTIO]: YES, [GATEWAY_API]: YES, [KUBERNETES_INGRESS]: NO },
    notes: { [KUBERNETES_INGRESS]: INGRESS_ROUTING_NOTE },
  },
  {
    feature: Feature.REDIRECT_PREFIX,
    title: 'redirect replacing the matched path prefix',
    support: { [ISTIO]: NO, [GATEWAY_API]: YES, [KUBERNETES_INGRESS]: NO },
    notes: {
      [ISTIO]: 'a VirtualService redirect can only replace the whole path; use PathModifier.replaceFullPath()',
      [KUBERNETES_INGRESS]: INGRESS_ROUTING_NOTE,
    },
  },
  {
    feature: Feature.REQUEST_HEADERS,
    title: 'request header set, add, remove',
    support: { [ISTIO]: YES, [GATEWAY_API]: YES, [KUBERNETES_INGRESS]: NO },
    notes: { [KUBERNETES_INGRESS]: INGRESS_ROUTING_NOTE },
  },
  {
    feature: Feature.RESPONSE_HEADERS,
    title: 'response header set, add, remove',
    support: { [ISTIO]: YES, [GATEWAY_API]: YES, [KUBERNETES_INGRESS]: NO },
    notes: { [KUBERNETES_INGRESS]: INGRESS_ROUTING_NOTE },
  },
  {
    feature: Feature.MIRROR,
    title: 'request mirroring (with percentage)',
    support: { [ISTIO]: YES, [GATEWAY_API]: YES, [KUBERNETES_INGRESS]: NO },
    notes: { [KUBERNETES_INGRESS]: INGRESS_ROUTING_NOTE },
  },
  {
    feature: Feature.CORS,
    title: 'CORS policy',
    support: { [ISTIO]: YES, [GATEWAY_API]: YES, [KUBERNETES_INGRESS]: NO },
    notes: { [KUBERNETES_INGRESS]: INGRESS_ROUTING_NOTE },
  },
  {
    feature: Feature.FAULT_INJECTION,
    title: 'fault injection (delay, abort)',
    support: { [ISTIO]: YES, [GATEWAY_API]: NO, [KUBERNETES_INGRESS]: NO },
    notes: {
      [GATEWAY_API]: 'HTTPRoute has no fault filter in any channel; inject faults in a test environment served through the Istio API',
      [KUBERNETES_INGRESS]: INGRESS_ROUTING_NOTE,
    },
  },
  {
    feature: Feature.DIRECT_RESPONSE,
    title: 'direct response',
    support: { [ISTIO]: YES, [GATEWAY_API]: NO, [KUBERNETES_INGRESS]: NO },
    notes: {
      [GATEWAY_API]: 'HTTPRoute has no direct-response filter; serve the response from a small backend',
      [KUBERNETES_INGRESS]: INGRESS_ROUTING_NOTE,
    },
  },
  { feature: Feature.TLS_TERMINATION, title: 'TLS termination (HTTPS)', support: { [ISTIO]: YES, [GATEWAY_API]: YES, [KUBERNETES_INGRESS]: YES } },
  {
    feature: Feature.TLS_MUTUAL,
    title: 'mutual TLS (client certificates required)',
    support: { [ISTIO]: YES, [GATEWAY_API]: YES, [KUBERNETES_INGRESS]: NO },
    notes: { [GATEWAY_API]: 'spec.tls.frontend validates client certificates per port, not per host', [KUBERNETES_INGRESS]: 'an Ingress has no client-certificate settings' },
  },
  {
    feature: Feature.TLS_OPTIONAL_MUTUAL,
    title: 'optional mutual TLS (client certificates verified when presented)',
    support: { [ISTIO]: YES, [GATEWAY_API]: YES, [KUBERNETES_INGRESS]: NO },
    notes: { [GATEWAY_API]: 'frontend validation mode AllowInsecureFallback, per port', [KUBERNETES_INGRESS]: 'an Ingress has no client-certificate settings' },
  },
  {
    feature: Feature.TLS_PASSTHROUGH,
    title: 'TLS passthrough by SNI',
    support: { [ISTIO]: YES, [GATEWAY_API]: YES, [KUBERNETES_INGRESS]: NO },
    notes: { [GATEWAY_API]: 'a TLS listener with a TLSRoute', [KUBERNETES_INGRESS]: 'an Ingress always terminates TLS' },
  },
  {
    feature: Feature.HTTPS_REDIRECT,
    title: 'HTTP to HTTPS redirect',
    support: { [ISTIO]: YES, [GATEWAY_API]: YES, [KUBERNETES_INGRESS]: NO },
    notes: { [GATEWAY_API]: 'an HTTPRoute with a RequestRedirect filter on the HTTP listener', [KUBERNETES_INGRESS]: 'Istio reads no redirect setting from an Ingress: set httpsRedirect: false' },
  },
  {
    feature: Feature.TLS_1_3_MINIMUM,
    title: 'a minimum TLS version above 1.2',
    support: { [ISTIO]: YES, [GATEWAY_API]: NO, [KUBERNETES_INGRESS]: NO },
    notes: { [GATEWAY_API]: 'listener TLS options are implementation-specific and Istio defines none for it; TLS 1.2 is the minimum', [KUBERNETES_INGRESS]: 'TLS 1.2 is the minimum' },
  },
  {
    feature: Feature.CIPHER_SUITES,
    title: 'a choice of cipher suites',
    support: { [ISTIO]: YES, [GATEWAY_API]: NO, [KUBERNETES_INGRESS]: NO },
    notes: { [GATEWAY_API]: 'Envoy\'s default, secure suites apply', [KUBERNETES_INGRESS]: 'Envoy\'s default, secure suites apply' },
  },
];

const BY_FEATURE = new Map(CAPABILITIES.map((c) => [c.feature, c]));

/** The capability table, for programs that want to know which API supports what. */
export class Capabilities {
  /** Every feature, with its support per API and the notes on what to do instead. */
  public static all(): Capability[] {
    return CAPABILITIES.map((c) => ({ ...c }));
  }

  /** How `api` supports `feature`. */
  public static support(api: IngressApiKind, feature: Feature): Support {
    return capability(feature).support[api];
  }

  private constructor() {}
}

/** The capability entry of a feature. */
export function capability(feature: Feature): CapabilityEntry {
  return BY_FEATURE.get(feature)!;
}

const PATH_FEATURES: Readonly<Record<PathMatchType, Feature>> = {
  [PathMatchType.PREFIX]: Feature.PATH_PREFIX,
  [PathMatchType.EXACT]: Feature.PATH_EXACT,
  [PathMatchType.REGEX]: Feature.PATH_REGEX,
};

/** Features each API cannot express, for a check that costs nothing when a route uses none of them. */
export const UNSUPPORTED_BY_API: Readonly<Record<IngressApiKind, ReadonlySet<Feature>>> = Object.fromEntries(
  Object.values(IngressApiKind).map((api) => [api, new Set(CAPABILITIES.filter((c) => c.support[api] === Support.UNSUPPORTED).map((c) => c.feature))]),
) as unknown as Record<IngressApiKind, ReadonlySet<Feature>>;

/** Features a rule uses, each with the field that uses it. */
export function featuresOf(rule: HttpRuleModel, field: string): { feature: Feature; field: string }[] {
  const used: { feature: Feature; field: string }[] = [];
  for (let m = 0; m < rule.matches.length; m++) {
    const match = rule.matches[m];
    const at = `${field}.matches[${m}]`;
    if (match.path) used.push({ feature: PATH_FEATURES[match.path.type], field: `${at}.path` });
    for (const header of match.headers ?? []) {
      used.push({ feature: header.type === StringMatchType.REGEX ? Feature.HEADER_REGEX : Feature.HEADER_EXACT, field: `${at}.headers` });
    }
    for (const param of match.queryParams ?? []) {
      used.push({ feature: param.type === StringMatchType.REGEX ? Feature.QUERY_PARAM_REGEX : Feature.QUERY_PARAM_EXACT, field: `${at}.queryParams` });
    }
    if (match.method) used.push({ feature: Feature.METHOD, field: `${at}.method` });
  }
  if (rule.timeout !== undefined) used.push({ feature: Feature.REQUEST_TIMEOUT, field: `${field}.timeout` });
  if (rule.backends.length > 1) used.push({ feature: Feature.WEIGHTED_BACKENDS, field: `${field}.backends` });
  if (rule.retries) used.push({ feature: Feature.RETRIES, field: `${field}.retries` });
  if (rule.rewrite) used.push({ feature: Feature.URL_REWRITE, field: `${field}.rewrite` });
  if (rule.redirect) {
    used.push({ feature: Feature.REDIRECT, field: `${field}.redirect` });
    if (rule.redirect.path?.type === PathModifierType.PREFIX_MATCH) used.push({ feature: Feature.REDIRECT_PREFIX, field: `${field}.redirect.path` });
  }
  if (rule.requestHeaders) used.push({ feature: Feature.REQUEST_HEADERS, field: `${field}.requestHeaders` });
  if (rule.responseHeaders) used.push({ feature: Feature.RESPONSE_HEADERS, field: `${field}.responseHeaders` });
  if (rule.mirrors?.length) used.push({ feature: Feature.MIRROR, field: `${field}.mirrors` });
  if (rule.cors) used.push({ feature: Feature.CORS, field: `${field}.cors` });
  if (rule.fault) used.push({ feature: Feature.FAULT_INJECTION, field: `${field}.fault` });
  if (rule.directResponse) used.push({ feature: Feature.DIRECT_RESPONSE, field: `${field}.directResponse` });
  return used;
}

/** Display names of the APIs, as users choose them. */
export const API_NAMES: Readonly<Record<IngressApiKind, string>> = {
  [ISTIO]: 'Istio API (IngressApi.istio())',
  [GATEWAY_API]: 'Gateway API (IngressApi.gatewayApi())',
  [KUBERNETES_INGRESS]: 'Kubernetes Ingress (IngressApi.kubernetesIngress())',
};

/** Why `api` cannot express `feature`, and which APIs can; undefined when it can. */
export function unsupported(api: IngressApiKind, feature: Feature): string | undefined {
  const entry = capability(feature);
  if (entry.support[api] !== Support.UNSUPPORTED) return undefined;
  const alternatives = (Object.keys(entry.support) as IngressApiKind[]).filter((k) => entry.support[k] !== Support.UNSUPPORTED).map((k) => API_NAMES[k]);
  const note = entry.notes?.[api];
  return (
    `${entry.title} is not supported by the ${API_NAMES[api]}${note ? `: ${note}` : ''}; ` +
    (alternatives.length > 0 ? `use the ${alternatives.join(' or the ')}` : 'no API supports it')
  );
}
