import { checkRegex, FullMatcher, re2FullMatcher } from '../checks/regex';
import { show } from '../errors';
import type { HostMap } from './hosts';
import { Fields } from './manifests';
import { CompiledMatch, PathMatcher, StringMatcher } from './matching';
import { ObjectRef, PolicyInfo, TraceEntry } from './result';

/**
 * istiod turns every API into the same internal configuration before it
 * builds Envoy's: Istio Gateways (one per Gateway API listener, one per
 * Ingress) and VirtualServices (one per Gateway API parent and host, one per
 * Ingress host). The explainer does the same: each API's semantics is a
 * converter to this form, and one routing table is built from it, as
 * pilot/pkg/networking/core/gateway.go builds Envoy's route configurations.
 */

/** How a VirtualService's matches are read: istiod marks generated ones (`UseGatewaySemantics`, `UseIngressSemantics`). */
export type Semantics = 'istio' | 'gateway' | 'ingress';

/** A server host: `namespace/host`, `*` for any namespace, `~` for none (a listener that admits no namespace). */
export interface ServerHost {
  readonly namespace: string;
  readonly host: string;
}

export interface ServerTls {
  readonly mode: string;
  readonly httpsRedirect: boolean;
  /** @default - none */
  readonly credentialName?: string;
}

/** A server of an Istio Gateway (a Gateway API listener, an Ingress's port 80 or TLS entry). */
export interface IrServer {
  readonly gatewayKey: string;
  /** The object the user wrote. */
  readonly object: ObjectRef;
  readonly field: string;
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
  readonly hosts: readonly ServerHost[];
  /** @default - none */
  readonly tls?: ServerTls;
  /**
   * The hosts indexed, built the first time a lookup needs them (servers are immutable otherwise).
   * @default - none
   */
  hostIndex?: HostMap<ServerHost>;
}

/** How istiod finds the proxies a gateway configures. */
export type ProxyBinding =
  /** Istio API and Ingress: pods whose labels include the selector (any namespace). */
  | { readonly kind: 'selector'; readonly selector: Readonly<Record<string, string>> }
  /** Gateway API: the pods behind the Gateway's Services (Istio's own deployment, or `spec.addresses`). */
  | { readonly kind: 'services'; readonly namespace: string; readonly serviceNames: readonly string[]; readonly automated?: string };

export interface IrGateway {
  /** `namespace/name`, as VirtualServices name it in `gateways`. */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  /** @default - none */
  readonly creation?: number;
  readonly object: ObjectRef;
  /** How a request names the gateway: `namespace/name`, or the IngressClass. */
  readonly display: string;
  readonly binding: ProxyBinding;
  readonly servers: readonly IrServer[];
}

export interface IrDestination {
  /** The destination host, a Service FQDN for cluster Services. */
  readonly host: string;
  /** @default - none */
  readonly port?: number;
  /** Relative weight among the rule's destinations. */
  readonly weight: number;
  /**
   * Why requests sent here fail (a reference not granted), when they do.
   * @default - none
   */
  readonly problem?: string;
  /** @default - none */
  readonly problemBasis?: string;
}

export interface IrRedirect {
  /** @default - none */
  readonly scheme?: string;
  /** @default - none */
  readonly authority?: string;
  /**
   * A number, or how Envoy derives it.
   * @default - none
   */
  readonly port?: number | 'from-request' | 'from-protocol-default';
  /** @default - none */
  readonly uri?: string;
  /**
   * The Gateway API's ReplacePrefixMatch (`%PREFIX()%` in istiod's generated VirtualService).
   * @default - none
   */
  readonly prefixRewrite?: string;
  readonly code: number;
}

export type IrAction =
  | { readonly kind: 'route'; readonly destinations: readonly IrDestination[]; readonly invalidCode: number }
  | { readonly kind: 'redirect'; readonly redirect: IrRedirect }
  | { readonly kind: 'direct'; readonly status: number; readonly body?: string };

export interface IrMatch {
  readonly compiled: CompiledMatch;
  readonly field: string;
  readonly index: number;
  /**
   * Only on this gateway port (VirtualService `match.port`).
   * @default - none
   */
  readonly port?: number;
  /**
   * Only on these gateways (VirtualService `match.gateways`).
   * @default - none
   */
  readonly gateways?: readonly string[];
  /**
   * Only for clients with these labels (VirtualService `match.sourceLabels`); a gateway compares its own.
   * @default - none
   */
  readonly sourceLabels?: Readonly<Record<string, string>>;
  /**
   * Only for clients in this namespace (`match.sourceNamespace`).
   * @default - none
   */
  readonly sourceNamespace?: string;
}

