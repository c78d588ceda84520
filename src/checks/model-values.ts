import { ModelProblem } from '../model/problems';
import { CredentialModel, GatewayModel, HttpRuleModel, MatchModel, PathMatchType, StringMatchType } from '../model/types';
import { checkCertManagerTimes, parseGoDuration } from './cert-manager';
import { checkHeaderName, checkPath, checkRegex } from './http';
import { checkCertificateHosts } from './pem';
import { checkDnsLabel, checkDnsSubdomain, checkHostname, checkLabelKey, checkLabelValue, checkPort } from './names';

/** The Gateway API's duration syntax, which Istio's Go durations accept too. */
const DURATION = /^([0-9]{1,5}(h|m|s|ms)){1,4}$/;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

/**
 * The values of a model that did not come from the constructs, checked with
 * the rules the constructs apply to their props: object names, namespaces,
 * hosts, ports, labels, paths, regular expressions, header names, methods,
 * durations and weights. (The constructs validate each prop with a message
 * for it; for a model, each problem names the model field.)
 */
export function checkModelValues(model: GatewayModel): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const add = (source: string, field: string, problem: string | undefined, value: unknown) => {
    if (problem) problems.push({ source, field, message: `${JSON.stringify(value)?.slice(0, 80) ?? String(value)} ${problem}` });
  };
  const source = model.source;
  add(source, 'name', checkDnsLabel(model.name), model.name);
  add(source, 'namespace', checkDnsLabel(model.namespace), model.namespace);
  add(source, 'clusterDomain', checkDnsSubdomain(model.clusterDomain), model.clusterDomain);
  add(source, 'proxy.namespace', checkDnsLabel(model.proxy.namespace), model.proxy.namespace);
  if (model.proxy.serviceName !== undefined) add(source, 'proxy.serviceName', checkDnsLabel(model.proxy.serviceName), model.proxy.serviceName);
  for (const [key, value] of Object.entries(model.proxy.selector)) {
    add(source, `proxy.selector[${JSON.stringify(key)}]`, checkLabelKey(key), key);
    add(source, `proxy.selector[${JSON.stringify(key)}]`, checkLabelValue(value), value);
  }
  for (const [i, host] of (model.hosts ?? []).entries()) add(source, `hosts[${i}]`, checkHostname(host), host);
  for (const [i, listener] of (model.listeners ?? []).entries()) {
    add(source, `listeners[${i}].name`, checkDnsSubdomain(listener.name), listener.name);
    add(source, `listeners[${i}].port`, checkPort(listener.port), listener.port);
    add(source, `listeners[${i}].hostname`, checkHostname(listener.hostname), listener.hostname);
  }
  for (const route of model.routes) {
    add(route.source, 'name', checkDnsLabel(route.name), route.name);
    add(route.source, 'namespace', checkDnsLabel(route.namespace), route.namespace);
    add(route.source, 'port', checkPort(route.port), route.port);
    if (route.hosts.length === 0) problems.push({ source: route.source, field: 'hosts', message: 'lists no host; give at least one (or "*" for any host)' });
    route.hosts.forEach((host, i) => add(route.source, `hosts[${i}]`, checkHostname(host), host));
    route.rules.forEach((rule, r) => checkRule(rule, route.source, `routes[${r}]`, add));
  }
  for (const tls of model.tls) {
    add(tls.source, 'name', checkDnsLabel(tls.name), tls.name);
    add(tls.source, 'namespace', checkDnsLabel(tls.namespace), tls.namespace);
    add(tls.source, 'port', checkPort(tls.port), tls.port);
    tls.hosts.forEach((host, i) => add(tls.source, `hosts[${i}]`, checkHostname(host), host));
    (Array.isArray(tls.credentials) ? tls.credentials : []).forEach((credential, i) => checkCredential(credential, tls.hosts, tls.source, `credentials[${i}]`, problems));
  }
  return problems;
}

/**
 * The credentials of a model's TLS source, with the rules TlsIngress applies:
 * a server certificate from PEM names the hosts in its subjectAltName (as
 * `CertificateSource.fromPem()`; its validity dates and key are the
 * constructs' checks, which need the clock); a cert-manager Certificate has an
 * issuer that can exist, names it can be issued for, and the duration and
 * renewBefore cert-manager accepts (as `CertificateSource.fromCertManager()`).
 */
