import {
  Converted,
  emptyConverted,
  IrAction,
  IrDestination,
  IrGateway,
  IrHttpRoute,
  IrMatch,
  IrRedirect,
  IrServer,
  IrTlsRoute,
  IrVirtualService,
  pathMatcher,
  Semantics,
  ServerHost,
  stringMatcher,
} from './ir';
import { Fields, Manifest, ManifestIndex, showRef } from './manifests';
import { CompiledMatch, StringMatcher } from './matching';
import { ObjectRef, PolicyInfo, PolicyKind, TraceReason } from './result';
import { extended } from '../model/objects';

const ISTIO_GROUP = 'networking.istio.io';
const MESH = 'mesh';

export interface ConvertOptions {
  readonly clusterDomain: string;
}

/** Protocols Envoy serves with an HTTP connection manager on plain text (`protocol.Instance.IsHTTP`). */
export function isHttpProtocol(protocol: string): boolean {
  return ['HTTP', 'HTTP2', 'HTTP_PROXY', 'GRPC', 'GRPC-WEB'].includes(protocol.toUpperCase());
}

/**
 * The Istio API as istiod reads it: Gateways as written, VirtualServices
 * with short names and gateway names resolved (`ResolveVirtualServiceShortnames`
 * and `resolveGatewayName` in pilot/pkg/model/virtualservice.go and config.go).
 */
export function convertIstioApi(index: ManifestIndex, options: ConvertOptions): Converted {
  const converted = emptyConverted();
  for (const gateway of index.of(ISTIO_GROUP, 'Gateway')) converted.gateways.push(readGateway(gateway));
  for (const vs of index.of(ISTIO_GROUP, 'VirtualService')) {
    const result = readVirtualService(vs, options.clusterDomain);
    if (result.virtualService) converted.virtualServices.push(result.virtualService);
    converted.notes.push(...result.notes);
  }
  return converted;
}

function readGateway(gateway: Manifest): IrGateway {
  const { fields, spec } = gateway;
  const key = `${gateway.namespace}/${gateway.name}`;
  const servers = fields.list(spec.servers, 'spec.servers').map((item, i) => readServer(fields, item, `spec.servers[${i}]`, key, gateway));
  return {
    key,
    namespace: gateway.namespace,
    name: gateway.name,
    creation: gateway.creation,
    object: gateway.ref,
    display: key,
    binding: { kind: 'selector', selector: fields.stringMap(spec.selector, 'spec.selector') },
    servers,
  };
}

function readServer(fields: Fields, value: unknown, field: string, gatewayKey: string, gateway: Manifest): IrServer {
  const server = fields.object(value, field) ?? {};
  const port = fields.object(server.port, `${field}.port`) ?? fields.fail(`${field}.port`, 'is required (number, name and protocol)');
  const number = fields.requiredPort(port.number, `${field}.port.number`);
  const protocol = fields.requiredString(port.protocol, `${field}.port.protocol`).toUpperCase();
  const hosts = fields.stringList(server.hosts, `${field}.hosts`);
  if (hosts.length === 0) fields.fail(`${field}.hosts`, 'a server needs at least one host ("*" for any)');
  const tls = fields.object(server.tls, `${field}.tls`);
  return {
    gatewayKey,
    object: gateway.ref,
    field,
    name: fields.string(port.name, `${field}.port.name`) ?? '',
    port: number,
    protocol,
    hosts: sanitizeServerHosts(hosts, gateway.namespace),
    tls: tls
      ? {
          // The proto's zero value: a tls block without a mode is PASSTHROUGH.
          mode: (fields.string(tls.mode, `${field}.tls.mode`) ?? 'PASSTHROUGH').toUpperCase(),
          httpsRedirect: fields.boolean(tls.httpsRedirect, `${field}.tls.httpsRedirect`) ?? false,
          credentialName: fields.string(tls.credentialName, `${field}.tls.credentialName`),
        }
      : undefined,
  };
}

