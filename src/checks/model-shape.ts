import { ModelProblem } from '../model/problems';
import { IngressApiKind, ListenerProtocol, PathMatchType, ProxyMode, StringMatchType, TlsMode } from '../model/types';

/**
 * The shape of a gateway model that did not come from the constructs (plain
 * JavaScript, JSON): the fields every check and renderer relies on, with
 * their types, so that a malformed model gets problems naming the field
 * instead of a TypeError deep in a renderer. Values the constructs validate
 * (names, hosts, ports) are checked by the model checks that follow.
 */
export function checkModelShape(model: unknown): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const source = isRecord(model) && typeof model.source === 'string' ? model.source : 'model';
  const at = (owner: string, field: string, message: string) => problems.push({ source: owner, field, message });
  if (!isRecord(model)) {
    at('model', 'model', `expected a GatewayModel object, received ${kind(model)}`);
    return problems;
  }
  requireString(model, 'source', source, '', at);
  requireEnum(model, 'api', Object.values(IngressApiKind), source, '', at);
  requireString(model, 'name', source, '', at);
  requireString(model, 'namespace', source, '', at);
  requireString(model, 'clusterDomain', source, '', at);
  if (!isRecord(model.proxy)) at(source, 'proxy', `expected a ProxyModel object, received ${kind(model.proxy)}`);
  else {
    requireEnum(model.proxy, 'mode', Object.values(ProxyMode), source, 'proxy.', at);
    requireString(model.proxy, 'namespace', source, 'proxy.', at);
    requireStringMap(model.proxy, 'selector', source, 'proxy.', at);
  }
  if (model.listeners !== undefined) {
    list(model, 'listeners', source, '', at, (listener, field) => {
      requireString(listener, 'name', source, field, at);
      requireNumber(listener, 'port', source, field, at);
      requireEnum(listener, 'protocol', Object.values(ListenerProtocol), source, field, at);
      requireString(listener, 'hostname', source, field, at);
    });
  }
  list(model, 'routes', source, '', at, (route, field) => {
    const owner = typeof route.source === 'string' ? route.source : source;
    const prefix = owner === source ? field : '';
    requireString(route, 'source', source, field, at);
    requireString(route, 'name', owner, prefix, at);
    requireString(route, 'namespace', owner, prefix, at);
    requireNumber(route, 'port', owner, prefix, at);
    list(route, 'hosts', owner, prefix, at, undefined, 'string');
    list(route, 'rules', owner, prefix, at, (rule, ruleField) => {
      list(rule, 'matches', owner, ruleField, at, (match, matchField) => {
        if (match.path !== undefined) {
          if (!isRecord(match.path)) at(owner, `${matchField}path`, `expected { type, value }, received ${kind(match.path)}`);
          else {
            requireEnum(match.path, 'type', Object.values(PathMatchType), owner, `${matchField}path.`, at);
            requireString(match.path, 'value', owner, `${matchField}path.`, at);
          }
        }
        for (const key of ['headers', 'queryParams']) {
          if (match[key] === undefined) continue;
          list(match, key, owner, matchField, at, (m, mField) => {
            requireString(m, 'name', owner, mField, at);
            requireEnum(m, 'type', Object.values(StringMatchType), owner, mField, at);
            requireString(m, 'value', owner, mField, at);
          });
        }
      });
      list(rule, 'backends', owner, ruleField, at, (backend, backendField) => {
        requireString(backend, 'name', owner, backendField, at);
        requireString(backend, 'namespace', owner, backendField, at);
      });
    });
  });
  list(model, 'tls', source, '', at, (tls, field) => {
    const owner = typeof tls.source === 'string' ? tls.source : source;
    const prefix = owner === source ? field : '';
    requireString(tls, 'source', source, field, at);
    requireString(tls, 'name', owner, prefix, at);
    requireString(tls, 'namespace', owner, prefix, at);
    requireNumber(tls, 'port', owner, prefix, at);
    list(tls, 'hosts', owner, prefix, at, undefined, 'string');
    if (!isRecord(tls.tls)) at(owner, `${prefix}tls`, `expected the TLS settings ({ mode, minProtocolVersion, ... }), received ${kind(tls.tls)}`);
    else requireEnum(tls.tls, 'mode', Object.values(TlsMode), owner, `${prefix}tls.`, at);
  });
  if (model.knownServices !== undefined) {
    if (!isRecord(model.knownServices)) at(source, 'knownServices', `expected a map of "namespace/name" to { ports }, received ${kind(model.knownServices)}`);
    else {
      for (const [key, service] of Object.entries(model.knownServices)) {
        const field = `knownServices[${JSON.stringify(key.length > 80 ? `${key.slice(0, 77)}...` : key)}]`;
        if (!isRecord(service)) at(source, field, `expected { ports: [{ port, name }] }, received ${kind(service)}`);
        else list(service, 'ports', source, `${field}.`, at, (port, portField) => requireNumber(port, 'port', source, portField, at));
      }
    }
  }
  return problems;
}

type At = (owner: string, field: string, message: string) => void;

function isRecord(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}` : typeof value;
}

function requireString(record: Record<string, any>, key: string, owner: string, prefix: string, at: At): void {
  if (typeof record[key] !== 'string') at(owner, `${prefix}${key}`, `expected a string, received ${kind(record[key])}`);
}

function requireNumber(record: Record<string, any>, key: string, owner: string, prefix: string, at: At): void {
  if (typeof record[key] !== 'number' || !Number.isFinite(record[key])) at(owner, `${prefix}${key}`, `expected a number, received ${kind(record[key])}`);
}

function requireEnum(record: Record<string, any>, key: string, allowed: readonly string[], owner: string, prefix: string, at: At): void {
  if (!allowed.includes(record[key])) at(owner, `${prefix}${key}`, `${kind(record[key])} is not allowed; allowed: ${allowed.join(', ')}`);
}

function requireStringMap(record: Record<string, any>, key: string, owner: string, prefix: string, at: At): void {
  const value = record[key];
  if (!isRecord(value) || !Object.values(value).every((v) => typeof v === 'string')) at(owner, `${prefix}${key}`, `expected a map of strings, received ${kind(value)}`);
}

function list(
  record: Record<string, any>,
  key: string,
  owner: string,
  prefix: string,
  at: At,
  item?: (entry: Record<string, any>, field: string) => void,
  itemType?: 'string',
): void {
  const value = record[key];
  if (!Array.isArray(value)) return void at(owner, `${prefix}${key}`, `expected a list, received ${kind(value)}`);
  value.forEach((entry, i) => {
    const field = `${prefix}${key}[${i}]`;
    if (itemType === 'string') {
      if (typeof entry !== 'string') at(owner, field, `expected a string, received ${kind(entry)}`);
    } else if (!isRecord(entry)) at(owner, field, `expected an object, received ${kind(entry)}`);
    else item?.(entry, `${field}.`);
  });
}
