// What istiod's admission webhook (validation.istio.io) refuses in the Istio objects the library
// writes, beyond what the CRD schemas can say: the CRDs of networking.istio.io are loose (most
// fields are plain strings and objects), and istiod runs its own Go validation before it accepts a
// Gateway or a VirtualService. This follows Istio 1.30.3, the version the library targets:
//   pkg/config/validation/validation.go    ValidateGateway, validateServer, validateServerPort,
//                                          validateTLSOptions, ValidateVirtualService,
//                                          validateTLSRoute, validateTLSMatch, validateSniHost,
//                                          validateGatewayNames, validateHTTPRouteDestinations,
//                                          validateRouteDestinations, validateDestination,
//                                          validateCORSPolicy, validateHTTPFaultInjection*,
//                                          validateHTTPMirrors, validateHTTPRedirect,
//                                          validateHTTPDirectResponse, validateHTTPRetry,
//                                          validateHTTPRewrite, header-name and -value checks
//   pkg/config/validation/virtualservice.go validateHTTPRoute, validateHTTPRouteConflict,
//                                          validateHTTPRouteMatchRequest
//   pkg/config/validation/agent/validation.go  host names, ports, durations
// Only errors: the webhook's warnings do not refuse an object. Only the fields the library can
// write (no delegates, TCP routes, subsets or JWT claim routing). Messages are istiod's.
import { compileRe2 } from './re2';

type Json = Record<string, any>;

/** Why istiod would refuse the object, one message per error; empty when it accepts it (or it is not a Gateway or VirtualService of networking.istio.io). */
export function istiodRefusals(manifest: Json): string[] {
  if (typeof manifest.apiVersion !== 'string' || !manifest.apiVersion.startsWith('networking.istio.io/')) return [];
  const name = String(manifest.metadata?.name ?? '');
  const spec: Json = manifest.spec ?? {};
  if (manifest.kind === 'Gateway') return validateGateway(name, spec);
  if (manifest.kind === 'VirtualService') return validateVirtualService(spec);
  return [];
}

// --- names, hosts, ports, durations (agent/validation.go, labels/instance.go) ---------------------

