import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { ExposedServiceProps } from '../constructs/exposed-service';
import type { IIngressGateway } from '../constructs/gateway-reference';
import type { IngressGatewayProps } from '../constructs/ingress-gateway';
import type { TlsIngressProps } from '../constructs/tls-ingress';
import { Backend } from '../values/backend';
import { CertificateSource, CertManagerIssuer, ClientCertificateAuthority } from '../values/certificate';
import { BundledProxyOptions, GatewayProxy } from '../values/gateway-proxy';
import { AllowedRoutes, GatewayApiOptions, IngressApi } from '../values/ingress-api';
import { PathMatch, RouteMatch, StringMatch } from '../values/match';
import { ProxyEgress, ProxyNetworkPolicy } from '../values/network-policy';
import { PathModifier } from '../values/path-modifier';
import { Percentage } from '../values/percentage';
import { RetryOn } from '../values/retry-policy';
import { HttpRoute } from '../values/route';
import {
  BackendSpec, CertificateSpec, ClientCaSpec, ExposedServiceSpec, GatewayProxySpec, HeaderModifierSpec, HttpRouteSpec, IngressApiSpec,
  IngressGatewaySpec, PathMatchSpec, PathModifierSpec, ResourcesSpec, RouteMatchSpec, StringMatchSpec, TlsIngressSpec,
} from './spec';

/**
 * Turns custom resource specs (already checked against their schema) into
 * the props of the constructs, value for value: `4s` becomes
 * `Duration.seconds(4)`, `{prefix: '/x'}` becomes `PathMatch.prefix('/x')`,
 * a backend becomes `Backend.fromServiceName()`. Every check of the values
 * themselves is the constructs' (so both paths report the same problems); the
 * decoder only checks what the schema's CEL rules check in the cluster, which
 * nobody has checked in a KRM pipeline: exactly one key of a factory object.
 */

/** A spec that cannot become props, at `path` (e.g. `spec.proxy`). */
export class DecodeError extends Error {
  constructor(public readonly path: string, public readonly problem: string) {
    super(`${path}: ${problem}`);
    this.name = 'DecodeError';
  }
}

/** Where a resource is: its name is the construct id, its namespace the construct's namespace. */
export interface ResourcePlace {
  readonly name: string;
  readonly namespace: string;
}

/** The props of the IngressGateway of a spec (the namespace exists: the resource is in it). */
export function gatewayProps(spec: IngressGatewaySpec, place: ResourcePlace): IngressGatewayProps {
  return {
    namespace: place.namespace,
    createNamespace: false,
    api: spec.api === undefined ? undefined : ingressApi(spec.api),
    proxy: spec.proxy === undefined ? undefined : gatewayProxy(spec.proxy),
    serviceType: spec.serviceType as string as kplus.ServiceType | undefined,
    loadBalancerAvailable: spec.loadBalancerAvailable,
    selector: spec.selector,
    hosts: spec.hosts,
    clusterDomain: spec.clusterDomain,
    labels: spec.labels,
    annotations: spec.annotations,
  };
}

/** The props of the ExposedService of a spec. */
export function exposedServiceProps(spec: ExposedServiceSpec, place: ResourcePlace, gateway: IIngressGateway): ExposedServiceProps {
  return {
    gateway,
    namespace: place.namespace,
    backend: backend(spec.backend),
    hosts: spec.hosts,
    routes: spec.routes?.map((route, i) => httpRoute(route, `spec.routes[${i}]`)),
    port: spec.port,
  };
}

/** The props of the TlsIngress of a spec. */
export function tlsIngressProps(spec: TlsIngressSpec, place: ResourcePlace, gateway: IIngressGateway): TlsIngressProps {
  return {
    gateway,
    namespace: place.namespace,
    hosts: spec.hosts,
    mode: spec.mode,
    certificate: spec.certificate === undefined ? undefined : certificate(spec.certificate),
    clientCa: spec.clientCa === undefined ? undefined : clientCa(spec.clientCa),
    backend: spec.backend === undefined ? undefined : backend(spec.backend),
    httpsRedirect: spec.httpsRedirect,
    routesAttachedElsewhere: spec.routesAttachedElsewhere,
    minProtocolVersion: spec.minProtocolVersion,
    cipherSuites: spec.cipherSuites,
    allowInsecureCipherSuites: spec.allowInsecureCipherSuites,
    port: spec.port,
  };
}

