import { readFileSync } from 'fs';
import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { invalid, show } from '../errors';
import { checkDnsSubdomain } from '../checks/names';
import { checkCertManagerTimes } from '../checks/cert-manager';
import { checkCaBundle, checkServerCertificate } from '../checks/pem';
import { CredentialModel, CredentialRefModel } from '../model/types';
import { durationProp } from './duration';
import { checkKnownKeys, checkNamespace, checkOptionKeys, isOptionsObject, propNames, requireOptions } from './props';
import { extended } from '../model/objects';

/** Code of the process warning for a private key written into the manifests. */
const PEM_KEY_WARNING = 'CDK8S_ISTIO_INGRESS_PEM_KEY';

/** Options of `CertificateSource.fromSecretName()`. */
export interface SecretNameOptions {
  /**
   * Namespace of the Secret. With the Istio API and Kubernetes Ingress it must
   * be the gateway proxy's namespace (Istio reads credentials there); with the
   * Gateway API another namespace gets a generated ReferenceGrant.
   * @default - the namespace the gateway's API reads credentials from
   */
  readonly namespace?: string;
}

/** PEM material for `CertificateSource.fromPem()`. */
export interface PemCertificateOptions {
  /** The server certificate in PEM, leaf first, optionally followed by intermediates. */
  readonly certificate: string;
  /** The unencrypted private key in PEM. */
  readonly privateKey: string;
  /**
   * Name of the `kubernetes.io/tls` Secret created from it.
   * @default - "<TlsIngress name>-credential"
   */
  readonly secretName?: string;
}

/** PEM files for `CertificateSource.fromPemFiles()`. */
export interface PemFilesOptions {
  /** Path of the server certificate PEM file (leaf first). */
  readonly certificateFile: string;
  /** Path of the unencrypted private key PEM file. */
  readonly privateKeyFile: string;
  /**
   * Name of the `kubernetes.io/tls` Secret created from them.
   * @default - "<TlsIngress name>-credential"
   */
  readonly secretName?: string;
}

/** The cert-manager issuer that signs a certificate. */
export class CertManagerIssuer {
  /**
   * An `Issuer` of that name in the namespace the certificate is created in.
   * The name must be an object name (a DNS-1123 subdomain); it is checked
   * when the certificate is bound.
   */
  public static issuer(name: string): CertManagerIssuer {
    return new CertManagerIssuer('Issuer', name, false);
  }

  /** A `ClusterIssuer`, e.g. an ACME (Let's Encrypt) issuer, by name. */
  public static clusterIssuer(name: string): CertManagerIssuer {
    return new CertManagerIssuer('ClusterIssuer', name, false);
  }

  /**
   * A self-signed `Issuer` created next to the certificate: for demos and
   * tests only, since clients do not trust it.
   */
  public static selfSigned(): CertManagerIssuer {
    return new CertManagerIssuer('Issuer', undefined, true);
  }

  private constructor(
    /** `Issuer` or `ClusterIssuer`. */
    public readonly kind: string,
    /** Name of an existing issuer; undefined for the self-signed one created here. */
    public readonly name: string | undefined,
    /** @internal Only `selfSigned()` creates an issuer; a missing name is an error, never a self-signed issuer. */
    public readonly _selfSigned: boolean,
  ) {}
}

/** Options of `CertificateSource.fromCertManager()`. */
export interface CertManagerOptions {
  /** Who signs the certificate. */
  readonly issuer: CertManagerIssuer;
  /**
   * Name of the Secret cert-manager writes (and of the Certificate object).
   * @default - "<TlsIngress name>-credential"
   */
  readonly secretName?: string;
  /**
   * Requested lifetime of the certificate: at least one hour (cert-manager's minimum).
   * @default - cert-manager's default (90 days)
   */
  readonly duration?: Duration;
  /**
   * How long before expiry cert-manager renews it: at least five minutes, and
   * shorter than `duration` (90 days when that is not set), as cert-manager requires.
   * @default - cert-manager's default (a third of the lifetime)
   */
  readonly renewBefore?: Duration;
}

/** Where a gateway's server certificate comes from. */
export class CertificateSource {
  /** A `kubernetes.io/tls` Secret that exists (created with `kubectl create secret tls`, say). */
  public static fromSecretName(secretName: string, options: SecretNameOptions = {}): CertificateSource {
    return new CertificateSource({ kind: 'secret', secretName, namespace: optionOf(options, 'namespace'), options });
  }

