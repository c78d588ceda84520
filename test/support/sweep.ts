// The junk sweep (issue 16): programs written as templates, every value position of every
// public constructor, factory and mutator enumerated, junk placed at each, the outcome classified.
//
// A template is plain data: strings, numbers, booleans, arrays, objects, `call(factory, ...args)`
// for a factory of the library (or of cdk8s / cdk8s-plus), and `ref(name)` for a construct an earlier
// statement of the program created. A position is a path into one statement's arguments; the
// sweep replaces the value there with junk, builds the program and synthesises it.
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  AllowedRoutes,
  Backend,
  CertificateSource,
  CertManagerIssuer,
  ClientCertificateAuthority,
  ExposedService,
  GatewayProxy,
  HttpbinApp,
  HttpMethod,
  IngressApi,
  IngressGateway,
  IngressOperator,
  PathMatch,
  PathModifier,
  Percentage,
  ProxyEgress,
  RedirectScheme,
  RetryOn,
  RouteMatch,
  StringMatch,
  TlsIngress,
  TlsMode,
  TlsVersion,
} from '../../src';
import { createCa, createLeaf } from '../../scripts/test-certs';

export type Api = 'istio' | 'gateway-api' | 'kubernetes-ingress';
export const APIS: readonly Api[] = ['istio', 'gateway-api', 'kubernetes-ingress'];

/** A factory call in a template. */
export class Call {
  constructor(
    readonly fn: string,
    readonly args: Tpl[],
  ) {}
}
/** A construct created by an earlier statement. */
export class Ref {
  constructor(readonly name: string) {}
}
/** A junk value, placed as it is (never interpreted as a template). */
class Raw {
  constructor(readonly value: unknown) {}
}
export type Tpl = string | number | boolean | undefined | Tpl[] | { [key: string]: Tpl } | Call | Ref | Raw;

export const call = (fn: string, ...args: Tpl[]) => new Call(fn, args);
export const ref = (name: string) => new Ref(name);

/** Factories of other packages: junk in their arguments that they refuse themselves is their business. */
const THIRD_PARTY = new Set(['Duration.millis', 'Duration.seconds', 'Duration.minutes', 'Duration.days', 'Cpu.millis', 'Cpu.units', 'Size.mebibytes']);

/** Every factory a template may call, by name. Class members of the library are named as the coverage test finds them. */
const FACTORIES: Record<string, (...args: any[]) => unknown> = {
  'Duration.millis': (n) => Duration.millis(n),
  'Duration.seconds': (n) => Duration.seconds(n),
  'Duration.minutes': (n) => Duration.minutes(n),
  'Duration.days': (n) => Duration.days(n),
  'Cpu.millis': (n) => kplus.Cpu.millis(n),
  'Cpu.units': (n) => kplus.Cpu.units(n),
  'Size.mebibytes': (n) => Size.mebibytes(n),
  'AllowedRoutes.sameNamespace': () => AllowedRoutes.sameNamespace(),
  'AllowedRoutes.allNamespaces': () => AllowedRoutes.allNamespaces(),
  'AllowedRoutes.fromNamespacesWithLabels': (...a) => (AllowedRoutes.fromNamespacesWithLabels as any)(...a),
  'Backend.fromServiceName': (...a) => (Backend.fromServiceName as any)(...a),
  'Backend.fromService': (...a) => (Backend.fromService as any)(...a),
  'CertManagerIssuer.issuer': (...a) => (CertManagerIssuer.issuer as any)(...a),
  'CertManagerIssuer.clusterIssuer': (...a) => (CertManagerIssuer.clusterIssuer as any)(...a),
  'CertManagerIssuer.selfSigned': () => CertManagerIssuer.selfSigned(),
  'CertificateSource.fromSecretName': (...a) => (CertificateSource.fromSecretName as any)(...a),
  'CertificateSource.fromPem': (...a) => (CertificateSource.fromPem as any)(...a),
  'CertificateSource.fromPemFiles': (...a) => (CertificateSource.fromPemFiles as any)(...a),
  'CertificateSource.fromCertManager': (...a) => (CertificateSource.fromCertManager as any)(...a),
  'ClientCertificateAuthority.fromPem': (...a) => (ClientCertificateAuthority.fromPem as any)(...a),
  'ClientCertificateAuthority.fromPemFile': (...a) => (ClientCertificateAuthority.fromPemFile as any)(...a),
  'ClientCertificateAuthority.fromCertificateSecret': () => ClientCertificateAuthority.fromCertificateSecret(),
  'ClientCertificateAuthority.fromSecretName': (...a) => (ClientCertificateAuthority.fromSecretName as any)(...a),
  'ClientCertificateAuthority.fromConfigMapName': (...a) => (ClientCertificateAuthority.fromConfigMapName as any)(...a),
  'GatewayProxy.bundled': (...a) => (GatewayProxy.bundled as any)(...a),
  'GatewayProxy.existing': (...a) => (GatewayProxy.existing as any)(...a),
  'GatewayProxy.automated': () => GatewayProxy.automated(),
  'IngressApi.istio': () => IngressApi.istio(),
  'IngressApi.gatewayApi': (...a) => (IngressApi.gatewayApi as any)(...a),
  'IngressApi.kubernetesIngress': (...a) => (IngressApi.kubernetesIngress as any)(...a),
  'PathMatch.prefix': (...a) => (PathMatch.prefix as any)(...a),
  'PathMatch.exact': (...a) => (PathMatch.exact as any)(...a),
  'PathMatch.regex': (...a) => (PathMatch.regex as any)(...a),
  'StringMatch.exact': (...a) => (StringMatch.exact as any)(...a),
  'StringMatch.regex': (...a) => (StringMatch.regex as any)(...a),
  'RouteMatch.pathPrefix': (...a) => (RouteMatch.pathPrefix as any)(...a),
  'RouteMatch.exactPath': (...a) => (RouteMatch.exactPath as any)(...a),
  'RouteMatch.pathRegex': (...a) => (RouteMatch.pathRegex as any)(...a),
  'RouteMatch.of': (...a) => (RouteMatch.of as any)(...a),
  'PathModifier.replaceFullPath': (...a) => (PathModifier.replaceFullPath as any)(...a),
  'PathModifier.replacePrefixMatch': (...a) => (PathModifier.replacePrefixMatch as any)(...a),
  'Percentage.of': (...a) => (Percentage.of as any)(...a),
  'ProxyEgress.allowAll': () => ProxyEgress.allowAll(),
  'ProxyEgress.clusterOnly': () => ProxyEgress.clusterOnly(),
  'ProxyEgress.clusterAndCidrs': (...a) => (ProxyEgress.clusterAndCidrs as any)(...a),
  'RetryOn.statusCode': (...a) => (RetryOn.statusCode as any)(...a),
  'RetryOn.GATEWAY_ERROR': () => RetryOn.GATEWAY_ERROR,
  'RetryOn.CONNECT_FAILURE': () => RetryOn.CONNECT_FAILURE,
};

