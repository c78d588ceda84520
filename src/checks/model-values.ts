import { ModelProblem } from '../model/problems';
import { GatewayModel, HttpRuleModel, MatchModel, PathMatchType, StringMatchType } from '../model/types';
import { checkHeaderName, checkPath, checkRegex } from './http';
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
    if (problem) problems.push({ source, field, message: `${quote(value)} ${problem}` });
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
  }
  return problems;
}

/** A value quoted for a message, whatever it is (a BigInt, a cyclic object), at most 80 characters. */
function quote(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'bigint' ? `${value}n` : (JSON.stringify(value) ?? String(value));
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
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
