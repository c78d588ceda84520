import { ModelProblem } from '../model/problems';
import { IngressApiKind, ListenerProtocol, PathMatchType, PathModifierType, ProxyMode, StringMatchType, TlsMode, TlsVersion } from '../model/types';

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
    checkShape(route, ROUTE, owner, prefix, at);
    list(route, 'rules', owner, prefix, at, (rule, ruleField) => {
      checkShape(rule, RULE, owner, ruleField, at);
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
    checkShape(tls, TLS_SOURCE, owner, prefix, at);
  });
  checkShape(model, GATEWAY, source, '', at);
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

/**
 * The shape of the rest of a model, declared: a type name, a list, a record of fields (a `?` after
 * the name marks an optional one), an enum, or a union told apart by a field. What the checks
 * above spell out is not repeated here.
 */
type Shape =
  | 'string'
  | 'number'
  | 'boolean'
  | 'stringMap'
  | { readonly list: Shape }
  | { readonly fields: Readonly<Record<string, Shape>> }
  | { readonly enum: readonly unknown[] }
  | { readonly union: string; readonly cases: Readonly<Record<string, Shape>> };

const STRINGS: Shape = { list: 'string' };
const METADATA: Shape = { fields: { 'labels?': 'stringMap', 'annotations?': 'stringMap' } };
const BACKEND: Shape = { fields: { name: 'string', namespace: 'string', 'port?': 'number', 'portName?': 'string', 'weight?': 'number' } };
const PATH_MODIFIER: Shape = { fields: { type: { enum: Object.values(PathModifierType) }, value: 'string' } };
const HEADERS: Shape = { fields: { 'set?': { list: { fields: { name: 'string', value: 'string' } } }, 'add?': { list: { fields: { name: 'string', value: 'string' } } }, 'remove?': STRINGS } };
const CREDENTIAL_REF: Shape = { fields: { kind: { enum: ['Secret', 'ConfigMap'] }, name: 'string', namespace: 'string' } };

const ROUTE: Shape = { fields: { 'metadata?': METADATA } };
const RULE: Shape = {
  fields: {
    'name?': 'string',
    'timeout?': 'string',
    'retries?': { fields: { attempts: 'number', 'perTryTimeout?': 'string', 'retryOn?': STRINGS } },
    'rewrite?': { fields: { 'path?': PATH_MODIFIER, 'hostname?': 'string' } },
    'redirect?': { fields: { 'scheme?': { enum: ['http', 'https'] }, 'hostname?': 'string', 'port?': 'number', 'path?': PATH_MODIFIER, statusCode: 'number' } },
    'requestHeaders?': HEADERS,
    'responseHeaders?': HEADERS,
    'mirrors?': { list: { fields: { backend: BACKEND, 'percentage?': 'number' } } },
    'cors?': { fields: { allowOrigins: STRINGS, 'allowMethods?': STRINGS, 'allowHeaders?': STRINGS, 'exposeHeaders?': STRINGS, 'allowCredentials?': 'boolean', 'maxAgeSeconds?': 'number' } },
    'fault?': { fields: { 'delay?': { fields: { fixedDelay: 'string', percentage: 'number' } }, 'abort?': { fields: { httpStatus: 'number', percentage: 'number' } } } },
    'directResponse?': { fields: { status: 'number', 'body?': 'string' } },
  },
};
const TLS_SOURCE: Shape = {
  fields: {
    tls: { fields: { 'certificate?': CREDENTIAL_REF, 'clientCa?': CREDENTIAL_REF, 'minProtocolVersion?': { enum: Object.values(TlsVersion) }, 'cipherSuites?': STRINGS } },
    'redirectFromPort?': 'number',
    'routesAttachedElsewhere?': 'boolean',
    'backends?': { list: BACKEND },
    'credentials?': {
      list: {
        union: 'type',
        cases: {
          'tls-secret': { fields: { name: 'string', namespace: 'string', certificatePem: 'string', privateKeyPem: 'string', 'caPem?': 'string' } },
          'ca-secret': { fields: { name: 'string', namespace: 'string', caPem: 'string' } },
          'ca-configmap': { fields: { name: 'string', namespace: 'string', caPem: 'string' } },
          'cert-manager': {
            fields: {
              name: 'string',
              namespace: 'string',
              dnsNames: STRINGS,
              // The issuer is checked with cert-manager's rules in model-values (checkCredential).
              'duration?': 'string',
              'renewBefore?': 'string',
            },
          },
        },
      },
    },
    'metadata?': METADATA,
  },
};
const CIDRS = STRINGS;
const GATEWAY: Shape = {
  fields: {
    'managed?': 'boolean',
    'metadata?': METADATA,
    'createNamespace?': { fields: { labels: 'stringMap' } },
    'hosts?': STRINGS,
    'gatewayApi?': {
      fields: {
        'gatewayClassName?': 'string',
        'allowedRoutes?': { fields: { from: { enum: ['Same', 'All', 'Selector'] }, 'matchLabels?': 'stringMap' } },
        'infrastructureLabels?': 'stringMap',
        'infrastructureAnnotations?': 'stringMap',
        'sectionName?': 'string',
      },
    },
    'kubernetesIngress?': { fields: { 'ingressClassName?': 'string', 'classAnnotation?': 'boolean', 'createIngressClass?': 'boolean', 'defaultClass?': 'boolean', 'ingressSelector?': 'string' } },
    proxy: {
      fields: {
        'serviceName?': 'string',
        'podLabels?': 'stringMap',
        'serviceType?': { enum: ['LoadBalancer', 'NodePort', 'ClusterIP'] },
        'bundled?': {
          fields: {
            name: 'string',
            selectorLabels: 'stringMap',
            'replicas?': 'number',
            'autoscaling?': { fields: { minReplicas: 'number', maxReplicas: 'number', targetCpuUtilizationPercent: 'number' } },
            'podDisruptionBudget?': { fields: { 'minAvailable?': 'number', 'maxUnavailable?': 'number' } },
            resources: { fields: { cpuRequest: 'string', cpuLimit: 'string', memoryRequest: 'string', memoryLimit: 'string', 'ephemeralStorageRequest?': 'string', 'ephemeralStorageLimit?': 'string' } },
            'serviceAnnotations?': 'stringMap',
            'loadBalancerSourceRanges?': CIDRS,
            readsSecrets: 'boolean',
            'networkPolicy?': { fields: { 'sourceCidrs?': CIDRS, 'egress?': { fields: { clusterOnly: 'boolean', 'cidrs?': CIDRS } } } },
          },
        },
      },
    },
  },
};