/** Constructors and static methods that create constructs, and the mutators of constructs. */
const CONSTRUCTORS: Record<string, (scope: Construct, id: string, props: any) => Construct> = {
  'new IngressGateway': (s, id, p) => new IngressGateway(s, id, p),
  'new ExposedService': (s, id, p) => new ExposedService(s, id, p),
  'new TlsIngress': (s, id, p) => new TlsIngress(s, id, p),
  'new HttpbinApp': (s, id, p) => new HttpbinApp(s, id, p),
  'new IngressOperator': (s, id, p) => new IngressOperator(s, id, p),
  'IngressGateway.fromGatewayName': (s, id, p) => IngressGateway.fromGatewayName(s, id, p) as unknown as Construct,
};
/** Mutators, with the field their argument is reported under. */
const MUTATORS: Record<string, string> = {
  'ExposedService#addRoute': 'routes',
  'ExposedService#addHost': 'hosts',
  'HttpbinApp#allowIngressFrom': 'allowIngressFrom',
};

/** Names the sweep exercises, for the coverage test. */
export const COVERED = new Set([...Object.keys(FACTORIES), ...Object.keys(CONSTRUCTORS), ...Object.keys(MUTATORS)]);

/** One statement of a program: a construct created, or a mutator called on one. */
export type Statement =
  | { readonly kind: 'construct'; readonly make: string; readonly id: string; readonly props: Tpl }
  | { readonly kind: 'mutate'; readonly target: string; readonly method: string; readonly arg: Tpl };

export interface Program {
  readonly name: string;
  readonly api?: Api;
  readonly statements: Statement[];
}

/** What a position holds when valid, which decides the "wrong type" junk. */
export type ValueKind = 'string' | 'number' | 'boolean' | 'array' | 'object' | 'instance' | 'construct' | 'absent';

export interface Position {
  readonly program: Program;
  readonly statement: number;
  /** Steps into the statement's argument: object keys, array indexes, and `#n` for argument n of a factory. */
  readonly path: readonly (string | number)[];
  readonly kind: ValueKind;
  /** Whether the position is inside the arguments of another package's factory (cdk8s Duration, ...). */
  readonly thirdParty: boolean;
  /** The construct path the error must name. */
  readonly constructPath: string;
  /**
   * Field names an error may name: the two nearest prop names along the path, and the prop the
   * nearest enclosing factory call is given to (`backend` for a port of `Backend.fromService()`).
   */
  readonly fields: readonly string[];
  /** Readable description, e.g. `istio rich: new IngressGateway(gw).proxy<GatewayProxy.bundled>#0.name`. */
  readonly label: string;
  /** The value the program has there (a template). */
  readonly valid: Tpl;
}

export const CHART = 'sweep';

function kindOf(value: Tpl): ValueKind {
  if (value instanceof Ref) return 'construct';
  if (value instanceof Call) return 'instance';
  if (Array.isArray(value)) return 'array';
  if (value === undefined) return 'absent';
  if (typeof value === 'object') return 'object';
  return typeof value as ValueKind;
}

