import { IConstruct } from 'constructs';
import { invalid, show, ValidationError } from '../errors';
import { checkDns1035Label, checkDnsLabel, checkLabelKey, checkPort, checkPortName } from '../checks/names';
import { isOptionsObject, propNames, unknownKey } from './props';

/** The Service port a route sends traffic to. */
export interface BackendService {
  /** Name of the Service. */
  readonly serviceName: string;
  /**
   * Namespace of the Service.
   * @default - the namespace of the route
   */
  readonly namespace?: string;
  /**
   * Service port number. Required by the Istio API and the Gateway API.
   * @default - none: only `portName` is known (Kubernetes Ingress only)
   */
  readonly port?: number;
  /**
   * Service port name.
   * @default - unknown
   */
  readonly portName?: string;
  /**
   * The port's `appProtocol`.
   * @default - unknown
   */
  readonly appProtocol?: string;
  /**
   * Whether the port's name and appProtocol above are known from the Service
   * definition itself (so an unnamed port really is unnamed), rather than
   * being whatever the caller chose to tell.
   * @default false
   */
  readonly definitionKnown?: boolean;
}

/** Anything a route can send traffic to: a Backend, or a construct of this library such as HttpbinApp. */
export interface IBackend {
  /** The Service port traffic goes to. */
  readonly backendService: BackendService;
}

/** Options for a backend given by Service name. */
export interface ServiceNameBackendOptions {
  /**
   * Namespace of the Service.
   * @default - the namespace of the route
   */
  readonly namespace?: string;
  /**
   * Service port number. Required by the Istio API and the Gateway API.
   * @default - none; then `portName` is required (Kubernetes Ingress only)
   */
  readonly port?: number;
  /**
   * Service port name. Istio detects the protocol from it (`http`,
   * `http-<suffix>`, `grpc`, ...) unless `appProtocol` is set.
   * @default - not declared
   */
  readonly portName?: string;
  /**
   * The port's `appProtocol`, if the Service declares one.
   * @default - not declared
   */
  readonly appProtocol?: string;
}

/** A port of a Service, as cdk8s-plus describes it (`ServicePort`). */
export interface ServiceLikePort {
  /** The Service port number. */
  readonly port: number;
  /**
   * The port's name; Istio detects the protocol from it.
   * @default - unnamed
   */
  readonly name?: string;
}

/** The namespace of a Service, as cdk8s describes it (`ApiObjectMetadataDefinition`). */
export interface IServiceMetadataLike {
  /**
   * Namespace of the Service.
   * @default - the namespace of the route
   */
  readonly namespace?: string;
}

/**
 * What `Backend.fromService()` reads from a Service: its name, namespace and
 * ports. The `Service` of every cdk8s-plus line (cdk8s-plus-28 to
 * cdk8s-plus-33 are tested) fits, without depending on the line this library
 * was built with, and so does any object of this shape.
 */
export interface IServiceLike {
  /** Name of the Service. */
  readonly name: string;
  /** Its metadata; only the namespace is read. */
  readonly metadata: IServiceMetadataLike;
  /** Its ports. */
  readonly ports: ServiceLikePort[];
}

/** Options for a backend given by a cdk8s-plus Service. */
export interface ServiceBackendOptions {
  /**
   * Which of the Service's ports to use.
   * @default - the Service's only port (required when it has several)
   */
  readonly port?: number;
}

const SERVICE_NAME_BACKEND_OPTIONS = propNames<ServiceNameBackendOptions>({ namespace: true, port: true, portName: true, appProtocol: true });
const SERVICE_BACKEND_OPTIONS = propNames<ServiceBackendOptions>({ port: true });

/**
 * A Service to route to: an existing one by name, or a cdk8s-plus Service.
 * (Constructs of this library, such as HttpbinApp, are backends themselves.)
 */
export class Backend implements IBackend {
  /** A Service that exists in the cluster (or elsewhere in the app) by name. */
  public static fromServiceName(serviceName: string, options: ServiceNameBackendOptions = {}): Backend {
    factoryOptions('Backend.fromServiceName', options, 'ServiceNameBackendOptions ({ port, portName, namespace, appProtocol })', SERVICE_NAME_BACKEND_OPTIONS);
    const { namespace, port, portName, appProtocol } = options;
    return new Backend({ serviceName, namespace, port, portName, appProtocol, definitionKnown: false });
  }