/** `sanitizeServerHostNamespace` (pilot/pkg/model/gateway.go): `./host` is the Gateway's namespace, `*\/host` any namespace. */
function sanitizeServerHosts(hosts: readonly string[], namespace: string): ServerHost[] {
  return hosts.map((entry) => {
    const slash = entry.indexOf('/');
    if (slash < 0) return { namespace: '*', host: entry.toLowerCase() };
    const ns = entry.slice(0, slash);
    return { namespace: ns === '.' ? namespace : ns, host: entry.slice(slash + 1).toLowerCase() };
  });
}

/** A short name (no dot) is a Service of the object's namespace (`ResolveShortnameToFQDN`). */
export function resolveShortName(host: string, namespace: string, clusterDomain: string): string {
  if (host === '*' || host.includes('.')) return host.toLowerCase();
  return `${host}.${namespace}.svc.${clusterDomain}`.toLowerCase();
}

/** `resolveGatewayName` (pilot/pkg/model/config.go): `name` and `./name` are in the VirtualService's namespace, `name.ns.svc...` is `ns/name`. */
export function resolveGatewayName(name: string, namespace: string): string {
  if (name === MESH) return MESH;
  const slash = name.indexOf('/');
  if (slash >= 0) return name.slice(0, slash) === '.' ? `${namespace}/${name.slice(slash + 1)}` : name;
  const dot = name.indexOf('.');
  if (dot < 0) return `${namespace}/${name}`;
  const rest = name.slice(dot + 1);
  const next = rest.indexOf('.');
  return `${next < 0 ? rest : rest.slice(0, next)}/${name.slice(0, dot)}`;
}

function readVirtualService(vs: Manifest, clusterDomain: string): { virtualService?: IrVirtualService; notes: Converted['notes'] } {
  const { fields, spec } = vs;
  const hosts = fields.stringList(spec.hosts, 'spec.hosts').map((h) => resolveShortName(h, vs.namespace, clusterDomain));
  if (hosts.length === 0) fields.fail('spec.hosts', 'a VirtualService needs at least one host');
  const written = fields.stringList(spec.gateways, 'spec.gateways');
  const gateways = (written.length > 0 ? written : [MESH]).map((g) => resolveGatewayName(g, vs.namespace));
  const exportTo = fields.stringList(spec.exportTo, 'spec.exportTo').map((e) => (e === '.' ? vs.namespace : e));
  const notes: Converted['notes'] = [];
  if (!gateways.some((g) => g !== MESH)) {
    notes.push({
      hosts,
      entry: {
        object: vs.ref,
        field: 'spec.gateways',
        reason: TraceReason.GATEWAY_NOT_BOUND,
        message: `${showRef(vs.ref)} has no gateways, so it configures sidecars only ("mesh"), never an ingress gateway; list the Gateway in spec.gateways (namespace/name)`,
        basis: 'Istio VirtualService.gateways: "If omitted, the default gateway (mesh) is used" (getGatewayNames in pilot/pkg/model/push_context.go)',
      },
    });
  }
  if (fields.list(spec.tcp, 'spec.tcp').length > 0) {
    notes.push({
      hosts,
      entry: {
        object: vs.ref,
        field: 'spec.tcp',
        reason: TraceReason.DROPPED,
        message: 'tcp routes are not explained (only http and tls routes are)',
        basis: 'explainer scope',
      },
    });
  }
  const context: ReadContext = { fields, namespace: vs.namespace, clusterDomain, semantics: 'istio', object: vs.ref };
  const http = fields.list(spec.http, 'spec.http').map((route, i) => {
    const object = fields.object(route, `spec.http[${i}]`) ?? {};
    if (object.delegate !== undefined) fields.fail(`spec.http[${i}].delegate`, 'delegated VirtualServices are not explained; inline the delegate\'s routes');
    return readHttpRoute(route, extended(context, { field: `spec.http[${i}]`, rule: i }));
  });
  const tls = fields.list(spec.tls, 'spec.tls').map((route, i) => readTlsRoute(route, context, `spec.tls[${i}]`, i));
  return {
    virtualService: {
      namespace: vs.namespace,
      name: vs.name,
      creation: vs.creation,
      object: vs.ref,
      semantics: 'istio',
      hosts,
      gateways,
      exportTo: exportTo.length > 0 ? exportTo : ['*'],
      http,
      tls,
    },
    notes,
  };
}