/** Every value position of every statement of the program. */
export function positions(program: Program): Position[] {
  const result: Position[] = [];
  program.statements.forEach((statement, index) => {
    const constructPath = `${CHART}/${statement.kind === 'construct' ? statement.id : statement.target}`;
    const head = statement.kind === 'construct' ? `${statement.make}(${statement.id})` : `${statement.target}.${statement.method.split('#')[1]}()`;
    const rootField = statement.kind === 'construct' ? (statement.make === 'IngressGateway.fromGatewayName' ? 'options' : 'props') : MUTATORS[statement.method];
    const visit = (value: Tpl, path: (string | number)[], keys: string[], callKey: string, thirdParty: boolean, label: string) => {
      const fields = [...new Set([...keys.slice(0, 2), callKey])];
      result.push({ program, statement: index, path, kind: kindOf(value), thirdParty, constructPath, fields, label: `${program.name}: ${head}${label}`, valid: value });
      if (value instanceof Call) {
        value.args.forEach((arg, i) => visit(arg, [...path, `#${i}`], keys, keys[0] ?? rootField, thirdParty || THIRD_PARTY.has(value.fn), `${label}<${value.fn}>#${i}`));
      } else if (Array.isArray(value)) {
        value.forEach((item, i) => visit(item, [...path, i], keys, callKey, thirdParty, `${label}[${i}]`));
      } else if (value !== null && typeof value === 'object' && !(value instanceof Ref) && !(value instanceof Raw)) {
        for (const [key, item] of Object.entries(value)) visit(item, [...path, key], [key, ...keys], callKey, thirdParty, `${label}.${key}`);
      }
    };
    visit(statement.kind === 'construct' ? statement.props : statement.arg, [], [], rootField, false, '');
  });
  return result;
}

/** The template with `junk` at `path`. */
function replaced(value: Tpl, path: readonly (string | number)[], junk: unknown): Tpl {
  if (path.length === 0) return new Raw(junk);
  const [step, ...rest] = path;
  if (value instanceof Call) {
    const i = Number(String(step).slice(1));
    return new Call(value.fn, value.args.map((arg, j) => (j === i ? replaced(arg, rest, junk) : arg)));
  }
  if (Array.isArray(value)) return value.map((item, j) => (j === step ? replaced(item, rest, junk) : item));
  const object = value as Record<string, Tpl>;
  return { ...object, [step]: replaced(object[step as string], rest, junk) };
}

export class FactoryError extends Error {
  constructor(
    readonly fn: string,
    readonly cause: unknown,
  ) {
    super(`${fn}: ${(cause as Error)?.message}`);
  }
}

function materialize(value: Tpl, constructs: Map<string, Construct>): unknown {
  if (value instanceof Raw) return value.value;
  if (value instanceof Ref) return constructs.get(value.name);
  if (value instanceof Call) {
    const args = value.args.map((arg) => materialize(arg, constructs));
    try {
      return FACTORIES[value.fn](...args);
    } catch (e) {
      throw new FactoryError(value.fn, e);
    }
  }
  if (Array.isArray(value)) return value.map((item) => materialize(item, constructs));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, materialize(v, constructs)]));
  return value;
}

/**
 * Builds the program in a fresh app, with `junk` at `position` when given.
 * Throws what the library throws, or a FactoryError for a factory that refused its arguments.
 */
export function build(program: Program, position?: Position, junk?: unknown): App {
  const app = new App();
  const chart = new Chart(app, CHART);
  const constructs = new Map<string, Construct>();
  program.statements.forEach((statement, index) => {
    const hit = position !== undefined && position.statement === index;
    try {
      runStatement(statement, hit ? position : undefined, junk, chart, constructs);
    } catch (e) {
      throw new StatementError(index, e);
    }
  });
  return app;
}

/** What a statement of the program threw. */
export class StatementError extends Error {
  constructor(
    readonly statement: number,
    readonly cause: unknown,
  ) {
    super(`statement ${statement}: ${(cause as Error)?.message}`);
  }
}

function runStatement(statement: Statement, position: Position | undefined, junk: unknown, chart: Chart, constructs: Map<string, Construct>): void {
  const withJunk = (value: Tpl): Tpl => (position === undefined ? value : replaced(value, position.path, junk));
  if (statement.kind === 'construct') {
    const props = materialize(withJunk(statement.props), constructs);
    constructs.set(statement.id, CONSTRUCTORS[statement.make](chart, statement.id, props));
  } else {
    const arg = materialize(withJunk(statement.arg), constructs);
    const method = statement.method.split('#')[1];
    (constructs.get(statement.target) as any)[method](arg);
  }
}

// ---------------------------------------------------------------------------------------------
// The programs. Between them they use every constructor, factory and mutator with every optional
// prop set (props that exclude each other in different programs), valid for their API.