  /** A Service of any cdk8s-plus line (or of that shape); its port name is read from the Service definition. */
  public static fromService(service: IServiceLike, options: ServiceBackendOptions = {}): Backend {
    const ports = serviceLikePorts(service);
    factoryOptions('Backend.fromService', options, 'ServiceBackendOptions ({ port })', SERVICE_BACKEND_OPTIONS);
    const port = options.port === undefined ? (ports.length === 1 ? ports[0] : undefined) : ports.find((p) => p.port === options.port);
    return new Backend({
      serviceName: service.name,
      namespace: service.metadata.namespace,
      port: port?.port ?? options.port,
      portName: port?.name,
      definitionKnown: port !== undefined,
    });
  }

  private constructor(public readonly backendService: BackendService) {}
}

/** The ports of a Service-like value; a ValidationError (named by the Service's construct path when it has one) when it has no name or ports. */
function serviceLikePorts(service: IServiceLike): ServiceLikePort[] {
  const value = service as any;
  const isObject = value !== null && typeof value === 'object';
  const ports = isObject ? value.ports : undefined;
  const name = typeof value?.name === 'string' && value.name.length <= 80 ? value.name : show(value?.name);
  let problem: string | undefined;
  if (!isObject) problem = `got ${show(value)}`;
  else if (typeof value.name !== 'string') problem = 'it has no name';
  else if (!isOptionsObject(value.metadata)) problem = `Service ${name} has no metadata`;
  else if (!Array.isArray(ports)) problem = `Service ${name} has no ports`;
  else if (!ports.every((p: any) => typeof p?.port === 'number')) problem = `Service ${name} has a port without a port number`;
  else if (!ports.every((p: any) => checkPort(p.port) === undefined)) problem = `Service ${name} has a port number that is not an integer from 1 to 65535`;
  else if (!ports.every((p: any) => p.name === undefined || typeof p.name === 'string')) problem = `Service ${name} has a port whose name is not a string`;
  if (problem === undefined) return ports;
  const path = isObject && typeof value.node?.path === 'string' ? value.node.path : 'Backend.fromService';
  throw new ValidationError(path, 'service', `expected a Service with a name and ports (a cdk8s-plus Service, or { name, metadata: { namespace }, ports: [{ port, name }] }): ${problem}`);
}

/** Options of a Backend factory, which has no construct to name yet: a ValidationError named after the factory. */
function factoryOptions(factory: string, options: unknown, type: string, known: readonly string[]): void {
  if (options === undefined) return;
  if (!isOptionsObject(options)) throw new ValidationError(factory, 'options', `expected ${type}, an object, received ${show(options)}`);
  const problem = unknownKey('options', options, known);
  if (problem) throw new ValidationError(factory, problem.field, problem.message);
}

/** HTTP-family protocols Istio recognises from a port name prefix or appProtocol. */
const HTTP_PROTOCOLS = ['http', 'http2', 'grpc', 'grpc-web', 'h2c'];
const OTHER_PROTOCOLS = ['https', 'tls', 'tcp', 'udp', 'mongo', 'mysql', 'redis'];
/** Longest first, so that `grpc-web-x` is grpc-web, not grpc. Sorted once: every backend of every route asks. */
const PROTOCOLS_BY_LENGTH = [...HTTP_PROTOCOLS, ...OTHER_PROTOCOLS].sort((a, b) => b.length - a.length);