/** The one key set in a factory object, among `keys`. */
function oneOf<K extends string>(value: Partial<Record<K, unknown>>, keys: readonly K[], path: string): K {
  const set = keys.filter((key) => value[key] !== undefined);
  if (set.length !== 1) throw new DecodeError(path, `set exactly one of ${keys.join(', ')}${set.length > 1 ? ` (found ${set.join(' and ')})` : ''}`);
  return set[0];
}

function ingressApi(spec: IngressApiSpec): IngressApi {
  switch (oneOf(spec, ['istio', 'gatewayApi', 'kubernetesIngress'], 'spec.api')) {
    case 'istio':
      return IngressApi.istio();
    case 'gatewayApi': {
      const options = spec.gatewayApi!;
      const gatewayApi: GatewayApiOptions = {
        gatewayClassName: options.gatewayClassName,
        allowedRoutes: options.allowedRoutes === undefined ? undefined : allowedRoutes(options.allowedRoutes),
        infrastructureLabels: options.infrastructureLabels,
        infrastructureAnnotations: options.infrastructureAnnotations,
      };
      return IngressApi.gatewayApi(gatewayApi);
    }
    case 'kubernetesIngress':
      return IngressApi.kubernetesIngress({ ...spec.kubernetesIngress });
  }
}

function allowedRoutes(spec: NonNullable<NonNullable<IngressApiSpec['gatewayApi']>['allowedRoutes']>): AllowedRoutes {
  switch (oneOf(spec, ['sameNamespace', 'allNamespaces', 'namespacesWithLabels'], 'spec.api.gatewayApi.allowedRoutes')) {
    case 'sameNamespace':
      return AllowedRoutes.sameNamespace();
    case 'allNamespaces':
      return AllowedRoutes.allNamespaces();
    case 'namespacesWithLabels':
      return AllowedRoutes.fromNamespacesWithLabels(spec.namespacesWithLabels!);
  }
}

function gatewayProxy(spec: GatewayProxySpec): GatewayProxy {
  switch (oneOf(spec, ['bundled', 'existing', 'automated'], 'spec.proxy')) {
    case 'bundled': {
      const options = spec.bundled!;
      const bundled: BundledProxyOptions = {
        name: options.name,
        replicas: options.replicas,
        autoscaling: options.autoscaling,
        podDisruptionBudget: options.podDisruptionBudget,
        resources: options.resources === undefined ? undefined : resources(options.resources, 'spec.proxy.bundled.resources'),
        podLabels: options.podLabels,
        serviceAnnotations: options.serviceAnnotations,
        loadBalancerSourceRanges: options.loadBalancerSourceRanges,
        revision: options.revision,
        networkPolicy: options.networkPolicy === undefined ? undefined : networkPolicy(options.networkPolicy),
      };
      return GatewayProxy.bundled(bundled);
    }
    case 'existing':
      return GatewayProxy.existing({ ...spec.existing! });
    case 'automated':
      return GatewayProxy.automated();
  }
}

function networkPolicy(spec: NonNullable<NonNullable<GatewayProxySpec['bundled']>['networkPolicy']>): ProxyNetworkPolicy {
  const path = 'spec.proxy.bundled.networkPolicy.egress';
  let egress: ProxyEgress | undefined;
  if (spec.egress !== undefined) {
    const key = oneOf(spec.egress, ['allowAll', 'clusterOnly', 'clusterAndCidrs'], path);
    egress = key === 'allowAll' ? ProxyEgress.allowAll() : key === 'clusterOnly' ? ProxyEgress.clusterOnly() : ProxyEgress.clusterAndCidrs(spec.egress.clusterAndCidrs!);
  }
  return { sourceCidrs: spec.sourceCidrs, egress };
}

const SIZE_UNITS: Readonly<Record<string, (amount: number) => Size>> = {
  Ki: Size.kibibytes,
  Mi: Size.mebibytes,
  Gi: Size.gibibytes,
  Ti: Size.tebibytes,
};