export interface Fixtures {
  readonly serverPem: { certificate: string; privateKey: string };
  readonly caPem: string;
  readonly certificateFile: string;
  readonly privateKeyFile: string;
  readonly caFile: string;
}

/**
 * The certificates the programs use: a fresh CA, a server certificate it signs for `hosts` (by
 * default those of the sweep's PEM sources, m.example.com and f.example.com), and both written to
 * files in a new temporary directory whose name starts with `tempPrefix`, for the file sources.
 */
export async function createFixtures(tempPrefix: string, hosts: readonly string[] = ['m.example.com', 'f.example.com']): Promise<Fixtures> {
  const ca = await createCa();
  const server = await createLeaf(ca, { hosts: [...hosts] });
  const dir = mkdtempSync(join(tmpdir(), tempPrefix));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  return {
    serverPem: server,
    caPem: ca.certificate,
    certificateFile: file('server.crt', server.certificate),
    privateKeyFile: file('server.key', server.privateKey),
    caFile: file('ca.crt', ca.certificate),
  };
}

const meta = (team: string): Tpl => ({ labels: { team }, annotations: { 'example.com/owner': team } });
const resources = (cpuRequest: number, cpuLimit: number, memoryRequest: number, memoryLimit: number): Tpl => ({
  cpu: { request: call('Cpu.millis', cpuRequest), limit: call('Cpu.units', cpuLimit) },
  memory: { request: call('Size.mebibytes', memoryRequest), limit: call('Size.mebibytes', memoryLimit) },
});

function ingressApi(api: Api, rich: boolean): Tpl {
  if (api === 'istio') return call('IngressApi.istio');
  if (api === 'gateway-api') {
    return call(
      'IngressApi.gatewayApi',
      rich
        ? { gatewayClassName: 'istio', allowedRoutes: call('AllowedRoutes.allNamespaces'), infrastructureLabels: { tier: 'edge' }, infrastructureAnnotations: { 'example.com/lb': 'internal' } }
        : { allowedRoutes: call('AllowedRoutes.fromNamespacesWithLabels', { 'kubernetes.io/metadata.name': 'apps' }) },
    );
  }
  return call(
    'IngressApi.kubernetesIngress',
    rich ? { ingressClassName: 'istio', createIngressClass: true, defaultClass: true, classAnnotation: false, ingressSelector: 'ingressgateway' } : { ingressClassName: 'legacy', classAnnotation: true, createIngressClass: false, defaultClass: false },
  );
}

/** Routes the API can express, with every option it supports. */
function routes(api: Api): Tpl[] {
  if (api === 'kubernetes-ingress') {
    return [
      { name: 'api', matches: [call('RouteMatch.pathPrefix', '/api'), call('RouteMatch.exactPath', '/exact'), call('RouteMatch.of', { path: call('PathMatch.prefix', '/v1') }), call('RouteMatch.of', { path: call('PathMatch.exact', '/v2') })] },
      { matches: [call('RouteMatch.pathPrefix', '/orders')], backends: [{ backend: call('Backend.fromServiceName', 'orders', { port: 8080, portName: 'http', appProtocol: 'http' }) }] },
    ];
  }
  const forwarding: Tpl = {
    name: 'api',
    matches: [
      call('RouteMatch.of', {
        path: call('PathMatch.prefix', '/api'),
        headers: { 'x-env': call('StringMatch.exact', 'prod'), 'x-id': call('StringMatch.regex', '[0-9]+') },
        queryParams: { v: call('StringMatch.exact', '2') },
        method: HttpMethod.GET,
      }),
      call('RouteMatch.pathPrefix', '/v1'),
      call('RouteMatch.exactPath', '/exact'),
      call('RouteMatch.pathRegex', '/r/[a-z]+'),
      call('RouteMatch.of', { path: call('PathMatch.exact', '/e') }),
      call('RouteMatch.of', { path: call('PathMatch.regex', '/x[0-9]') }),
    ],
    backends: [
      { backend: call('Backend.fromServiceName', 'orders', { namespace: 'apps', port: 8080, portName: 'http', appProtocol: 'http' }), weight: 90 },
      { backend: call('Backend.fromService', { name: 'catalog', metadata: { namespace: 'apps' }, ports: [{ port: 8080, name: 'http' }, { port: 9090, name: 'grpc' }] }, { port: 8080 }), weight: 10 },
    ],
    timeout: call('Duration.seconds', 10),
    rewrite: { hostname: 'internal.example.com', path: call('PathModifier.replaceFullPath', '/internal') },
    requestHeaders: { set: { 'x-a': '1' }, add: { 'x-b': '2' }, remove: ['x-c'] },
    responseHeaders: { set: { 'x-d': '3' }, add: { 'x-e': '4' }, remove: ['x-f'] },
    mirrors: [{ backend: call('Backend.fromServiceName', 'shadow', { port: 8080, portName: 'http' }), percentage: call('Percentage.of', 10) }],
    cors: {
      allowOrigins: ['https://app.example.com'],
      allowMethods: [HttpMethod.GET, HttpMethod.POST],
      allowHeaders: ['x-a'],
      exposeHeaders: ['x-b'],
      allowCredentials: true,
      maxAge: call('Duration.minutes', 10),
    },
  };
  const redirect: Tpl = {
    matches: [call('RouteMatch.pathPrefix', '/old')],
    redirect: {
      scheme: RedirectScheme.HTTPS,
      hostname: 'new.example.net',
      port: 8443,
      path: api === 'gateway-api' ? call('PathModifier.replacePrefixMatch', '/new') : call('PathModifier.replaceFullPath', '/new'),
      statusCode: 301,
    },
  };
  const rewritePrefix: Tpl = { matches: [call('RouteMatch.pathPrefix', '/rw')], rewrite: { path: call('PathModifier.replacePrefixMatch', '/') } };
  if (api === 'gateway-api') return [forwarding, redirect, rewritePrefix];
  return [
    { ...(forwarding as object), retries: { attempts: 2, perTryTimeout: call('Duration.seconds', 2), retryOn: [call('RetryOn.GATEWAY_ERROR'), call('RetryOn.CONNECT_FAILURE'), call('RetryOn.statusCode', 503)] } },
    redirect,
    rewritePrefix,
    { matches: [call('RouteMatch.exactPath', '/maintenance')], directResponse: { status: 503, body: 'down for maintenance' } },
    { matches: [call('RouteMatch.pathPrefix', '/fault')], fault: { delay: { fixedDelay: call('Duration.millis', 100), percentage: call('Percentage.of', 5) }, abort: { httpStatus: 503, percentage: call('Percentage.of', 0.5) } } },
  ];
}