  /**
   * PEM strings, checked now (parse, key match, expiry, and every host named
   * in the certificate's subjectAltName: the Common Name does not count) and
   * turned into a Secret.
   *
   * The private key is written, base64-encoded but not encrypted, into that
   * Secret in the synthesised manifests (`dist/` with `cdk8s synth`): keep
   * the output out of version control and CI artifacts, and prefer
   * `fromSecretName()` or `fromCertManager()`, which keep keys out of the
   * manifests. Each use warns once on stderr (a Node.js process warning with
   * code `CDK8S_ISTIO_INGRESS_PEM_KEY`, silenced by
   * `NODE_OPTIONS=--disable-warning=CDK8S_ISTIO_INGRESS_PEM_KEY`).
   */
  public static fromPem(options: PemCertificateOptions): CertificateSource {
    return new CertificateSource(extended(objectOrEmpty(options), { kind: 'pem' as const, options }));
  }

  /**
   * PEM files, read at synth time, checked and turned into a Secret.
   *
   * The private key is copied, base64-encoded but not encrypted, into the
   * synthesised manifests (`dist/`), as with `fromPem()`, which warns the same way.
   */
  public static fromPemFiles(options: PemFilesOptions): CertificateSource {
    return new CertificateSource(extended(objectOrEmpty(options), { kind: 'pem-files' as const, options }));
  }

  /** A cert-manager `Certificate` for the hosts, issued into a Secret cert-manager keeps renewed. */
  public static fromCertManager(options: CertManagerOptions): CertificateSource {
    return new CertificateSource({ kind: 'cert-manager', ...options, options });
  }

  private constructor(/** @internal */ public readonly _spec: CertificateSpec) {}
}

/**
 * Options as given: factories keep them unchecked (a JavaScript caller may pass anything) and the
 * TlsIngress using the source checks them, naming itself and the field.
 */
interface GivenOptions {
  readonly options?: unknown;
}

function objectOrEmpty<T extends object>(options: T): T {
  return isOptionsObject(options) ? options : ({} as T);
}

function optionOf<T extends object, K extends keyof T>(options: T, key: K): T[K] | undefined {
  return isOptionsObject(options) ? options[key] : undefined;
}

/** Refuses options that are not an object (`required`: not even undefined), or that have props `known` does not list. */
function checkGivenOptions(scope: IConstruct, field: string, spec: GivenOptions, type: string, required: boolean, known: readonly string[]): void {
  if (required) requireOptions(scope, field, spec.options, type);
  checkOptionKeys(scope, field, spec.options, type, known);
}

const SECRET_NAME_OPTIONS = propNames<SecretNameOptions>({ namespace: true });
const PEM_CERTIFICATE_OPTIONS = propNames<PemCertificateOptions>({ certificate: true, privateKey: true, secretName: true });
const PEM_FILES_OPTIONS = propNames<PemFilesOptions>({ certificateFile: true, privateKeyFile: true, secretName: true });
const CERT_MANAGER_OPTIONS = propNames<CertManagerOptions>({ issuer: true, secretName: true, duration: true, renewBefore: true });
const CA_NAME_OPTIONS = propNames<CaNameOptions>({ namespace: true });

type CertificateSpec =
  | ({ kind: 'secret'; secretName: string; namespace?: string } & GivenOptions)
  | ({ kind: 'pem' } & PemCertificateOptions & GivenOptions)
  | ({ kind: 'pem-files' } & PemFilesOptions & GivenOptions)
  | ({ kind: 'cert-manager' } & CertManagerOptions & GivenOptions);

/** Options for a client CA given by name. */
export interface CaNameOptions {
  /**
   * Namespace of the object.
   * @default - the namespace the gateway's API reads credentials from
   */
  readonly namespace?: string;
}

/** The CA that client certificates must be signed by, for mutual TLS. */
export class ClientCertificateAuthority {
  /** CA certificates in PEM, checked now and stored where the gateway's API reads them. */
  public static fromPem(pem: string): ClientCertificateAuthority {
    return new ClientCertificateAuthority({ kind: 'pem', pem });
  }