function checkCredential(credential: CredentialModel, hosts: readonly string[], source: string, field: string, problems: ModelProblem[]): void {
  if (credential === null || typeof credential !== 'object') return;
  if (credential.type === 'tls-secret') {
    const problem = checkCertificateHosts(credential.certificatePem, hosts);
    if (problem) problems.push({ source, field: `${field}.certificatePem`, message: problem });
    return;
  }
  if (credential.type !== 'cert-manager') return;
  const issuer = credential.issuer as Partial<CredentialIssuer> | undefined;
  if (issuer === null || typeof issuer !== 'object') {
    problems.push({ source, field: `${field}.issuer`, message: 'names no issuer; give { kind: "Issuer" or "ClusterIssuer", name }, or { kind: "Issuer", name, selfSigned: true }' });
  } else {
    if (issuer.kind !== 'Issuer' && issuer.kind !== 'ClusterIssuer') {
      problems.push({ source, field: `${field}.issuer.kind`, message: `${shown(issuer.kind)} is not an issuer kind; allowed: Issuer, ClusterIssuer` });
    } else if (issuer.selfSigned === true && issuer.kind !== 'Issuer') {
      problems.push({ source, field: `${field}.issuer.kind`, message: 'a self-signed issuer is an Issuer created next to the certificate, not a ClusterIssuer' });
    }
    const nameProblem = checkDnsSubdomain(issuer.name as string);
    if (nameProblem) problems.push({ source, field: `${field}.issuer.name`, message: `${shown(issuer.name)} ${nameProblem}; give the name of an existing issuer` });
  }
  const dnsNames = Array.isArray(credential.dnsNames) ? credential.dnsNames : [];
  if (dnsNames.length === 0) problems.push({ source, field: `${field}.dnsNames`, message: 'lists no name; a certificate must name the hosts it serves' });
  dnsNames.forEach((name, i) => {
    const problem = name === '*' ? 'cannot be issued by cert-manager: list the hosts, or a wildcard such as "*.example.com"' : checkHostname(name);
    if (problem) problems.push({ source, field: `${field}.dnsNames[${i}]`, message: `${shown(name)} ${problem}` });
  });
  const times: { duration?: number; renewBefore?: number } = {};
  for (const key of ['duration', 'renewBefore'] as const) {
    if (credential[key] === undefined) continue;
    times[key] = parseGoDuration(credential[key]);
    if (times[key] === undefined) problems.push({ source, field: `${field}.${key}`, message: `${shown(credential[key])} is not a duration such as "2160h" or "1h30m"` });
  }
  if ((credential.duration === undefined || times.duration !== undefined) && (credential.renewBefore === undefined || times.renewBefore !== undefined)) {
    for (const { field: key, message } of checkCertManagerTimes(times.duration, times.renewBefore)) problems.push({ source, field: `${field}.${key}`, message });
  }
}

type CredentialIssuer = Extract<CredentialModel, { type: 'cert-manager' }>['issuer'];

function shown(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  try {
    return JSON.stringify(value)?.slice(0, 80) ?? String(value);
  } catch {
    return typeof value;
  }
}

type Add = (source: string, field: string, problem: string | undefined, value: unknown) => void;

function checkRule(rule: HttpRuleModel, source: string, field: string, add: Add): void {
  rule.matches.forEach((match, m) => checkMatch(match, source, `${field}.matches[${m}]`, add));
  rule.backends.forEach((backend, b) => {
    const at = `${field}.backends[${b}]`;
    add(source, `${at}.name`, checkDnsLabel(backend.name), backend.name);
    add(source, `${at}.namespace`, checkDnsLabel(backend.namespace), backend.namespace);
    if (backend.port !== undefined) add(source, `${at}.port`, checkPort(backend.port), backend.port);
    if (backend.weight !== undefined && (!Number.isInteger(backend.weight) || backend.weight < 0 || backend.weight > 100)) {
      add(source, `${at}.weight`, 'must be a whole percentage from 0 to 100', backend.weight);
    }
  });
  if (rule.timeout !== undefined && (typeof rule.timeout !== 'string' || !DURATION.test(rule.timeout))) {
    add(source, `${field}.timeout`, 'is not a duration such as "4s", "1m30s" or "250ms"', rule.timeout);
  }
}

function checkMatch(match: MatchModel, source: string, field: string, add: Add): void {
  if (match.path) {
    const problem = match.path.type === PathMatchType.REGEX ? checkRegex(match.path.value) : checkPath(match.path.value);
    add(source, `${field}.path.value`, problem, match.path.value);
  }
  for (const key of ['headers', 'queryParams'] as const) {
    (match[key] ?? []).forEach((m, i) => {
      const at = `${field}.${key}[${i}]`;
      add(source, `${at}.name`, checkHeaderName(m.name), m.name);
      const valueProblem =
        m.type === StringMatchType.REGEX
          ? checkRegex(m.value)
          : m.value.length === 0 || m.value.length > 4096 || /[\u0000-\u0008\u000a-\u001f\u007f]/.test(m.value)
            ? 'must be 1 to 4096 characters, without control characters'
            : undefined;
      add(source, `${at}.value`, valueProblem, m.value);
    });
  }
  if (match.method !== undefined && !METHODS.includes(match.method)) add(source, `${field}.method`, `is not an HTTP method; allowed: ${METHODS.join(', ')}`, match.method);
}
