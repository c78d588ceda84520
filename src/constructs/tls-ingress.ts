import { Construct } from 'constructs';
import { invalid, show } from '../errors';
import { API_TRAITS } from '../model/apis';
import { API_NAMES, Feature, unsupported } from '../model/capabilities';
import { BackendRefModel, CredentialModel, CredentialRefModel, IngressApiKind, ListenerTlsModel, MetadataModel, TlsMode, TlsSourceModel, TlsVersion } from '../model/types';
import { IBackend, resolveBackend } from '../values/backend';
import { bindCertificate, CertificateSource, ClientCertificateAuthority, CredentialRules, resolveClientCa } from '../values/certificate';
import { checkListenerPort } from '../values/gateway-proxy';
import { metadataToModel, ObjectMetadata } from '../values/metadata';
import { booleanProp, checkHosts, checkKnownKeys, checkNamespace, objectName, propNames } from '../values/props';
import { IIngressGateway, isGateway } from './gateway-reference';
import { IngressGateway } from './ingress-gateway';
import { IngressRegistry } from './registry';
import { TlsSource } from './sources';

/** Props of a TlsIngress. */
export interface TlsIngressProps {
  /** The gateway to serve TLS on. */
  readonly gateway: IIngressGateway;
  /**
   * Hosts (SNI names) this TLS configuration is for. Several hosts share the
   * certificate; for a certificate per host, use one TlsIngress per host.
   */
  readonly hosts: string[];
  /**
   * How TLS is handled.
   * @default TlsMode.SIMPLE
   */
  readonly mode?: TlsMode;
  /**
   * The server certificate. Required unless the mode is PASSTHROUGH.
   * @default - none
   */
  readonly certificate?: CertificateSource;
  /**
   * The CA that signs accepted client certificates. Required for MUTUAL and OPTIONAL_MUTUAL.
   * @default - none
   */
  readonly clientCa?: ClientCertificateAuthority;
  /**
   * PASSTHROUGH only: the Service port that receives the TLS connections and terminates TLS itself.
   * @default - none
   */
  readonly backend?: IBackend;
  /**
   * Whether plain HTTP on port 80 for these hosts is answered with a 301 to HTTPS.
   * @default - true, except with Kubernetes Ingress, which cannot redirect, and with a gateway another team runs, whose owner decides
   */
  readonly httpsRedirect?: boolean;
  /**
   * Whether the routes for these hosts come from other programs: a platform
   * team's chart holding the gateway and its certificates while app teams
   * attach their ExposedServices to it (`IngressGateway.fromGatewayName()`).
   * Then no route of this program needs to serve the hosts.
   * @default false - every host must be served by a route of this program (else HTTPS for it answers 404), unless the program attaches no route to the gateway at all
   */
  readonly routesAttachedElsewhere?: boolean;
  /**
   * The oldest TLS version clients may use.
   * @default TlsVersion.TLS_1_2
   */
  readonly minProtocolVersion?: TlsVersion;
  /**
   * The cipher suites allowed for TLS 1.2 (TLS 1.3 suites are not configurable in Envoy).
   * @default - Envoy's defaults, which are all ECDHE with AEAD ciphers
   */
  readonly cipherSuites?: string[];
  /**
   * Allow cipher suites without forward secrecy or with CBC ciphers in `cipherSuites`.
   * @default false
   */
  readonly allowInsecureCipherSuites?: boolean;
  /**
   * The port TLS is served on.
   * @default 443
   */
  readonly port?: number;
  /**
   * Name of the objects created (passthrough and redirect routes), and the
   * prefix of generated credentials (`<name>-credential`).
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Namespace of the passthrough or redirect route objects.
   * @default - the backend's namespace for passthrough, else the gateway's namespace
   */
  readonly namespace?: string;
  /**
   * Labels and annotations of every object the TLS configuration emits
   * (generated Secrets, ConfigMaps and Certificates, routes, grants).
   * @default - none
   */
  readonly metadata?: ObjectMetadata;
}