/** Problems of `value` against `shape`, each naming `field` (a prefix ending in "." for records, or a full field name). */
function checkShape(value: unknown, shape: Shape, owner: string, field: string, at: At): void {
  const name = field.replace(/\.$/, '') || 'model';
  if (shape === 'string' || shape === 'boolean') {
    if (typeof value !== shape) at(owner, name, `expected a ${shape}, received ${kind(value)}`);
  } else if (shape === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value)) at(owner, name, `expected a number, received ${kind(value)}`);
  } else if (shape === 'stringMap') {
    if (!isRecord(value) || !Object.values(value).every((v) => typeof v === 'string')) at(owner, name, `expected a map of strings, received ${kind(value)}`);
  } else if ('list' in shape) {
    if (!Array.isArray(value)) return void at(owner, name, `expected a list, received ${kind(value)}`);
    value.forEach((item, i) => checkShape(item, shape.list, owner, `${name}[${i}]${typeof shape.list === 'object' && !('enum' in shape.list) ? '.' : ''}`, at));
  } else if ('enum' in shape) {
    if (!shape.enum.includes(value)) at(owner, name, `${kind(value)} is not allowed; allowed: ${shape.enum.join(', ')}`);
  } else if (!isRecord(value)) {
    at(owner, name, `expected an object, received ${kind(value)}`);
  } else if ('union' in shape) {
    const tag = value[shape.union];
    const chosen = typeof tag === 'string' ? shape.cases[tag] : undefined;
    if (chosen === undefined) return void at(owner, `${field}${shape.union}`, `${kind(tag)} is not allowed; allowed: ${Object.keys(shape.cases).join(', ')}`);
    checkShape(value, chosen, owner, field, at);
  } else {
    for (const [key, inner] of Object.entries(shape.fields)) {
      const optional = key.endsWith('?');
      const prop = optional ? key.slice(0, -1) : key;
      if (value[prop] === undefined && optional) continue;
      const nested = typeof inner === 'object' && !('enum' in inner) && !('list' in inner);
      checkShape(value[prop], inner, owner, `${field}${prop}${nested ? '.' : ''}`, at);
    }
  }
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