export interface IrHttpRoute {
  readonly object: ObjectRef;
  readonly field: string;
  readonly rule: number;
  /** @default - none */
  readonly ruleName?: string;
  /** Empty: every request. */
  readonly matches: readonly IrMatch[];
  readonly action: IrAction;
  readonly policies: readonly PolicyInfo[];
}

export interface IrTlsRoute {
  readonly object: ObjectRef;
  readonly field: string;
  readonly rule: number;
  readonly matches: readonly { readonly sniHosts: readonly string[]; readonly port?: number; readonly gateways?: readonly string[] }[];
  readonly destinations: readonly IrDestination[];
}

export interface IrVirtualService {
  readonly namespace: string;
  readonly name: string;
  /** @default - none */
  readonly creation?: number;
  readonly object: ObjectRef;
  readonly semantics: Semantics;
  readonly hosts: readonly string[];
  readonly gateways: readonly string[];
  /** Namespaces the VirtualService is visible to; `*` for all. */
  readonly exportTo: readonly string[];
  readonly http: readonly IrHttpRoute[];
  readonly tls: readonly IrTlsRoute[];
}

/**
 * A trace entry about an object that never reaches a route table (a route a
 * listener refused, an Ingress of another class): kept by the hosts it
 * concerns, so that explaining a request only looks at its own host's.
 */
export interface Note {
  /** Hosts it concerns; `*` for any. */
  readonly hosts: readonly string[];
  /**
   * Gateways (keys) it concerns; undefined for any.
   * @default - none
   */
  readonly gatewayKeys?: readonly string[];
  readonly entry: TraceEntry;
  /**
   * Said as a warning too, when the answer depends on what the input cannot tell.
   * @default - none
   */
  readonly warning?: string;
}

export interface Converted {
  readonly gateways: IrGateway[];
  readonly virtualServices: IrVirtualService[];
  readonly notes: Note[];
  /** Warnings about the input as a whole. */
  readonly warnings: string[];
}

export function emptyConverted(): Converted {
  return { gateways: [], virtualServices: [], notes: [], warnings: [] };
}

/** An Istio StringMatch (`exact`, `prefix`, `regex`; `{}` means present), read from YAML. */
export function stringMatcher(fields: Fields, value: unknown, field: string): StringMatcher {
  const match = fields.object(value, field) ?? {};
  const exact = fields.string(match.exact, `${field}.exact`);
  const prefix = fields.string(match.prefix, `${field}.prefix`);
  const regex = fields.string(match.regex, `${field}.regex`);
  if (exact !== undefined) return { kind: 'exact', value: exact };
  if (prefix !== undefined) return { kind: 'prefix', value: prefix };
  // `*` is not RE2: istiod turns it into a presence check (canBeConvertedToPresentMatch in route.go).
  if (regex !== undefined && regex !== '*') return { kind: 'regex', value: regex, regex: compileRegex(fields, regex, `${field}.regex`) };
  return { kind: 'present' };
}

/** A regex of a manifest, refused as istiod and Envoy refuse it (checkRegex's message). */
export function compileRegex(fields: Fields, expression: string, field: string): FullMatcher {
  const regex = re2FullMatcher(expression);
  if (!regex) fields.fail(field, `${show(expression)} ${checkRegex(expression) ?? 'is not an RE2 regular expression'}`);
  return regex;
}

/**
 * An Istio URI match as Envoy receives it (`TranslateRouteMatch` in
 * pilot/pkg/networking/core/route/route.go): no URI is the prefix `/`; for
 * VirtualServices generated from the Gateway API or Ingress, a prefix other
 * than `/` matches whole path segments (`path_separated_prefix`, its trailing
 * `/` removed); for the Istio API it is a plain string prefix.
 */
export function pathMatcher(kind: 'exact' | 'prefix' | 'regex' | undefined, value: string, semantics: Semantics, fields: Fields, field: string): PathMatcher {
  if (kind === undefined) return { kind: 'prefix', value: '/' };
  if (kind === 'exact') return { kind: 'exact', value };
  if (kind === 'regex') return { kind: 'regex', value, regex: compileRegex(fields, value, field) };
  if (semantics !== 'istio' && value !== '/') return { kind: 'path-separated-prefix', value: value.replace(/\/+$/, '') || '/' };
  return { kind: 'prefix', value };
}

/** A destination host as the backend it names: `name.namespace.svc.<domain>`, or a short name in the route's namespace. */
export function serviceFqdn(name: string, namespace: string, clusterDomain: string): string {
  return `${name}.${namespace}.svc.${clusterDomain}`;
}