export interface ReadContext {
  readonly fields: Fields;
  readonly namespace: string;
  readonly clusterDomain: string;
  readonly semantics: Semantics;
  readonly object: ObjectRef;
}

export interface RouteContext extends ReadContext {
  readonly field: string;
  readonly rule: number;
  /**
   * Field paths of the matches in the user's object, when the route is generated from another API.
   * @default - none
   */
  readonly matchFields?: readonly string[];
}

/**
 * One `http` route of a VirtualService: its matches as Envoy receives them,
 * its action (the first of redirect, direct response, route, as
 * `TranslateRoute` in pilot/pkg/networking/core/route/route.go picks it) and
 * its policies in words.
 */
export function readHttpRoute(value: unknown, context: RouteContext): IrHttpRoute {
  const { fields, field } = context;
  const route = fields.object(value, field) ?? {};
  const matches = fields.list(route.match, `${field}.match`).map((m, i) => readMatch(m, context, `${field}.match[${i}]`, i));
  const name = fields.string(route.name, `${field}.name`);
  return {
    object: context.object,
    field,
    rule: context.rule,
    ruleName: name === '' ? undefined : name,
    matches,
    action: readAction(route, context),
    policies: readPolicies(route, context),
  };
}

function readMatch(value: unknown, context: RouteContext, field: string, index: number): IrMatch {
  const { fields } = context;
  const match = fields.object(value, field) ?? {};
  const uri = fields.object(match.uri, `${field}.uri`);
  let path = pathMatcher(undefined, '/', context.semantics, fields, `${field}.uri`);
  if (uri) {
    const exact = fields.string(uri.exact, `${field}.uri.exact`);
    const prefix = fields.string(uri.prefix, `${field}.uri.prefix`);
    const regex = fields.string(uri.regex, `${field}.uri.regex`);
    if (exact !== undefined) path = pathMatcher('exact', exact, context.semantics, fields, `${field}.uri.exact`);
    else if (prefix !== undefined) path = pathMatcher('prefix', prefix, context.semantics, fields, `${field}.uri.prefix`);
    else if (regex !== undefined) path = pathMatcher('regex', regex, context.semantics, fields, `${field}.uri.regex`);
  }
  const headers: { name: string; matcher: StringMatcher; invert: boolean }[] = [];
  const headerMap = fields.object(match.headers, `${field}.headers`) ?? {};
  for (const [name, condition] of Object.entries(headerMap)) headers.push({ name: name.toLowerCase(), matcher: stringMatcher(fields, condition, `${field}.headers.${name}`), invert: false });
  const without = fields.object(match.withoutHeaders, `${field}.withoutHeaders`) ?? {};
  for (const [name, condition] of Object.entries(without)) headers.push({ name: name.toLowerCase(), matcher: stringMatcher(fields, condition, `${field}.withoutHeaders.${name}`), invert: true });
  // Envoy receives headers sorted by name, then method, authority and scheme (TranslateRouteMatch).
  headers.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const [key, name] of [['method', ':method'], ['authority', ':authority'], ['scheme', ':scheme']] as const) {
    if (match[key] !== undefined) headers.push({ name, matcher: stringMatcher(fields, match[key], `${field}.${key}`), invert: false });
  }
  const query = Object.entries(fields.object(match.queryParams, `${field}.queryParams`) ?? {}).map(([name, condition]) => ({
    name,
    matcher: stringMatcher(fields, condition, `${field}.queryParams.${name}`),
  }));
  const compiled: CompiledMatch = { path, caseSensitive: !(fields.boolean(match.ignoreUriCase, `${field}.ignoreUriCase`) ?? false), headers, query };
  const gateways = fields.stringList(match.gateways, `${field}.gateways`).map((g) => resolveGatewayName(g, context.namespace));
  const sourceLabels = fields.stringMap(match.sourceLabels, `${field}.sourceLabels`);
  const sourceNamespace = fields.string(match.sourceNamespace, `${field}.sourceNamespace`);
  return {
    compiled,
    field: context.matchFields?.[index] ?? field,
    index,
    port: fields.port(match.port, `${field}.port`) as number | undefined,
    gateways: gateways.length > 0 ? gateways : undefined,
    ...(Object.keys(sourceLabels).length > 0 ? { sourceLabels } : {}),
    ...(sourceNamespace ? { sourceNamespace } : {}),
  };
}