function resources(spec: ResourcesSpec, path: string): kplus.ContainerResources {
  const cpu = (value: string | undefined) => {
    if (value === undefined) return undefined;
    return value.endsWith('m') ? kplus.Cpu.millis(Number(value.slice(0, -1))) : kplus.Cpu.units(Number(value));
  };
  const size = (value: string | undefined, at: string) => {
    if (value === undefined) return undefined;
    const match = /^([0-9]+)(Ki|Mi|Gi|Ti)$/.exec(value);
    if (!match) throw new DecodeError(at, `${JSON.stringify(value)} is not a size such as "128Mi" or "1Gi"`);
    return SIZE_UNITS[match[2]](Number(match[1]));
  };
  const sizes = (key: 'memory' | 'ephemeralStorage') => {
    const given = spec[key];
    return given === undefined ? undefined : { request: size(given.request, `${path}.${key}.request`), limit: size(given.limit, `${path}.${key}.limit`) };
  };
  return {
    cpu: spec.cpu === undefined ? undefined : { request: cpu(spec.cpu.request), limit: cpu(spec.cpu.limit) },
    memory: sizes('memory'),
    ephemeralStorage: sizes('ephemeralStorage'),
  };
}

function backend(spec: BackendSpec): Backend {
  const { serviceName, ...options } = spec;
  return Backend.fromServiceName(serviceName, options);
}

const DURATION = /^([0-9]+)(h|ms|m|s)/;
const UNIT_MILLIS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** A Go-style duration of whole units (`4s`, `1m30s`, `250ms`), the syntax both Istio and the Gateway API accept. */
export function duration(text: string, path: string): Duration {
  let rest = text;
  let millis = 0;
  while (rest.length > 0) {
    const match = DURATION.exec(rest);
    if (!match) break;
    millis += Number(match[1]) * UNIT_MILLIS[match[2]];
    rest = rest.slice(match[0].length);
  }
  if (text.length === 0 || rest.length > 0) throw new DecodeError(path, `${JSON.stringify(text)} is not a duration such as "4s", "1m30s" or "250ms"`);
  return Duration.millis(millis);
}

function optionalDuration(text: string | undefined, path: string): Duration | undefined {
  return text === undefined ? undefined : duration(text, path);
}

function percentage(value: number | undefined): Percentage | undefined {
  return value === undefined ? undefined : Percentage.of(value);
}

/** The named retry conditions (`RetryOn.GATEWAY_ERROR` is `gateway-error`), by condition. */
const RETRY_CONDITIONS: ReadonlyMap<string, RetryOn> = new Map(
  Object.values(RetryOn)
    .filter((value): value is RetryOn => value instanceof RetryOn)
    .map((value) => [value.condition, value]),
);

function retryOn(condition: string, path: string): RetryOn {
  const named = RETRY_CONDITIONS.get(condition);
  if (named) return named;
  if (/^[0-9]{3}$/.test(condition)) return RetryOn.statusCode(Number(condition));
  throw new DecodeError(path, `${JSON.stringify(condition)} is not a retry condition; use one of ${[...RETRY_CONDITIONS.keys()].join(', ')}, or a status code such as "503"`);
}

function httpRoute(spec: HttpRouteSpec, path: string): HttpRoute {
  return {
    name: spec.name,
    matches: spec.matches?.map((match, i) => routeMatch(match, `${path}.matches[${i}]`)),
    backends: spec.backends?.map((entry) => ({ backend: backend(entry.backend), weight: entry.weight })),
    timeout: optionalDuration(spec.timeout, `${path}.timeout`),
    retries:
      spec.retries === undefined
        ? undefined
        : {
          attempts: spec.retries.attempts,
          perTryTimeout: optionalDuration(spec.retries.perTryTimeout, `${path}.retries.perTryTimeout`),
          retryOn: spec.retries.retryOn?.map((condition, i) => retryOn(condition, `${path}.retries.retryOn[${i}]`)),
        },
    rewrite:
      spec.rewrite === undefined
        ? undefined
        : { path: spec.rewrite.path === undefined ? undefined : pathModifier(spec.rewrite.path, `${path}.rewrite.path`), hostname: spec.rewrite.hostname },
    redirect:
      spec.redirect === undefined
        ? undefined
        : {
          scheme: spec.redirect.scheme,
          hostname: spec.redirect.hostname,
          port: spec.redirect.port,
          path: spec.redirect.path === undefined ? undefined : pathModifier(spec.redirect.path, `${path}.redirect.path`),
          statusCode: spec.redirect.statusCode,
        },
    requestHeaders: headers(spec.requestHeaders),
    responseHeaders: headers(spec.responseHeaders),
    mirrors: spec.mirrors?.map((mirror) => ({ backend: backend(mirror.backend), percentage: percentage(mirror.percentage) })),
    cors:
      spec.cors === undefined
        ? undefined
        : {
          allowOrigins: spec.cors.allowOrigins,
          allowMethods: spec.cors.allowMethods,
          allowHeaders: spec.cors.allowHeaders,
          exposeHeaders: spec.cors.exposeHeaders,
          allowCredentials: spec.cors.allowCredentials,
          maxAge: optionalDuration(spec.cors.maxAge, `${path}.cors.maxAge`),
        },
    fault:
      spec.fault === undefined
        ? undefined
        : {
          delay:
            spec.fault.delay === undefined
              ? undefined
              : { fixedDelay: duration(spec.fault.delay.fixedDelay, `${path}.fault.delay.fixedDelay`), percentage: percentage(spec.fault.delay.percentage) },
          abort: spec.fault.abort === undefined ? undefined : { httpStatus: spec.fault.abort.httpStatus, percentage: percentage(spec.fault.abort.percentage) },
        },
    directResponse: spec.directResponse === undefined ? undefined : { ...spec.directResponse },
  };
}