/** The rich program: every construct, every optional prop, all TLS sources the API takes. */
function richProgram(api: Api, f: Fixtures): Program {
  const gatewayNamespace = 'edge';
  const proxy = call('GatewayProxy.bundled', {
    name: 'istio-ingressgateway',
    autoscaling: { minReplicas: 1, maxReplicas: 3, targetCpuUtilizationPercent: 70 },
    podDisruptionBudget: { minAvailable: 1 },
    resources: resources(100, 1, 128, 512),
    podLabels: { team: 'web' },
    serviceAnnotations: { 'example.com/lb': 'internal' },
    loadBalancerSourceRanges: ['203.0.113.0/24'],
    revision: 'canary',
    networkPolicy: { sourceCidrs: ['10.0.0.0/8'], egress: call('ProxyEgress.clusterAndCidrs', ['192.0.2.0/24']) },
  });
  const hosts = api === 'kubernetes-ingress' ? ['a.example.com', 'c.example.com', 'w.example.com'] : ['a.example.com', 'm.example.com', 'f.example.com', 'c.example.com', 'p.example.com', 'w.example.com', '*.b.example.com'];
  const gateway: Statement = {
    kind: 'construct',
    make: 'new IngressGateway',
    id: 'gw',
    props: {
      name: 'edge',
      namespace: gatewayNamespace,
      createNamespace: true,
      namespaceLabels: { team: 'web' },
      api: ingressApi(api, true),
      proxy,
      serviceType: 'LoadBalancer',
      loadBalancerAvailable: true,
      ...(api === 'istio' ? { selector: { istio: 'ingressgateway' } } : {}),
      hosts,
      clusterDomain: 'cluster.local',
      metadata: meta('web'),
      labels: { tier: 'edge' },
      annotations: { 'example.com/note': 'x' },
    },
  };
  const httpbin: Statement = {
    kind: 'construct',
    make: 'new HttpbinApp',
    id: 'httpbin',
    props: {
      name: 'httpbin',
      namespace: 'apps',
      createNamespace: true,
      image: 'docker.io/mccutchen/go-httpbin:v2.15.0',
      replicas: 2,
      version: 'v1',
      sidecarInjection: false,
      resources: resources(10, 1, 32, 128),
      allowIngressFrom: [ref('gw')],
      metadata: meta('apps'),
    },
  };
  const service: Statement = {
    kind: 'construct',
    make: 'new ExposedService',
    id: 'web',
    props: { gateway: ref('gw'), backend: ref('httpbin'), hosts: hosts.filter((h) => h !== 'w.example.com' && h !== 'p.example.com'), name: 'web', namespace: 'apps', port: 80, metadata: meta('apps'), routes: routes(api) },
  };
  const statements: Statement[] = [
    gateway,
    httpbin,
    service,
    { kind: 'mutate', target: 'web', method: 'ExposedService#addRoute', arg: { matches: [call('RouteMatch.pathPrefix', '/added')] } },
    { kind: 'mutate', target: 'web', method: 'ExposedService#addHost', arg: 'w.example.com' },
    { kind: 'mutate', target: 'httpbin', method: 'HttpbinApp#allowIngressFrom', arg: ref('gw') },
  ];
  const tls = (id: string, props: Record<string, Tpl>): Statement => ({ kind: 'construct', make: 'new TlsIngress', id, props: { gateway: ref('gw'), ...props } });
  const simple: Record<string, Tpl> = {
    hosts: ['a.example.com'],
    mode: TlsMode.SIMPLE,
    certificate: call('CertificateSource.fromSecretName', 'a-cert', { namespace: gatewayNamespace }),
    port: 443,
    name: 'a-tls',
    namespace: gatewayNamespace,
    metadata: meta('web'),
  };
  if (api === 'istio') {
    statements.push(
      tls('a-tls', { ...simple, httpsRedirect: true, minProtocolVersion: TlsVersion.TLS_1_3, cipherSuites: ['ECDHE-RSA-AES128-GCM-SHA256', 'AES128-SHA'], allowInsecureCipherSuites: true, routesAttachedElsewhere: false }),
      tls('m-tls', { hosts: ['m.example.com'], mode: TlsMode.MUTUAL, certificate: call('CertificateSource.fromPem', { certificate: f.serverPem.certificate, privateKey: f.serverPem.privateKey, secretName: 'm-cert' }), clientCa: call('ClientCertificateAuthority.fromPem', f.caPem), port: 8443, httpsRedirect: false }),
      tls('f-tls', { hosts: ['f.example.com'], mode: TlsMode.OPTIONAL_MUTUAL, certificate: call('CertificateSource.fromPemFiles', { certificateFile: f.certificateFile, privateKeyFile: f.privateKeyFile, secretName: 'f-cert' }), clientCa: call('ClientCertificateAuthority.fromPemFile', f.caFile), port: 9443, httpsRedirect: false }),
      tls('c-tls', { hosts: ['c.example.com'], mode: TlsMode.MUTUAL, certificate: call('CertificateSource.fromCertManager', { issuer: call('CertManagerIssuer.clusterIssuer', 'letsencrypt'), secretName: 'c-cert', duration: call('Duration.days', 90), renewBefore: call('Duration.days', 30) }), clientCa: call('ClientCertificateAuthority.fromCertificateSecret'), port: 10443, httpsRedirect: false }),
      tls('s-tls', { hosts: ['*.b.example.com'], mode: TlsMode.MUTUAL, certificate: call('CertificateSource.fromCertManager', { issuer: call('CertManagerIssuer.issuer', 'internal-ca') }), clientCa: call('ClientCertificateAuthority.fromSecretName', 'client-ca', { namespace: gatewayNamespace }), port: 11443, httpsRedirect: false }),
      tls('p-tls', { hosts: ['p.example.com'], mode: TlsMode.PASSTHROUGH, backend: call('Backend.fromServiceName', 'secure', { namespace: 'apps', port: 443, portName: 'https' }), httpsRedirect: false, port: 12443, namespace: 'apps' }),
    );
  } else if (api === 'gateway-api') {
    statements.push(
      tls('a-tls', { ...simple, certificate: call('CertificateSource.fromSecretName', 'a-cert', { namespace: 'certs' }), httpsRedirect: true, routesAttachedElsewhere: false }),
      tls('m-tls', { hosts: ['m.example.com'], mode: TlsMode.MUTUAL, certificate: call('CertificateSource.fromPem', { certificate: f.serverPem.certificate, privateKey: f.serverPem.privateKey, secretName: 'm-cert' }), clientCa: call('ClientCertificateAuthority.fromPem', f.caPem), port: 8443, httpsRedirect: false }),
      tls('f-tls', { hosts: ['f.example.com'], mode: TlsMode.OPTIONAL_MUTUAL, certificate: call('CertificateSource.fromPemFiles', { certificateFile: f.certificateFile, privateKeyFile: f.privateKeyFile }), clientCa: call('ClientCertificateAuthority.fromPemFile', f.caFile), port: 9443, httpsRedirect: false }),
      tls('c-tls', { hosts: ['c.example.com'], certificate: call('CertificateSource.fromCertManager', { issuer: call('CertManagerIssuer.selfSigned'), secretName: 'c-cert', duration: call('Duration.days', 90), renewBefore: call('Duration.days', 30) }), port: 10443, httpsRedirect: false }),
      tls('s-tls', { hosts: ['*.b.example.com'], mode: TlsMode.MUTUAL, certificate: call('CertificateSource.fromCertManager', { issuer: call('CertManagerIssuer.issuer', 'internal-ca') }), clientCa: call('ClientCertificateAuthority.fromConfigMapName', 'client-ca', { namespace: gatewayNamespace }), port: 11443, httpsRedirect: false }),
      tls('p-tls', { hosts: ['p.example.com'], mode: TlsMode.PASSTHROUGH, backend: call('Backend.fromServiceName', 'secure', { namespace: 'apps', port: 443, portName: 'https' }), httpsRedirect: false, port: 12443, namespace: 'apps' }),
    );
  } else {
    statements.push(
      tls('a-tls', { ...simple, httpsRedirect: false }),
      tls('c-tls', { hosts: ['c.example.com'], certificate: call('CertificateSource.fromCertManager', { issuer: call('CertManagerIssuer.clusterIssuer', 'letsencrypt'), secretName: 'c-cert' }) }),
    );
  }
  return { name: `${api} rich`, api, statements };
}