function readAction(route: Record<string, unknown>, context: RouteContext): IrAction {
  const { fields, field } = context;
  const redirect = fields.object(route.redirect, `${field}.redirect`);
  if (redirect) return { kind: 'redirect', redirect: readRedirect(fields, redirect, `${field}.redirect`) };
  const direct = fields.object(route.directResponse, `${field}.directResponse`);
  if (direct) {
    const status = fields.integer(direct.status, `${field}.directResponse.status`) ?? fields.fail(`${field}.directResponse.status`, 'is required');
    const body = fields.object(direct.body, `${field}.directResponse.body`);
    const text = body ? fields.string(body.string, `${field}.directResponse.body.string`) ?? (body.bytes === undefined ? undefined : '<bytes>') : undefined;
    return { kind: 'direct', status, ...(text === undefined ? {} : { body: text }) };
  }
  return {
    kind: 'route',
    destinations: readDestinations(route.route, context, `${field}.route`),
    // Gateway API routes answer 500 for a backend that cannot be used; others the cluster-not-found default, 503.
    invalidCode: context.semantics === 'gateway' ? 500 : 503,
  };
}

function readRedirect(fields: Fields, redirect: Record<string, unknown>, field: string): IrRedirect {
  const uri = fields.string(redirect.uri, `${field}.uri`);
  const derive = fields.string(redirect.derivePort, `${field}.derivePort`);
  const port = fields.port(redirect.port, `${field}.port`);
  const prefixRewrite = uri?.startsWith('%PREFIX()%') ? uri.slice('%PREFIX()%'.length) : undefined;
  return {
    scheme: fields.string(redirect.scheme, `${field}.scheme`),
    authority: fields.string(redirect.authority, `${field}.authority`),
    port: typeof port === 'number' ? port : derive === 'FROM_REQUEST_PORT' ? 'from-request' : derive === 'FROM_PROTOCOL_DEFAULT' ? 'from-protocol-default' : undefined,
    ...(prefixRewrite !== undefined ? { prefixRewrite } : uri !== undefined ? { uri } : {}),
    code: fields.integer(redirect.redirectCode, `${field}.redirectCode`) ?? 301,
  };
}

export function readDestinations(value: unknown, context: ReadContext, field: string): IrDestination[] {
  const { fields } = context;
  const list = fields.list(value, field);
  return list.map((item, i) => {
    const entry = fields.object(item, `${field}[${i}]`) ?? {};
    const destination = fields.object(entry.destination, `${field}[${i}].destination`) ?? fields.fail(`${field}[${i}].destination`, 'is required');
    const host = fields.requiredString(destination.host, `${field}[${i}].destination.host`);
    const port = fields.object(destination.port, `${field}[${i}].destination.port`);
    const number = port ? fields.port(port.number, `${field}[${i}].destination.port.number`) : undefined;
    // A single destination takes every request whatever its weight; several share by weight (0 when absent).
    const weight = fields.integer(entry.weight, `${field}[${i}].weight`) ?? (list.length === 1 ? 100 : 0);
    return {
      host: resolveShortName(host, context.namespace, context.clusterDomain),
      ...(typeof number === 'number' ? { port: number } : {}),
      weight: list.length === 1 ? 100 : weight,
    };
  });
}