  /** A PEM file of CA certificates, read at synth time. */
  public static fromPemFile(file: string): ClientCertificateAuthority {
    return new ClientCertificateAuthority({ kind: 'pem-file', file });
  }

  /**
   * The `ca.crt` key of the server certificate's own Secret (as cert-manager
   * CA issuers and `kubectl create secret generic --from-file=ca.crt` produce).
   * Istio API only.
   */
  public static fromCertificateSecret(): ClientCertificateAuthority {
    return new ClientCertificateAuthority({ kind: 'certificate-secret' });
  }

  /** An existing Secret with a `ca.crt` key (Istio API: `caCertCredentialName`). */
  public static fromSecretName(name: string, options: CaNameOptions = {}): ClientCertificateAuthority {
    return new ClientCertificateAuthority({ kind: 'Secret', name, namespace: optionOf(options, 'namespace'), options });
  }

  /** An existing ConfigMap with a `ca.crt` key (Gateway API: `caCertificateRefs`). */
  public static fromConfigMapName(name: string, options: CaNameOptions = {}): ClientCertificateAuthority {
    return new ClientCertificateAuthority({ kind: 'ConfigMap', name, namespace: optionOf(options, 'namespace'), options });
  }

  private constructor(/** @internal */ public readonly _spec: CaSpec) {}
}

type CaSpec =
  | { kind: 'pem'; pem: string }
  | { kind: 'pem-file'; file: string }
  | { kind: 'certificate-secret' }
  | ({ kind: 'Secret' | 'ConfigMap'; name: string; namespace?: string } & GivenOptions);

/** How the gateway's API wants credentials stored. */
export interface CredentialRules {
  /** Namespace the API reads credentials from. */
  readonly namespace: string;
  /** Whether another namespace is allowed (through a ReferenceGrant). */
  readonly crossNamespace: boolean;
  /** What the API reads a client CA from. */
  readonly clientCaKind: 'Secret' | 'ConfigMap';
  /** Whether the API reads `ca.crt` from the certificate Secret itself. */
  readonly caInCertificateSecret: boolean;
  /** Human name of the API, for messages. */
  readonly apiName: string;
}

/** A credential reference, and what has to be created for it. */
export interface BoundCredential {
  readonly ref: CredentialRefModel;
  readonly credentials: readonly CredentialModel[];
}