/** The props a JavaScript or YAML caller may give (checked at compile time to be exactly those of TlsIngressProps). */
const TLS_INGRESS_PROPS = propNames<TlsIngressProps>({ gateway: true, hosts: true, mode: true, certificate: true, clientCa: true, backend: true, httpsRedirect: true, routesAttachedElsewhere: true, minProtocolVersion: true, cipherSuites: true, allowInsecureCipherSuites: true, port: true, name: true, namespace: true, metadata: true });

/** TLS 1.2 cipher suites with forward secrecy and AEAD: what Envoy allows by default. */
const SECURE_CIPHER_SUITES = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
];
/** Suites Envoy still accepts that lack forward secrecy or use CBC. */
const INSECURE_CIPHER_SUITES = [
  'ECDHE-ECDSA-AES128-SHA',
  'ECDHE-RSA-AES128-SHA',
  'ECDHE-ECDSA-AES256-SHA',
  'ECDHE-RSA-AES256-SHA',
  'AES128-GCM-SHA256',
  'AES256-GCM-SHA384',
  'AES128-SHA',
  'AES256-SHA',
];

const PLAIN_HTTP_PORT = 80;

/**
 * HTTPS for one or more hosts on a gateway: TLS termination with a server
 * certificate (simple or mutual), or passthrough by SNI to a backend, with
 * the HTTP-to-HTTPS redirect, in the gateway's API. HTTP routes for the hosts
 * come from ExposedServices and are served over HTTPS as well.
 *
 * On a gateway another team runs (`IngressGateway.fromGatewayName()`), its
 * listeners and their certificate references belong to that team: a
 * TlsIngress then provides the certificate (the Secret or cert-manager
 * Certificate, in the namespace the gateway reads it from, and the
 * ReferenceGrant a Gateway API Gateway needs) and passthrough routes.
 */
export class TlsIngress extends Construct implements TlsSource {
  public readonly name: string;
  public readonly namespace: string;
  public readonly gateway: IIngressGateway;
  /**
   * The TLS settings as plain data (a type of the `cdk8s-istio-ingress/model` subpath).
   * TypeScript and JavaScript only: the route model is outside the jsii API.
   * @jsii ignore
   */
  public readonly settings: ListenerTlsModel;
  /** @internal A TlsIngress does not change after construction. */
  public readonly _revision = 0;

  private readonly hosts: string[];
  private readonly port: number;
  private readonly redirectFromPort?: number;
  private readonly backends?: BackendRefModel[];
  private readonly credentials: CredentialModel[] = [];
  private readonly metadataModel?: MetadataModel;
  private readonly routesAttachedElsewhere: boolean;