/** The other proxy choices and API options: a fixed replica count, NodePort, an existing or automated proxy. */
function variantPrograms(api: Api): Program[] {
  const fixed: Statement = {
    kind: 'construct',
    make: 'new IngressGateway',
    id: 'gw',
    props: {
      api: ingressApi(api, false),
      namespace: 'apps',
      createNamespace: false,
      serviceType: 'NodePort',
      loadBalancerAvailable: false,
      proxy: call('GatewayProxy.bundled', { replicas: 2, podDisruptionBudget: { maxUnavailable: 1 }, networkPolicy: { egress: call('ProxyEgress.clusterOnly') } }),
    },
  };
  const service = (gateway: string, backend: Tpl): Statement => ({ kind: 'construct', make: 'new ExposedService', id: 'web', props: { gateway: ref(gateway), backend, hosts: ['a.example.com'], namespace: 'apps' } });
  const orders = call('Backend.fromServiceName', 'orders', { port: 8080, portName: 'http' });
  const programs: Program[] = [{ name: `${api} fixed replicas`, api, statements: [fixed, service('gw', orders)] }];
  const existing: Statement = {
    kind: 'construct',
    make: 'new IngressGateway',
    id: 'gw',
    props: {
      api: api === 'gateway-api' ? call('IngressApi.gatewayApi') : api === 'istio' ? call('IngressApi.istio') : call('IngressApi.kubernetesIngress'),
      namespace: 'istio-system',
      createNamespace: false,
      proxy: call('GatewayProxy.existing', { selector: { istio: 'ingressgateway' }, namespace: 'istio-system', serviceName: 'istio-ingressgateway' }),
    },
  };
  programs.push({
    name: `${api} existing proxy`,
    api,
    statements: [existing, { kind: 'construct', make: 'new ExposedService', id: 'web', props: { gateway: ref('gw'), backend: orders, hosts: ['a.example.com'], namespace: 'istio-system' } }],
  });
  if (api === 'gateway-api') {
    programs.push({
      name: 'gateway-api automated proxy',
      api,
      statements: [
        { kind: 'construct', make: 'new IngressGateway', id: 'gw', props: { api: call('IngressApi.gatewayApi', { allowedRoutes: call('AllowedRoutes.sameNamespace') }), namespace: 'apps', proxy: call('GatewayProxy.automated'), serviceType: 'ClusterIP' } },
        { kind: 'construct', make: 'new ExposedService', id: 'web', props: { gateway: ref('gw'), backend: orders, hosts: ['a.example.com'], namespace: 'apps' } },
      ],
    });
  }
  return programs;
}