/** Resolves the server certificate: validates it, and returns the Secret the gateway reads and what creates it. */
export function bindCertificate(
  scope: IConstruct,
  source: CertificateSource,
  rules: CredentialRules,
  hosts: readonly string[],
  defaultSecretName: string,
  caPemForSecret: string | undefined,
): BoundCredential {
  if (!(source instanceof CertificateSource)) {
    invalid(scope, 'certificate', 'expected a CertificateSource (CertificateSource.fromSecretName(), .fromPem(), .fromPemFiles() or .fromCertManager())');
  }
  const spec = source._spec;
  switch (spec.kind) {
    case 'secret': {
      checkGivenOptions(scope, 'certificate', spec, 'SecretNameOptions ({ namespace })', false, SECRET_NAME_OPTIONS);
      const name = checkObjectName(scope, 'certificate', spec.secretName);
      const namespace = spec.namespace === undefined ? rules.namespace : checkNamespace(scope, 'certificate.namespace', spec.namespace);
      if (namespace !== rules.namespace && !rules.crossNamespace) {
        invalid(
          scope,
          'certificate',
          `Secret ${namespace}/${name} is outside namespace ${rules.namespace}, where the ${rules.apiName} reads TLS credentials (the gateway proxy's namespace), so Istio would never find it; ` +
            `create the Secret in ${rules.namespace}, or let this library create it there (CertificateSource.fromPem() or .fromCertManager())`,
        );
      }
      return { ref: { kind: 'Secret', name, namespace }, credentials: [] };
    }
    case 'pem':
    case 'pem-files': {
      checkGivenOptions(
        scope,
        'certificate',
        spec,
        spec.kind === 'pem' ? 'PemCertificateOptions ({ certificate, privateKey })' : 'PemFilesOptions ({ certificateFile, privateKeyFile })',
        true,
        spec.kind === 'pem' ? PEM_CERTIFICATE_OPTIONS : PEM_FILES_OPTIONS,
      );
      const name = checkObjectName(scope, 'certificate.secretName', spec.secretName ?? defaultSecretName);
      const certificatePem = spec.kind === 'pem' ? spec.certificate : readPem(scope, 'certificate.certificateFile', spec.certificateFile);
      const privateKeyPem = spec.kind === 'pem' ? spec.privateKey : readPem(scope, 'certificate.privateKeyFile', spec.privateKeyFile);
      const problem = checkServerCertificate(certificatePem, privateKeyPem, hosts, new Date());
      if (problem) invalid(scope, 'certificate', problem);
      const namespace = rules.namespace;
      // cdk8s has no warning channel of its own (constructs metadata is read by no cdk8s tool): a process warning reaches the terminal and can be silenced by its code.
      process.emitWarning(
        `[${scope.node.path}] certificate: the private key is written into Secret ${namespace}/${name} of the synthesised manifests (dist/ with cdk8s synth); ` +
          'keep them out of version control, or use CertificateSource.fromSecretName() or .fromCertManager() (silence: NODE_OPTIONS=--disable-warning=CDK8S_ISTIO_INGRESS_PEM_KEY)',
        { code: PEM_KEY_WARNING },
      );
      return {
        ref: { kind: 'Secret', name, namespace },
        credentials: [{ type: 'tls-secret', name, namespace, certificatePem, privateKeyPem, ...(caPemForSecret === undefined ? {} : { caPem: caPemForSecret }) }],
      };
    }
    case 'cert-manager': {
      // A non-object is reported below, as the missing issuer it leaves.
      if (isOptionsObject(spec.options)) checkKnownKeys(scope, 'certificate', spec.options, CERT_MANAGER_OPTIONS);
      const name = checkObjectName(scope, 'certificate.secretName', spec.secretName ?? defaultSecretName);
      if (!(spec.issuer instanceof CertManagerIssuer)) {
        invalid(scope, 'certificate.issuer', 'expected a CertManagerIssuer (.issuer(), .clusterIssuer() or .selfSigned())');
      }
      if (hosts.includes('*')) {
        invalid(scope, 'hosts', 'cert-manager cannot issue a certificate for "*": list the hosts (or a wildcard such as "*.example.com") it must name');
      }
      const selfSigned = spec.issuer._selfSigned === true;
      const issuerName = selfSigned ? checkObjectName(scope, 'certificate.secretName', `${name}-selfsigned`) : existingIssuerName(scope, spec.issuer);
      const duration = spec.duration === undefined ? undefined : durationProp(scope, 'certificate.duration', spec.duration, 'Duration.days(90)');
      const renewBefore = spec.renewBefore === undefined ? undefined : durationProp(scope, 'certificate.renewBefore', spec.renewBefore, 'Duration.days(30)');
      const [timeProblem] = checkCertManagerTimes(spec.duration?.toMilliseconds(), spec.renewBefore?.toMilliseconds());
      if (timeProblem) invalid(scope, `certificate.${timeProblem.field}`, timeProblem.message);
      const namespace = rules.namespace;
      return {
        ref: { kind: 'Secret', name, namespace },
        credentials: [
          {
            type: 'cert-manager',
            name,
            namespace,
            dnsNames: [...hosts],
            issuer: { kind: spec.issuer.kind as 'Issuer' | 'ClusterIssuer', name: issuerName, ...(selfSigned ? { selfSigned: true } : {}) },
            ...(duration === undefined ? {} : { duration }),
            ...(renewBefore === undefined ? {} : { renewBefore }),
          },
        ],
      };
    }
  }
}

/**
 * Resolves the client CA for mutual TLS. Returns where the API reads it from
 * (no `ref`: the certificate Secret's own `ca.crt`), what has to be created
 * for it and, when the CA PEM goes into a certificate Secret this library
 * creates, that PEM.
 */