function headers(spec: HeaderModifierSpec | undefined) {
  return spec === undefined ? undefined : { set: spec.set, add: spec.add, remove: spec.remove };
}

function routeMatch(spec: RouteMatchSpec, path: string): RouteMatch {
  const stringMatches = (matches: { [name: string]: StringMatchSpec } | undefined, at: string) =>
    matches === undefined
      ? undefined
      : Object.fromEntries(Object.entries(matches).map(([name, match]) => [name, stringMatch(match, `${at}[${JSON.stringify(name)}]`)]));
  return RouteMatch.of({
    path: spec.path === undefined ? undefined : pathMatch(spec.path, `${path}.path`),
    headers: stringMatches(spec.headers, `${path}.headers`),
    queryParams: stringMatches(spec.queryParams, `${path}.queryParams`),
    method: spec.method,
  });
}

function pathMatch(spec: PathMatchSpec, path: string): PathMatch {
  switch (oneOf(spec, ['prefix', 'exact', 'regex'], path)) {
    case 'prefix':
      return PathMatch.prefix(spec.prefix!);
    case 'exact':
      return PathMatch.exact(spec.exact!);
    case 'regex':
      return PathMatch.regex(spec.regex!);
  }
}

function stringMatch(spec: StringMatchSpec, path: string): StringMatch {
  return oneOf(spec, ['exact', 'regex'], path) === 'exact' ? StringMatch.exact(spec.exact!) : StringMatch.regex(spec.regex!);
}

function pathModifier(spec: PathModifierSpec, path: string): PathModifier {
  return oneOf(spec, ['replaceFullPath', 'replacePrefixMatch'], path) === 'replaceFullPath'
    ? PathModifier.replaceFullPath(spec.replaceFullPath!)
    : PathModifier.replacePrefixMatch(spec.replacePrefixMatch!);
}

function certificate(spec: CertificateSpec): CertificateSource {
  if (oneOf(spec, ['secret', 'certManager'], 'spec.certificate') === 'secret') {
    return CertificateSource.fromSecretName(spec.secret!.name, { namespace: spec.secret!.namespace });
  }
  const options = spec.certManager!;
  const path = 'spec.certificate.certManager';
  const issuerKey = oneOf(options.issuer, ['issuer', 'clusterIssuer', 'selfSigned'], `${path}.issuer`);
  const issuer =
    issuerKey === 'issuer'
      ? CertManagerIssuer.issuer(options.issuer.issuer!)
      : issuerKey === 'clusterIssuer'
        ? CertManagerIssuer.clusterIssuer(options.issuer.clusterIssuer!)
        : CertManagerIssuer.selfSigned();
  return CertificateSource.fromCertManager({
    issuer,
    secretName: options.secretName,
    duration: optionalDuration(options.duration, `${path}.duration`),
    renewBefore: optionalDuration(options.renewBefore, `${path}.renewBefore`),
  });
}

function clientCa(spec: ClientCaSpec): ClientCertificateAuthority {
  switch (oneOf(spec, ['secret', 'configMap', 'certificateSecret'], 'spec.clientCa')) {
    case 'secret':
      return ClientCertificateAuthority.fromSecretName(spec.secret!.name, { namespace: spec.secret!.namespace });
    case 'configMap':
      return ClientCertificateAuthority.fromConfigMapName(spec.configMap!.name, { namespace: spec.configMap!.namespace });
    case 'certificateSecret':
      return ClientCertificateAuthority.fromCertificateSecret();
  }
}