/** A gateway another team runs, routes and TLS attached to it. */
function importedProgram(api: Api): Program {
  const listener = (name: string, port: number, protocol: string, hostname: string): Tpl => ({
    name,
    port,
    protocol,
    hostname,
    ...(api === 'gateway-api' ? { allowedRoutes: call('AllowedRoutes.fromNamespacesWithLabels', { 'kubernetes.io/metadata.name': 'apps' }) } : {}),
  });
  const options: Tpl = {
    name: 'shared',
    namespace: 'platform',
    api: api === 'istio' ? call('IngressApi.istio') : api === 'gateway-api' ? call('IngressApi.gatewayApi') : call('IngressApi.kubernetesIngress', { ingressClassName: 'istio', createIngressClass: false }),
    proxyNamespace: 'platform',
    proxySelector: { istio: 'ingressgateway' },
    ...(api === 'gateway-api' ? { sectionName: 'https' } : {}),
    listeners: [listener('http', 80, 'HTTP', '*.example.com'), listener('https', 443, 'HTTPS', '*.example.com')],
    clusterDomain: 'cluster.local',
  };
  return {
    name: `${api} imported gateway`,
    api,
    statements: [
      { kind: 'construct', make: 'IngressGateway.fromGatewayName', id: 'shared', props: options },
      { kind: 'construct', make: 'new ExposedService', id: 'web', props: { gateway: ref('shared'), backend: call('Backend.fromServiceName', 'orders', { port: 8080, portName: 'http' }), hosts: ['a.example.com'], namespace: 'apps' } },
      {
        kind: 'construct',
        make: 'new TlsIngress',
        id: 'a-tls',
        props: { gateway: ref('shared'), hosts: ['a.example.com'], certificate: call('CertificateSource.fromSecretName', 'a-cert', { namespace: 'platform' }), httpsRedirect: false },
      },
    ],
  };
}