const DNS1123_LABEL = /^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const WILDCARD_LABEL = /^(\*|(\*|\*-)?[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)$/;
const isDns1123Label = (v: string) => v.length <= 63 && DNS1123_LABEL.test(v);
const isWildcardLabel = (v: string) => v.length <= 63 && WILDCARD_LABEL.test(v);

function dnsPreconditions(name: string): string | undefined {
  if (name.length > 255) return `domain name "${name}" too long (max 255)`;
  if (name.length === 0) return 'empty domain name not allowed';
  return undefined;
}

function dns1123Labels(domain: string): string | undefined {
  const parts = domain.split('.');
  const top = parts[parts.length - 1];
  if (/^[+-]?\d+$/.test(top)) return `domain name "${domain}" invalid (top level domain "${top}" cannot be all-numeric)`;
  for (let i = 0; i < parts.length; i++) {
    if (i === parts.length - 1 && parts[i] === '') return undefined;
    if (!isDns1123Label(parts[i])) return `domain name "${domain}" invalid (label "${parts[i]}" invalid)`;
  }
  return undefined;
}

/** ValidateWildcardDomain. */
function wildcardDomain(domain: string): string | undefined {
  const pre = dnsPreconditions(domain);
  if (pre) return pre;
  const dot = domain.indexOf('.');
  const first = dot < 0 ? domain : domain.slice(0, dot);
  if (!isWildcardLabel(first)) return `domain name "${domain}" invalid (label "${first}" invalid)`;
  return dot < 0 ? undefined : dns1123Labels(domain.slice(dot + 1));
}

const isIp = (v: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(v) || (v.includes(':') && /^[0-9a-fA-F:.]+$/.test(v));

/** ValidateNamespaceSlashWildcardHostname for a Gateway server host (isGateway, no gateway semantics). */
function gatewayServerHost(hostname: string): string[] {
  const errors: string[] = [];
  const slash = hostname.indexOf('/');
  let dnsName = hostname;
  if (slash >= 0) {
    const namespace = hostname.slice(0, slash);
    dnsName = hostname.slice(slash + 1);
    if (namespace === '' || dnsName === '') errors.push('config namespace and dnsName in host entry cannot be empty');
    if (namespace !== '*' && namespace !== '.' && !isDns1123Label(namespace)) errors.push(`invalid namespace value "${namespace}" in gateway`);
  }
  // validateSidecarOrGatewayHostnamePart
  if (dnsName !== '*' && !dnsName.includes('.')) errors.push('short names (non FQDN) are not allowed');
  const domain = wildcardDomain(dnsName);
  if (domain && !isIp(dnsName)) errors.push(domain);
  if (dnsName.includes('*') && dnsName.length !== 1 && !dnsName.startsWith('*.')) errors.push(`partial wildcard "${dnsName}" not allowed`);
  return errors;
}

function port(number: unknown): string | undefined {
  return typeof number === 'number' && Number.isInteger(number) && number >= 1 && number <= 65535 ? undefined : `port number ${number} must be in the range 1..65535`;
}

const DURATION_UNITS: Readonly<Record<string, number>> = { h: 3.6e12, m: 6e10, s: 1e9, ms: 1e6, us: 1e3, µs: 1e3, ns: 1 };

/** ValidateDuration on a duration as YAML carries it (protobuf JSON `1.5s`, or Go units). */
function duration(value: unknown): string | undefined {
  if (typeof value !== 'string') return `invalid duration ${JSON.stringify(value)}`;
  let nanos = 0;
  const re = /(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/y;
  let at = 0;
  while (at < value.length) {
    re.lastIndex = at;
    const m = re.exec(value);
    if (!m) return `invalid duration "${value}"`;
    nanos += Number(m[1]) * DURATION_UNITS[m[2]];
    at = re.lastIndex;
  }
  if (value.length === 0) return 'invalid duration ""';
  if (nanos < 1e6) return 'duration must be greater than 1ms';
  if (Math.round(nanos) % 1e6 !== 0) return 'only durations to ms precision are supported';
  return undefined;
}

// --- header names and values -----------------------------------------------------------------------

const TOKEN = /^[!#$%&'*+\-.^_`|~A-Za-z0-9]+$/;
const HEADER_VALUE = /^[^\u0000-\u0008\u000A-\u001F\u007F]*$/;
const PSEUDO_HEADERS = new Set([':method', ':scheme', ':authority', ':path', ':status']);
const isInternal = (name: string) => name.startsWith(':') || name.toLowerCase() === 'host';
const isAuthority = (name: string) => name.toLowerCase() === ':authority' || name.toLowerCase() === 'host';

function headerOperationName(name: string, allowAuthority: boolean): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (allowAuthority) return isInternal(name) && !isAuthority(name) ? `invalid header "${name}": header cannot have ":" prefix` : undefined;
  if (name.toLowerCase() === 'host') return `invalid header "${name}": cannot set Host header`;
  if (isInternal(name)) return `invalid header "${name}": header cannot have ":" prefix`;
  return undefined;
}

function headerValue(value: unknown): string | undefined {
  return typeof value === 'string' && HEADER_VALUE.test(value) ? undefined : `header value configuration ${value} is invalid`;
}

function headerOperations(headers: Json | undefined): string[] {
  const errors: string[] = [];
  const ops = (side: Json | undefined, allowAuthority: boolean) => {
    for (const op of ['add', 'set'] as const) {
      for (const [name, value] of Object.entries<unknown>(side?.[op] ?? {})) errors.push(...defined(headerOperationName(name, allowAuthority), headerValue(value)));
    }
    for (const name of side?.remove ?? []) errors.push(...defined(headerOperationName(name, false)));
  };
  ops(headers?.request, true);
  ops(headers?.response, false);
  return errors;
}

// --- Gateway ------------------------------------------------------------------------------------

const PROTOCOLS = new Set(['tcp', 'udp', 'grpc', 'grpc-web', 'http', 'http_proxy', 'http2', 'https', 'tls', 'mongo', 'redis', 'mysql']);
const HTTP_PROTOCOLS = new Set(['http', 'http2', 'http_proxy', 'grpc', 'grpc-web']);
const TLS_PROTOCOLS = new Set(['https', 'tls']);

function validateGateway(name: string, spec: Json): string[] {
  const errors: string[] = [];
  if (!isDns1123Label(name)) errors.push(`invalid gateway name: "${name}"`);
  const servers: Json[] = spec.servers ?? [];
  if (servers.length === 0) errors.push('gateway must have at least one server');
  for (const server of servers) errors.push(...validateServer(server));
  const names = new Set<string>();
  for (const server of servers) {
    if (server.port === undefined) continue;
    const portName = server.port.name ?? '';
    if (names.has(portName)) errors.push(`port names in servers must be unique: duplicate name ${portName}`);
    names.add(portName);
  }
  return errors;
}

function validateServer(server: Json): string[] {
  const errors: string[] = [];
  const hosts: string[] = server.hosts ?? [];
  if (hosts.length === 0) errors.push('server config must contain at least one host');
  for (const host of hosts) errors.push(...gatewayServerHost(host));
  const portErrors: string[] = [];
  if (server.port === undefined) portErrors.push('port is required');
  else {
    if (!PROTOCOLS.has(String(server.port.protocol ?? '').toLowerCase())) {
      portErrors.push(`invalid protocol "${server.port.protocol ?? ''}", supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP`);
    }
    portErrors.push(...defined(port(server.port.number)));
    if ((server.port.name ?? '') === '') portErrors.push('port name must be set');
  }
  errors.push(...portErrors);
  if (server.bind !== undefined && server.bind !== '' && !isIp(server.bind)) errors.push(`${server.bind} is not a valid IP`);
  errors.push(...validateTlsOptions(server.tls));
  if (portErrors.length === 0) {
    const protocol = String(server.port.protocol).toLowerCase();
    const tls: Json | undefined = server.tls;
    if (TLS_PROTOCOLS.has(protocol) && tls === undefined) errors.push('server must have TLS settings for HTTPS/TLS protocols');
    else if (!TLS_PROTOCOLS.has(protocol) && tls !== undefined) {
      if (HTTP_PROTOCOLS.has(protocol)) {
        // Only an httpsRedirect: the mode then stays at its zero value, PASSTHROUGH.
        if (!isPassthrough(tls) || tls.caCertificates || tls.privateKey || tls.serverCertificate) errors.push('server cannot have TLS settings for plain text HTTP ports');
      } else errors.push('server cannot have TLS settings for non HTTPS/TLS ports');
    }
  }
  return errors;
}

/** The mode of ServerTLSSettings; its zero value (the field unset) is PASSTHROUGH. */
const tlsMode = (tls: Json) => tls.mode ?? 'PASSTHROUGH';
const isPassthrough = (tls: Json) => tlsMode(tls) === 'PASSTHROUGH' || tlsMode(tls) === 'AUTO_PASSTHROUGH';

function validateTlsOptions(tls: Json | undefined): string[] {
  if (tls === undefined) return [];
  const errors: string[] = [];
  const mode = tlsMode(tls);
  const credentialNames: string[] = tls.credentialNames ?? [];
  const tlsCertificates: Json[] = tls.tlsCertificates ?? [];
  if (mode === 'ISTIO_MUTUAL') {
    for (const [field, label] of [['serverCertificate', 'server certificate'], ['privateKey', 'private key'], ['caCertificates', 'CA bundle'], ['credentialName', 'credentialName']] as const) {
      if (tls[field]) errors.push(`ISTIO_MUTUAL TLS cannot have associated ${label}`);
    }
    if (tlsCertificates.length > 0) errors.push('ISTIO_MUTUAL TLS cannot have associated tlsCertificates');
    if (credentialNames.length > 0) errors.push('ISTIO_MUTUAL TLS cannot have associated credentialNames');
    return errors;
  }
  const sources = [tls.serverCertificate && tls.privateKey, tls.credentialName, credentialNames.length > 0, tlsCertificates.length > 0].filter(Boolean).length;
  if (sources > 1) errors.push('only one of credential_name, credential_names, server_certificate/private_key, tls_certificates should be specified');
  const terminating = mode === 'SIMPLE' || mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL';
  // With a credential name, istiod fetches the certificates (and the CA) through SDS.
  if (terminating && (tls.credentialName || credentialNames.length > 0)) return errors;
  if (terminating) {
    const prefix = mode === 'SIMPLE' ? 'SIMPLE TLS' : 'MUTUAL TLS';
    if (mode !== 'SIMPLE' && !tls.caCertificates) errors.push(`${prefix} requires a client CA bundle`);
    const certs = tlsCertificates.length > 0 ? tlsCertificates : [{ serverCertificate: tls.serverCertificate, privateKey: tls.privateKey }];
    for (const cert of certs) {
      if (!cert.serverCertificate) errors.push(`${prefix} requires a server certificate`);
      if (!cert.privateKey) errors.push(`${prefix} requires a private key`);
    }
  }
  if (tls.caCrl) {
    if (tls.credentialName) errors.push('CRL is not supported with credentialName. CRL has to be specified in the credential');
    if (mode === 'SIMPLE') errors.push('CRL is not supported with SIMPLE TLS');
  }
  return errors;
}

// --- VirtualService ---------------------------------------------------------------------------------

/** host.Name semantics: `*` and `*.suffix` wildcards. */
function hostMatches(a: string, b: string): boolean {
  return hostSubsetOf(a, b) || hostSubsetOf(b, a);
}

function hostSubsetOf(a: string, b: string): boolean {
  if (b === '*') return true;
  if (b.startsWith('*')) {
    const suffix = b.slice(1);
    return a.startsWith('*') ? a.slice(1).endsWith(suffix) && a.length >= b.length : a.endsWith(suffix);
  }
  return a === b;
}

function validateVirtualService(spec: Json): string[] {
  const errors: string[] = [];
  const hosts: string[] = spec.hosts ?? [];
  const gateways: string[] = spec.gateways ?? [];
  errors.push(...validateGatewayNames(gateways));
  // isGateway: some gateway other than `mesh`.
  const appliesToGateway = gateways.some((g) => g !== 'mesh');
  const appliesToMesh = gateways.length === 0 || !appliesToGateway;
  let allHostsValid = true;
  for (const host of hosts) {
    const problem = wildcardDomain(host);
    if (problem) {
      if (!isIp(host)) {
        errors.push(problem);
        allHostsValid = false;
      }
    } else if (appliesToMesh && host === '*') {
      errors.push('wildcard host * is not allowed for virtual services bound to the mesh gateway');
      allHostsValid = false;
    }
  }
  if (allHostsValid) {
    for (let i = 0; i < hosts.length; i++) {
      for (let j = i + 1; j < hosts.length; j++) if (hostMatches(hosts[i], hosts[j])) errors.push(`duplicate hosts in virtual service: ${hosts[i]} & ${hosts[j]}`);
    }
  }
  const http: Json[] = spec.http ?? [];
  const tls: Json[] = spec.tls ?? [];
  const tcp: Json[] = spec.tcp ?? [];
  if (http.length === 0 && tcp.length === 0 && tls.length === 0) errors.push('http, tcp or tls must be provided in virtual service');
  for (const route of http) errors.push(...validateHttpRoute(route));
  for (const route of tls) errors.push(...validateTlsRoute(route, hosts));
  return errors;
}

function validateGatewayNames(names: readonly string[]): string[] {
  const errors: string[] = [];
  for (const name of names) {
    const slash = name.indexOf('/');
    if (slash < 0) {
      const fqdn = dnsPreconditions(name) ?? dns1123Labels(name);
      if (fqdn) errors.push(fqdn);
      return errors;
    }
    const [namespace, gateway] = [name.slice(0, slash), name.slice(slash + 1)];
    if (namespace === '' || gateway === '') errors.push('config namespace and gateway name cannot be empty');
    if (!isDns1123Label(namespace)) errors.push(`invalid value for namespace: "${namespace}"`);
    if (!isDns1123Label(gateway)) errors.push(`invalid value for gateway name: "${gateway}"`);
  }
  return errors;
}

function validateHttpRoute(route: Json): string[] {
  const errors: string[] = [];
  const forwards = (route.route ?? []).length > 0;
  // validateHTTPRouteConflict
  if (route.redirect !== undefined) {
    if (forwards) errors.push('HTTP route cannot contain both route and redirect');
    if (route.fault !== undefined) errors.push('HTTP route cannot contain both fault and redirect');
    if (route.rewrite !== undefined) errors.push('HTTP route rule cannot contain both rewrite and redirect');
    if (route.directResponse !== undefined) errors.push('HTTP route rule cannot contain both direct_response and redirect');
  } else if (route.directResponse !== undefined) {
    if (forwards) errors.push('HTTP route cannot contain both route and direct_response');
    if (route.fault !== undefined) errors.push('HTTP route cannot contain both fault and direct_response');
    if (route.rewrite !== undefined) errors.push('HTTP route rule cannot contain both rewrite and direct_response');
  } else if (!forwards) {
    errors.push('HTTP route, redirect or direct_response is required');
  }
  if (route.mirror !== undefined && (route.mirrors ?? []).length > 0) errors.push('HTTP route cannot contain both mirror and mirrors');
  // validateHTTPRouteMatchRequest
  for (const match of route.match ?? []) {
    for (const [name, header] of Object.entries<Json>(match.headers ?? {})) errors.push(...defined(headerMatchName(name), stringMatch(header, 'headers')));
    for (const [name, header] of Object.entries<Json>(match.withoutHeaders ?? {})) {
      errors.push(...defined(headerMatchName(name), header?.regex === '*' ? undefined : stringMatch(header, 'withoutHeaders')));
    }
    errors.push(...defined(stringMatchRegex(match.uri, 'uri'), stringMatch(match.scheme, 'scheme'), stringMatch(match.method, 'method'), stringMatch(match.authority, 'authority')));
    for (const qp of Object.values<Json>(match.queryParams ?? {})) errors.push(...defined(stringMatch(qp, 'queryParams')));
    if (match.port !== undefined && match.port !== 0) errors.push(...defined(port(match.port)));
  }
  errors.push(...headerOperations(route.headers));
  errors.push(...validateCors(route.corsPolicy));
  errors.push(...validateFault(route.fault));
  if (route.mirrorPercentage !== undefined) {
    const value = route.mirrorPercentage.value ?? 0;
    if (value > 100) errors.push(`mirror_percentage must have a max value of 100 (it has ${value})`);
    if (value < 0) errors.push(`mirror_percentage must have a min value of 0 (it has ${value})`);
  }
  if (route.mirror !== undefined) errors.push(...validateDestination(route.mirror));
  for (const mirror of route.mirrors ?? []) {
    if (mirror.destination === undefined) {
      errors.push('destination is required for mirrors');
      continue;
    }
    errors.push(...validateDestination(mirror.destination));
    const value = mirror.percentage?.value;
    if (value !== undefined && value > 100) errors.push(`mirror percentage must have a max value of 100 (it has ${value})`);
    if (value !== undefined && value < 0) errors.push(`mirror percentage must have a min value of 0 (it has ${value})`);
  }
  errors.push(...validateRedirect(route.redirect));
  if (route.directResponse !== undefined) {
    const body: string | undefined = route.directResponse.body?.string ?? route.directResponse.body?.bytes;
    if (body !== undefined && Buffer.byteLength(body) > 1024 * 1024) errors.push('large direct_responses may impact control plane performance, must be less than 1MB');
    errors.push(...defined(httpStatus(route.directResponse.status ?? 0)));
  }
  errors.push(...validateRetries(route.retries));
  errors.push(...validateRewrite(route.rewrite, route.headers));
  errors.push(...validateDestinations(route.route ?? [], true));
  if (route.timeout !== undefined) errors.push(...defined(duration(route.timeout)));
  return errors;
}

function headerMatchName(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (name.startsWith('@request.auth.claims.') || PSEUDO_HEADERS.has(name)) return undefined;
  return TOKEN.test(name) ? undefined : `header name ${name} is not a valid header name`;
}

function stringMatch(match: Json | undefined, where: string): string | undefined {
  if (match === undefined || match === null) return undefined;
  if (match.prefix !== undefined && match.prefix === '') return `"${where}": prefix string match should not be empty`;
  return stringMatchRegex(match, where);
}

function stringMatchRegex(match: Json | undefined, where: string): string | undefined {
  if (match?.regex === undefined) return undefined;
  if (match.regex === '') return `"${where}": regex string match should not be empty`;
  return regexp(match.regex, where);
}

function regexp(pattern: string, where: string): string | undefined {
  if (pattern.length > 1024) return `"${where}": regex is too large, max length allowed is 1024`;
  try {
    compileRe2(pattern);
    return undefined;
  } catch (e) {
    return `"${where}": ${(e as Error).message}; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)`;
  }
}

const CORS_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', '*']);

function validateCors(policy: Json | undefined): string[] {
  if (policy === undefined) return [];
  const errors: string[] = [];
  for (const origin of policy.allowOrigins ?? []) {
    const match = origin.exact ?? origin.prefix ?? origin.regex ?? '';
    if (match === '') errors.push(`'${match}' is not a valid match type for CORS allow origins`);
    else errors.push(...defined(stringMatchRegex(origin, 'corsPolicy.allowOrigins')));
  }
  for (const method of policy.allowMethods ?? []) if (!CORS_METHODS.has(method)) errors.push(`"${method}" is not a supported HTTP method`);
  for (const name of [...(policy.allowHeaders ?? []), ...(policy.exposeHeaders ?? [])]) {
    if (name === '') errors.push('header name cannot be empty');
    else if (name !== '*' && !TOKEN.test(name)) errors.push(`header name ${name} is not a valid header name`);
  }
  if (policy.maxAge !== undefined) {
    errors.push(...defined(duration(policy.maxAge)));
    if (typeof policy.maxAge === 'string' && /\.\d*[1-9]/.test(policy.maxAge)) errors.push('max_age duration is accurate only to seconds precision');
  }
  return errors;
}

function percentage(value: Json | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = value.value ?? 0;
  return v < 0 || v > 100 || (v > 0 && v < 0.0001) ? `percentage ${v} is neither 0.0, nor in range [0.0001, 100.0]` : undefined;
}

function httpStatus(status: number): string | undefined {
  return status < 200 || status > 600 ? `HTTP status ${status} is not in range 200-599` : undefined;
}

function validateFault(fault: Json | undefined): string[] {
  if (fault === undefined) return [];
  const errors: string[] = [];
  if (fault.abort === undefined && fault.delay === undefined) errors.push('HTTP fault injection must have an abort and/or a delay');
  if (fault.abort !== undefined) {
    errors.push(...defined(percentage(fault.abort.percentage)));
    if (fault.abort.http2Error !== undefined) errors.push('HTTP/2 abort fault injection not supported yet');
    else if (fault.abort.httpStatus !== undefined) errors.push(...defined(httpStatus(fault.abort.httpStatus)));
  }
  if (fault.delay !== undefined) {
    errors.push(...defined(percentage(fault.delay.percentage)));
    if (fault.delay.fixedDelay !== undefined) errors.push(...defined(duration(fault.delay.fixedDelay)));
    if (fault.delay.exponentialDelay !== undefined) errors.push(...defined(duration(fault.delay.exponentialDelay)), 'exponentialDelay not supported yet');
  }
  return errors;
}

function validateDestination(destination: Json | undefined): string[] {
  if (destination === undefined) return [];
  const errors: string[] = [];
  const host = String(destination.host ?? '');
  if (host === '*') errors.push(`invalid destination host ${host}`);
  else errors.push(...defined(wildcardDomain(host)));
  if (destination.subset !== undefined && !isDns1123Label(destination.subset)) errors.push(`subset name is invalid: ${destination.subset}`);
  if (destination.port !== undefined) errors.push(...defined(port(destination.port.number ?? 0)));
  return errors;
}

function validateDestinations(weights: readonly Json[], http: boolean): string[] {
  const errors: string[] = [];
  let total = 0;
  for (const weight of weights) {
    if (weight.destination === undefined) errors.push('destination is required');
    if (http) errors.push(...headerOperations(weight.headers));
    errors.push(...validateDestination(weight.destination));
    const w = weight.weight ?? 0;
    if (w < 0) errors.push(`weight ${w} < 0`);
    total += w;
  }
  if (weights.length > 1 && total === 0) errors.push('total destination weight = 0');
  return errors;
}

function validateRedirect(redirect: Json | undefined): string[] {
  if (redirect === undefined) return [];
  if (!redirect.uri && !redirect.authority && redirect.port === undefined && redirect.derivePort === undefined && !redirect.scheme) {
    return ['redirect must specify URI, authority, scheme, or port'];
  }
  const code = redirect.redirectCode ?? 0;
  if (code !== 0 && (code < 300 || code > 399)) return [`${code} is not a valid redirect code, must be 3xx`];
  if (redirect.scheme && redirect.scheme !== 'http' && redirect.scheme !== 'https') return ['invalid redirect scheme, must be "http" or "https"'];
  if (redirect.port !== undefined && redirect.port > 0) return defined(port(redirect.port));
  return [];
}

const RETRY_ON = new Set([
  '5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'retriable-4xx', 'refused-stream', 'retriable-status-codes',
  'retriable-headers', 'envoy-ratelimited', 'http3-post-connect-failure', 'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable',
]);

function validateRetries(retries: Json | undefined): string[] {
  if (retries === undefined) return [];
  const errors: string[] = [];
  const attempts = retries.attempts ?? 0;
  if (attempts < 0) errors.push('attempts cannot be negative');
  if (attempts === 0 && (retries.perTryTimeout !== undefined || (retries.retryOn ?? '') !== '' || retries.retryRemoteLocalities !== undefined)) {
    errors.push('http retry policy configured when attempts are set to 0 (disabled)');
  }
  if (retries.perTryTimeout !== undefined) errors.push(...defined(duration(retries.perTryTimeout)));
  if ((retries.retryOn ?? '') !== '') {
    for (const policy of String(retries.retryOn).split(',')) {
      // A status code (http.StatusText knows it) is a valid policy too.
      const code = /^\d+$/.test(policy) ? Number(policy) : NaN;
      if (!(code >= 100 && code <= 599) && !RETRY_ON.has(policy)) errors.push(`"${policy}" is not a valid retryOn policy`);
    }
  }
  if (retries.backoff !== undefined) errors.push(...defined(duration(retries.backoff)));
  return errors;
}

function validateRewrite(rewrite: Json | undefined, headers: Json | undefined): string[] {
  const errors: string[] = [];
  if (rewrite !== undefined) {
    if (rewrite.uri && rewrite.uriRegexRewrite !== undefined) errors.push('rewrite may only contain one of URI or UriRegexRewrite');
    else if (!rewrite.uri && rewrite.uriRegexRewrite === undefined && !rewrite.authority) {
      errors.push('rewrite must specify at least one of URI, UriRegexRewrite, or authority. Only one of URI or UriRegexRewrite may be specified');
    } else if (rewrite.uriRegexRewrite !== undefined) {
      const { match, rewrite: replacement } = rewrite.uriRegexRewrite;
      if (!match || !replacement) errors.push('UriRegexRewrite has errors: UriRegexRewrite requires both Rewrite and Match fields to be specified');
      else errors.push(...defined(regexp(match, 'HTTPRewrite.UriRegexRewrite.Match')));
    }
  }
  // validateAuthorityRewrite: the authority is set at most once.
  let current: string = rewrite?.authority ?? '';
  for (const op of ['set', 'add'] as const) {
    for (const [name, value] of Object.entries<string>(headers?.request?.[op] ?? {})) {
      if (!isAuthority(name)) continue;
      if (current !== '') return [...errors, `authority header cannot be set multiple times: have "${current}", attempting to set "${value}"`];
      current = value;
    }
  }
  return errors;
}

function validateTlsRoute(route: Json, hosts: readonly string[]): string[] {
  const errors: string[] = [];
  const matches: Json[] = route.match ?? [];
  if (matches.length === 0) errors.push('TLS route must have at least one match condition');
  for (const match of matches) {
    const sniHosts: string[] = match.sniHosts ?? [];
    if (sniHosts.length === 0) errors.push('TLS match must have at least one SNI host');
    for (const sni of sniHosts) {
      const problem = wildcardDomain(sni);
      if (problem) {
        if (!isIp(sni)) errors.push(problem);
        continue;
      }
      if (!hosts.some((host) => hostSubsetOf(sni, host))) errors.push(`SNI host "${sni}" is not a compatible subset of any of the virtual service hosts: [${hosts.join(', ')}]`);
    }
    if (match.port !== undefined && match.port !== 0) errors.push(...defined(port(match.port)));
    errors.push(...validateGatewayNames(match.gateways ?? []));
  }
  if ((route.route ?? []).length === 0) errors.push('TLS route is required');
  errors.push(...validateDestinations(route.route ?? [], false));
  return errors;
}

function defined(...values: (string | undefined)[]): string[] {
  return values.filter((v): v is string => v !== undefined);
}