/** The protocol Istio would assign to a Service port with this name and appProtocol, if any. */
export function detectedProtocol(portName?: string, appProtocol?: string): string | undefined {
  if (appProtocol) return appProtocol.replace(/^kubernetes\.io\//, '').toLowerCase();
  if (!portName) return undefined;
  const lower = portName.toLowerCase();
  return PROTOCOLS_BY_LENGTH.find((p) => lower === p || lower.startsWith(`${p}-`));
}

/** How a backend will be used. */
export interface BackendUse {
  /**
   * TLS passthrough: the backend terminates TLS itself.
   * @default false
   */
  readonly tls?: boolean;
}

/**
 * Validates a backend and returns it with its namespace resolved. For HTTP
 * routes it catches the port-naming mistake Istio punishes silently: a port
 * whose protocol Istio cannot tell (unnamed, or named outside the
 * `<protocol>[-<suffix>]` convention, without appProtocol) or that is declared
 * as a non-HTTP protocol. For TLS passthrough, a port declared as plain HTTP.
 */
export function resolveBackend(
  scope: IConstruct,
  field: string,
  backend: IBackend,
  routeNamespace: string,
  use: BackendUse = {},
): Required<Pick<BackendService, 'serviceName' | 'namespace'>> & BackendService {
  const service = backend?.backendService;
  if (!service || typeof service !== 'object') {
    invalid(scope, field, 'expected a backend: Backend.fromServiceName(), Backend.fromService() or a construct such as HttpbinApp');
  }
  const nameProblem = checkDns1035Label(service.serviceName);
  if (nameProblem) invalid(scope, `${field}.serviceName`, `${show(service.serviceName)} ${nameProblem}`);
  const namespace = service.namespace ?? routeNamespace;
  const nsProblem = checkDnsLabel(namespace);
  if (nsProblem) invalid(scope, `${field}.namespace`, `${show(namespace)} ${nsProblem}`);
  if (service.port !== undefined) {
    const portProblem = checkPort(service.port);
    if (portProblem) invalid(scope, `${field}.port`, `${show(service.port)} ${portProblem}`);
  }
  if (service.portName !== undefined) {
    const portNameProblem = checkPortName(service.portName);
    if (portNameProblem) invalid(scope, `${field}.portName`, `${show(service.portName)} ${portNameProblem}`);
  }
  if (service.appProtocol !== undefined) {
    // Kubernetes validates a Service port's appProtocol as a qualified name (`http`, `kubernetes.io/h2c`).
    const problem = checkLabelKey(service.appProtocol);
    if (problem) invalid(scope, `${field}.appProtocol`, `${show(service.appProtocol)} is not an appProtocol: it ${problem} (e.g. "http", "kubernetes.io/h2c")`);
  }
  if (service.port === undefined && service.portName === undefined) {
    invalid(scope, field, `no port given for Service ${namespace}/${service.serviceName}: set the Service port number`);
  }
  const protocol = detectedProtocol(service.portName, service.appProtocol);
  const port = `port ${service.port ?? service.portName} of Service ${namespace}/${service.serviceName}`;
  if (use.tls) {
    if (service.port === undefined) invalid(scope, `${field}.port`, `give the port number of Service ${namespace}/${service.serviceName} that terminates TLS`);
    if (protocol !== undefined && HTTP_PROTOCOLS.includes(protocol)) {
      invalid(scope, field, `${port} is declared as ${protocol.toUpperCase()}, but passthrough sends it TLS connections; route to the port where the backend terminates TLS (e.g. 443 named "https")`);
    }
    return withNamespace(service, namespace);
  }
  if (protocol === undefined && (service.definitionKnown || service.portName !== undefined)) {
    invalid(
      scope,
      field,
      `${port} has ${service.portName ? `the name ${show(service.portName)}, which does not follow Istio's <protocol>[-<suffix>] convention,` : 'no name'} and no appProtocol, ` +
        'so Istio cannot tell it carries HTTP; name the port "http" (or "http-<suffix>", "http2", "grpc") or set appProtocol: http',
    );
  }
  if (protocol !== undefined && !HTTP_PROTOCOLS.includes(protocol)) {
    invalid(
      scope,
      field,
      `${port} is declared as ${protocol.toUpperCase()}, but an HTTP route sends plain HTTP to it; ` +
        'route to an HTTP port (name "http..." or appProtocol http), or use TLS passthrough for backends that terminate TLS themselves',
    );
  }
  return withNamespace(service, namespace);
}

/**
 * The backend with its namespace settled. Spelled out field by field: one
 * exactly-sized object per backend, which every route's backend goes through
 * (see src/model/objects.ts on why not a spread).
 */
function withNamespace(service: BackendService, namespace: string): Required<Pick<BackendService, 'serviceName' | 'namespace'>> & BackendService {
  return { serviceName: service.serviceName, namespace, port: service.port, portName: service.portName, appProtocol: service.appProtocol, definitionKnown: service.definitionKnown };
}