/** The operator install (the same for every API). */
function operatorProgram(): Program {
  return {
    name: 'operator',
    statements: [
      {
        kind: 'construct',
        make: 'new IngressOperator',
        id: 'operator',
        props: {
          image: 'registry.example.com/cdk8s-istio-ingress@sha256:' + 'a'.repeat(64),
          namespace: 'cdk8s-istio-ingress',
          createNamespace: true,
          replicas: 2,
          resources: resources(100, 1, 128, 512),
          gatewayApi: true,
          certManager: true,
          resyncPeriod: call('Duration.minutes', 5),
          hookTimeout: call('Duration.seconds', 10),
          metacontrollerNamespace: 'metacontroller',
          metacontrollerPodLabels: { 'app.kubernetes.io/name': 'metacontroller' },
          metadata: meta('platform'),
        },
      },
    ],
  };
}

/** Every program of the sweep. */
export function programs(fixtures: Fixtures): Program[] {
  return [...APIS.flatMap((api) => [richProgram(api, fixtures), ...variantPrograms(api), importedProgram(api)]), operatorProgram()];
}

// ---------------------------------------------------------------------------------------------
// Junk.

export interface Junk {
  readonly name: string;
  /** The value for a position holding `valid`, of `kind`, in the program as written. */
  readonly value: (kind: ValueKind, valid: unknown) => unknown;
}

/** A 5,000-character string no message may echo whole. */
export const LONG = `long-${'x'.repeat(4990)}-tail`;

export const JUNK: readonly Junk[] = [
  { name: 'undefined', value: () => undefined },
  { name: 'null', value: () => null },
  { name: 'NaN', value: () => NaN },
  { name: '+Infinity', value: () => Infinity },
  { name: '-Infinity', value: () => -Infinity },
  { name: 'BigInt', value: () => BigInt(80) },
  { name: 'empty string', value: () => '' },
  { name: '5,000 characters', value: () => LONG },
  // After a valid string, so that they reach the checks past its first character (a path's "/").
  { name: 'control characters', value: (_kind, valid) => `${typeof valid === 'string' ? valid : 'a'}\nb\u0000c\u001b` },
  { name: 'non-ASCII', value: (_kind, valid) => `${typeof valid === 'string' ? valid : ''}grüße-✓` },
  {
    name: 'wrong type',
    value: (kind) => {
      switch (kind) {
        case 'string':
          return 42;
        case 'number':
          return '80';
        case 'boolean':
          return 'false';
        default:
          // A string where an object, a list, an instance or a construct belongs.
          return 'abc';
      }
    },
  },
  { name: 'object', value: () => ({ a: 1 }) },
  // A list where an object belongs: typeof says 'object' too.
  { name: 'list', value: () => [] },
  // Numbers that are finite but out of every range a count, port, weight or percentage has.
  { name: 'negative', value: () => -1 },
  { name: 'fraction', value: () => 0.5 },
  // One past int32, the type of most counts and ports in Kubernetes objects.
  { name: '2^31', value: () => 2 ** 31 },
  { name: 'blank', value: () => '   ' },
  { name: 'true', value: () => true },
  // Only JavaScript callers can pass one; a template literal of it throws a TypeError.
  { name: 'Symbol', value: () => Symbol('junk') },
];

/** The junk JSON and YAML input can carry: all but the BigInt and the Symbol. */
export const JSON_JUNK: readonly Junk[] = JUNK.filter((junk) => junk.name !== 'BigInt' && junk.name !== 'Symbol');

/** Whether a message is what a refusal may be: at most `max` characters, never echoing the 5,000-character value. */
export function isShortMessage(message: unknown, max = 1200): boolean {
  return typeof message === 'string' && message.length <= max && !message.includes('x'.repeat(80));
}

// ---------------------------------------------------------------------------------------------
// Sweeps of plain JSON input (a gateway model, a custom resource): every position of the value.

/** A step into a JSON value: an object key or an array index. */
export type JsonPath = readonly (string | number)[];

/** What a JSON value holds, which decides the "wrong type" junk (null and undefined count as absent). */
export function jsonKindOf(value: unknown): ValueKind {
  if (Array.isArray(value)) return 'array';
  if (value === null || value === undefined) return 'absent';
  return typeof value as ValueKind;
}

/** Every position of a JSON value, the value itself (path `at`) first, then depth first in key order, with the value there. */
export function jsonPaths(value: unknown, at: (string | number)[] = []): { path: (string | number)[]; value: unknown }[] {
  const result = [{ path: at, value }];
  if (Array.isArray(value)) value.forEach((item, i) => result.push(...jsonPaths(item, [...at, i])));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) result.push(...jsonPaths(item, [...at, key]));
  return result;
}

/** A copy of the JSON value with `junk` at `path` (the value itself for an empty path); the value given is not changed. */
export function jsonWithJunk(value: unknown, path: JsonPath, junk: unknown): unknown {
  if (path.length === 0) return junk;
  const [step, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, i) => (i === step ? jsonWithJunk(item, rest, junk) : item));
  const object = value as Record<string, unknown>;
  return { ...object, [step]: jsonWithJunk(object[step as string], rest, junk) };
}