function readTlsRoute(value: unknown, context: ReadContext, field: string, rule: number): IrTlsRoute {
  const { fields } = context;
  const route = fields.object(value, field) ?? {};
  const matches = fields.list(route.match, `${field}.match`).map((m, i) => {
    const match = fields.object(m, `${field}.match[${i}]`) ?? {};
    const gateways = fields.stringList(match.gateways, `${field}.match[${i}].gateways`).map((g) => resolveGatewayName(g, context.namespace));
    return {
      sniHosts: fields.stringList(match.sniHosts, `${field}.match[${i}].sniHosts`).map((h) => h.toLowerCase()),
      port: fields.port(match.port, `${field}.match[${i}].port`) as number | undefined,
      gateways: gateways.length > 0 ? gateways : undefined,
    };
  });
  return { object: context.object, field, rule, matches, destinations: readDestinations(route.route, context, `${field}.route`) };
}

/** The route's traffic policies in words, as istiod turns them into Envoy's route action and filters. */
function readPolicies(route: Record<string, unknown>, context: RouteContext): PolicyInfo[] {
  const { fields, field } = context;
  const policies: PolicyInfo[] = [];
  const rewrite = fields.object(route.rewrite, `${field}.rewrite`);
  if (rewrite) {
    const uri = fields.string(rewrite.uri, `${field}.rewrite.uri`);
    const regex = fields.object(rewrite.uriRegexRewrite, `${field}.rewrite.uriRegexRewrite`);
    const authority = fields.string(rewrite.authority, `${field}.rewrite.authority`);
    const parts: string[] = [];
    if (regex) parts.push(`path ${fields.string(regex.match, `${field}.rewrite.uriRegexRewrite.match`)} -> ${fields.string(regex.rewrite, `${field}.rewrite.uriRegexRewrite.rewrite`)} (regex)`);
    else if (uri !== undefined) parts.push(context.semantics === 'gateway' && uri === '/' ? 'the matched path prefix is removed' : `the matched path prefix becomes ${uri}`);
    if (authority) parts.push(`Host becomes ${authority}`);
    if (parts.length > 0) policies.push({ kind: PolicyKind.REWRITE, description: parts.join('; ') });
  }
  const headers = fields.object(route.headers, `${field}.headers`);
  for (const [direction, kind] of [['request', PolicyKind.REQUEST_HEADERS], ['response', PolicyKind.RESPONSE_HEADERS]] as const) {
    const ops = headers ? fields.object(headers[direction], `${field}.headers.${direction}`) : undefined;
    if (!ops) continue;
    const parts: string[] = [];
    const set = fields.stringMap(ops.set, `${field}.headers.${direction}.set`);
    const add = fields.stringMap(ops.add, `${field}.headers.${direction}.add`);
    const remove = fields.stringList(ops.remove, `${field}.headers.${direction}.remove`);
    if (Object.keys(set).length) parts.push(`set ${Object.entries(set).map(([k, v]) => `${k}: ${v}`).join(', ')}`);
    if (Object.keys(add).length) parts.push(`add ${Object.entries(add).map(([k, v]) => `${k}: ${v}`).join(', ')}`);
    if (remove.length) parts.push(`remove ${remove.join(', ')}`);
    if (parts.length > 0) policies.push({ kind, description: parts.join('; ') });
  }
  const mirrors = fields.list(route.mirrors, `${field}.mirrors`).map((m, i) => {
    const mirror = fields.object(m, `${field}.mirrors[${i}]`) ?? {};
    const destination = fields.object(mirror.destination, `${field}.mirrors[${i}].destination`) ?? {};
    const percentage = fields.object(mirror.percentage, `${field}.mirrors[${i}].percentage`);
    return { host: fields.string(destination.host, `${field}.mirrors[${i}].destination.host`) ?? '', percent: percentage ? fields.number(percentage.value, `${field}.mirrors[${i}].percentage.value`) : undefined };
  });
  const legacy = fields.object(route.mirror, `${field}.mirror`);
  if (legacy) {
    const percentage = fields.object(route.mirrorPercentage, `${field}.mirrorPercentage`);
    mirrors.push({ host: fields.string(legacy.host, `${field}.mirror.host`) ?? '', percent: percentage ? fields.number(percentage.value, `${field}.mirrorPercentage.value`) : undefined });
  }
  for (const mirror of mirrors) {
    const host = resolveShortName(mirror.host, context.namespace, context.clusterDomain);
    policies.push({ kind: PolicyKind.MIRROR, description: `a copy of ${mirror.percent === undefined ? 'every request' : `${mirror.percent}% of requests`} goes to ${host} (its answers are ignored)` });
  }
  const timeout = fields.string(route.timeout, `${field}.timeout`);
  if (timeout !== undefined) policies.push({ kind: PolicyKind.TIMEOUT, description: `the backend must answer within ${timeout}` });
  const isForward = route.redirect === undefined && route.directResponse === undefined;
  const retries = fields.object(route.retries, `${field}.retries`);
  if (retries) {
    const attempts = fields.integer(retries.attempts, `${field}.retries.attempts`) ?? 0;
    const perTry = fields.string(retries.perTryTimeout, `${field}.retries.perTryTimeout`);
    const on = fields.string(retries.retryOn, `${field}.retries.retryOn`);
    policies.push({
      kind: PolicyKind.RETRIES,
      description: attempts <= 0 ? 'no retries' : `up to ${attempts} retries${on ? ` on ${on}` : ''}${perTry ? `, ${perTry} per try` : ''}`,
    });
  } else if (isForward) {
    // retry.ConvertPolicy(nil): the mesh default (pilot/pkg/networking/core/route/retry/retry.go).
    policies.push({ kind: PolicyKind.RETRIES, description: "up to 2 retries on connect-failure, refused-stream, unavailable, cancelled (Istio's default)" });
  }
  const cors = fields.object(route.corsPolicy, `${field}.corsPolicy`);
  if (cors) {
    const origins = fields.list(cors.allowOrigins, `${field}.corsPolicy.allowOrigins`).map((o, i) => {
      const origin = stringMatcher(fields, o, `${field}.corsPolicy.allowOrigins[${i}]`);
      return origin.kind === 'present' ? '*' : origin.kind === 'regex' ? `~${origin.value}` : origin.value;
    });
    policies.push({ kind: PolicyKind.CORS, description: `origins ${origins.join(', ') || 'none'} allowed; preflight requests are answered by the gateway` });
  }
  const fault = fields.object(route.fault, `${field}.fault`);
  if (fault) {
    const parts: string[] = [];
    const delay = fields.object(fault.delay, `${field}.fault.delay`);
    const abort = fields.object(fault.abort, `${field}.fault.abort`);
    const percent = (value: Record<string, unknown>, at: string) => {
      const p = fields.object(value.percentage, `${at}.percentage`);
      return p ? `${fields.number(p.value, `${at}.percentage.value`) ?? 0}%` : '100%';
    };
    if (delay) parts.push(`${percent(delay, `${field}.fault.delay`)} of requests delayed ${fields.string(delay.fixedDelay, `${field}.fault.delay.fixedDelay`) ?? ''}`);
    if (abort) parts.push(`${percent(abort, `${field}.fault.abort`)} of requests aborted with ${fields.integer(abort.httpStatus, `${field}.fault.abort.httpStatus`) ?? '?'}`);
    policies.push({ kind: PolicyKind.FAULT, description: parts.join('; ') || 'fault injection' });
  }
  return policies;
}