  constructor(scope: Construct, id: string, props: TlsIngressProps) {
    super(scope, id);
    if (!props || typeof props !== 'object') invalid(this, 'props', 'expected TlsIngressProps with gateway and hosts');
    checkKnownKeys(this, '', props, TLS_INGRESS_PROPS);
    if (!isGateway(props.gateway)) invalid(this, 'gateway', 'expected an IngressGateway, or a gateway from IngressGateway.fromGatewayName()');
    this.gateway = props.gateway;
    const api = this.gateway.api.kind;
    const traits = API_TRAITS[api];
    const managed = this.gateway instanceof IngressGateway;

    this.name = objectName(this, props.name);
    this.hosts = checkHosts(this, 'hosts', props.hosts);
    this.port = checkListenerPort(this, 'port', props.port ?? 443);
    if (this.port === PLAIN_HTTP_PORT) invalid(this, 'port', `${PLAIN_HTTP_PORT} carries plain HTTP on this gateway; serve TLS on another port, such as 443`);
    this.metadataModel = metadataToModel(this, 'metadata', props.metadata);
    this.routesAttachedElsewhere = booleanProp(this, 'routesAttachedElsewhere', props.routesAttachedElsewhere, false);

    const mode = props.mode ?? TlsMode.SIMPLE;
    if (!Object.values(TlsMode).includes(mode)) invalid(this, 'mode', `${show(mode)} is not a TLS mode; allowed: ${Object.values(TlsMode).join(', ')}`);
    const modeFeature = {
      [TlsMode.SIMPLE]: Feature.TLS_TERMINATION,
      [TlsMode.MUTUAL]: Feature.TLS_MUTUAL,
      [TlsMode.OPTIONAL_MUTUAL]: Feature.TLS_OPTIONAL_MUTUAL,
      [TlsMode.PASSTHROUGH]: Feature.TLS_PASSTHROUGH,
    }[mode];
    this.requireFeature(api, modeFeature, 'mode');

    const redirectByDefault = managed && unsupported(api, Feature.HTTPS_REDIRECT) === undefined;
    const redirect = booleanProp(this, 'httpsRedirect', props.httpsRedirect, redirectByDefault);
    if (redirect) {
      this.requireFeature(api, Feature.HTTPS_REDIRECT, 'httpsRedirect');
      if (!managed) {
        invalid(
          this,
          'httpsRedirect',
          `whether plain HTTP redirects to HTTPS is decided by whoever runs gateway ${this.gateway.namespace}/${this.gateway.name} (its listeners would carry the redirect); set httpsRedirect: false, and ask them`,
        );
      }
    }
    this.redirectFromPort = redirect ? PLAIN_HTTP_PORT : undefined;

    const minProtocolVersion = props.minProtocolVersion ?? TlsVersion.TLS_1_2;
    if (!Object.values(TlsVersion).includes(minProtocolVersion)) {
      invalid(this, 'minProtocolVersion', `${show(minProtocolVersion)} is not allowed: TLS 1.2 is the oldest version this library lets clients use; use TlsVersion.TLS_1_2 or TLS_1_3`);
    }
    if (minProtocolVersion !== TlsVersion.TLS_1_2) this.requireFeature(api, Feature.TLS_1_3_MINIMUM, 'minProtocolVersion');
    const cipherSuites = this.checkCipherSuites(props);
    if (cipherSuites) this.requireFeature(api, Feature.CIPHER_SUITES, 'cipherSuites');

    const rules: CredentialRules = {
      namespace: this.gateway.credentialNamespace,
      crossNamespace: traits.crossNamespaceCredentials,
      clientCaKind: traits.clientCaKind,
      caInCertificateSecret: traits.clientCaInCertificateSecret,
      apiName: API_NAMES[api],
    };

    let certificate: CredentialRefModel | undefined;
    let clientCa: CredentialRefModel | undefined;
    if (mode === TlsMode.PASSTHROUGH) {
      if (props.certificate !== undefined) invalid(this, 'certificate', 'passthrough leaves TLS to the backend, so the gateway needs no certificate; remove it, or use TlsMode.SIMPLE to terminate TLS here');
      if (props.clientCa !== undefined) invalid(this, 'clientCa', 'passthrough leaves client certificates to the backend; remove clientCa');
      if (this.hosts.includes('*')) {
        invalid(this, 'hosts', 'passthrough routes by the SNI name clients send, so "*" cannot be routed: list the hosts (a wildcard such as "*.example.com" is fine)');
      }
      if (!props.backend) invalid(this, 'backend', 'passthrough needs the backend that terminates TLS: Backend.fromServiceName(name, { port: 443 })');
      const service = resolveBackend(this, 'backend', props.backend, props.namespace ?? props.backend.backendService?.namespace ?? this.gateway.namespace, { tls: true });
      this.namespace = checkNamespace(this, 'namespace', props.namespace ?? service.namespace);
      this.backends = [{ name: service.serviceName, namespace: service.namespace, port: service.port, portName: service.portName }];
    } else {
      this.namespace = checkNamespace(this, 'namespace', props.namespace ?? this.gateway.namespace);
      if (props.backend !== undefined) invalid(this, 'backend', 'only passthrough sends TLS to a backend; HTTP routes for these hosts come from ExposedServices');
      if (!props.certificate) invalid(this, 'certificate', 'TLS termination needs a server certificate: CertificateSource.fromSecretName(), .fromPem(), .fromPemFiles() or .fromCertManager()');
      const secretName = `${this.name}-credential`;
      const mutual = mode === TlsMode.MUTUAL || mode === TlsMode.OPTIONAL_MUTUAL;
      let caPem: string | undefined;
      if (mutual) {
        if (!props.clientCa) invalid(this, 'clientCa', `${mode} verifies client certificates and needs the CA that signs them: ClientCertificateAuthority.fromPem(), .fromPemFile(), ...`);
        const spec = props.certificate instanceof CertificateSource ? props.certificate._spec : undefined;
        const given: unknown = spec?.kind === 'secret' ? spec.secretName : spec?.secretName;
        // A name that is not a string (a JavaScript caller) is refused below by the certificate's own check, naming its field.
        const certificateSecretName = typeof given === 'string' ? given : secretName;
        const resolved = resolveClientCa(this, props.clientCa, rules, props.certificate, certificateSecretName);
        clientCa = resolved.ref;
        caPem = resolved.pemForCertificateSecret;
        this.credentials.push(...resolved.credentials);
      } else if (props.clientCa !== undefined) {
        invalid(this, 'clientCa', `a client CA only applies to TlsMode.MUTUAL or OPTIONAL_MUTUAL, not ${mode}`);
      }
      const bound = bindCertificate(this, props.certificate, rules, this.hosts, secretName, caPem);
      certificate = bound.ref;
      this.credentials.push(...bound.credentials);
    }

    this.settings = {
      mode,
      ...(certificate ? { certificate } : {}),
      ...(clientCa ? { clientCa } : {}),
      minProtocolVersion,
      ...(cipherSuites ? { cipherSuites } : {}),
    };
    const registry = IngressRegistry.of(this);
    registry.attachTls(this.gateway, this);
  }