export function resolveClientCa(
  scope: IConstruct,
  ca: ClientCertificateAuthority,
  rules: CredentialRules,
  certificate: CertificateSource,
  certificateSecretName: string,
): { ref?: CredentialRefModel; credentials: readonly CredentialModel[]; pemForCertificateSecret?: string } {
  if (!(ca instanceof ClientCertificateAuthority)) {
    invalid(scope, 'clientCa', 'expected a ClientCertificateAuthority (.fromPem(), .fromPemFile(), .fromCertificateSecret(), .fromSecretName() or .fromConfigMapName())');
  }
  const spec = ca._spec;
  switch (spec.kind) {
    case 'pem':
    case 'pem-file': {
      const pem = spec.kind === 'pem' ? spec.pem : readPem(scope, 'clientCa', spec.file);
      const problem = checkCaBundle(pem, new Date());
      if (problem) invalid(scope, 'clientCa', problem);
      const generated = certificate instanceof CertificateSource && (certificate._spec.kind === 'pem' || certificate._spec.kind === 'pem-files');
      if (rules.caInCertificateSecret && generated) return { credentials: [], pemForCertificateSecret: pem };
      const namespace = rules.namespace;
      if (rules.clientCaKind === 'Secret') {
        const name = `${certificateSecretName}-cacert`;
        return { ref: { kind: 'Secret', name, namespace }, credentials: [{ type: 'ca-secret', name, namespace, caPem: pem }] };
      }
      const name = `${certificateSecretName}-ca`;
      return { ref: { kind: 'ConfigMap', name, namespace }, credentials: [{ type: 'ca-configmap', name, namespace, caPem: pem }] };
    }
    case 'certificate-secret':
      if (!rules.caInCertificateSecret) {
        invalid(
          scope,
          'clientCa',
          `the ${rules.apiName} does not read a client CA from the certificate Secret; use ClientCertificateAuthority.fromPem() or .fromConfigMapName() (a ConfigMap with ca.crt)`,
        );
      }
      return { credentials: [] };
    default: {
      if (spec.kind !== rules.clientCaKind) {
        invalid(
          scope,
          'clientCa',
          `the ${rules.apiName} reads a client CA from a ${rules.clientCaKind}, not a ${spec.kind}; use ClientCertificateAuthority.from${rules.clientCaKind}Name() or .fromPem()`,
        );
      }
      checkGivenOptions(scope, 'clientCa', spec, 'CaNameOptions ({ namespace })', false, CA_NAME_OPTIONS);
      const name = checkObjectName(scope, 'clientCa', spec.name);
      const namespace = spec.namespace === undefined ? rules.namespace : checkNamespace(scope, 'clientCa.namespace', spec.namespace);
      if (namespace !== rules.namespace && !rules.crossNamespace) {
        invalid(scope, 'clientCa', `${spec.kind} ${namespace}/${name} is outside namespace ${rules.namespace}, where the ${rules.apiName} reads it; create it in ${rules.namespace}`);
      }
      return { ref: { kind: spec.kind, name, namespace }, credentials: [] };
    }
  }
}

function readPem(scope: IConstruct, field: string, file: string): string {
  // A number would be read as a file descriptor.
  if (typeof file !== 'string' || file === '') invalid(scope, field, `expected the path of a PEM file, received ${show(file)}`);
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    return invalid(scope, field, `cannot read ${show(file)} (${(e as NodeJS.ErrnoException).code ?? 'error'}); give the path of a PEM file`);
  }
}

/** The name of the Issuer or ClusterIssuer a certificate references: one that can exist, never a missing one. */
function existingIssuerName(scope: IConstruct, issuer: CertManagerIssuer): string {
  const factory = issuer.kind === 'ClusterIssuer' ? 'clusterIssuer' : 'issuer';
  if (typeof issuer.name !== 'string' || issuer.name.length === 0) {
    invalid(
      scope,
      'certificate.issuer',
      `CertManagerIssuer.${factory}() needs the name of an existing ${issuer.kind}, received ${show(issuer.name)}; ` +
        `give its name (CertManagerIssuer.${factory}('letsencrypt')), or use CertManagerIssuer.selfSigned() for a certificate no client trusts`,
    );
  }
  const problem = checkDnsSubdomain(issuer.name);
  if (problem) invalid(scope, 'certificate.issuer', `${show(issuer.name)} is not a name ${issuer.kind === 'Issuer' ? 'an' : 'a'} ${issuer.kind} can have: it ${problem}`);
  return issuer.name;
}

function checkObjectName(scope: IConstruct, field: string, name: string): string {
  const problem = checkDnsSubdomain(name);
  if (problem) invalid(scope, field, `${show(name)} ${problem}`);
  return name;
}