  /** @internal */
  public _tlsModel(): TlsSourceModel {
    return {
      source: this.node.path,
      name: this.name,
      namespace: this.namespace,
      hosts: this.hosts,
      port: this.port,
      tls: this.settings,
      ...(this.redirectFromPort === undefined ? {} : { redirectFromPort: this.redirectFromPort }),
      ...(this.backends ? { backends: this.backends } : {}),
      ...(this.credentials.length > 0 ? { credentials: this.credentials } : {}),
      ...(this.metadataModel ? { metadata: this.metadataModel } : {}),
      ...(this.routesAttachedElsewhere ? { routesAttachedElsewhere: true } : {}),
    };
  }

  private requireFeature(api: IngressApiKind, feature: Feature, field: string): void {
    const problem = unsupported(api, feature);
    if (problem) invalid(this, field, problem);
  }

  private checkCipherSuites(props: TlsIngressProps): string[] | undefined {
    const allowInsecure = booleanProp(this, 'allowInsecureCipherSuites', props.allowInsecureCipherSuites, false);
    if (props.cipherSuites === undefined) return undefined;
    if (!Array.isArray(props.cipherSuites) || props.cipherSuites.length === 0) invalid(this, 'cipherSuites', 'expected a non-empty list of cipher suite names');
    props.cipherSuites.forEach((suite, i) => {
      if (SECURE_CIPHER_SUITES.includes(suite)) return;
      if (INSECURE_CIPHER_SUITES.includes(suite)) {
        if (allowInsecure) return;
        invalid(
          this,
          `cipherSuites[${i}]`,
          `${show(suite)} lacks forward secrecy or uses CBC; use ${SECURE_CIPHER_SUITES.join(', ')}, or set allowInsecureCipherSuites: true if old clients need it`,
        );
      }
      invalid(this, `cipherSuites[${i}]`, `${show(suite)} is not a TLS 1.2 cipher suite Envoy knows; allowed: ${[...SECURE_CIPHER_SUITES, ...INSECURE_CIPHER_SUITES].join(', ')}`);
    });
    return [...props.cipherSuites];
  }
}
