import { readFileSync } from 'fs';
import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { durationProp } from '../core/duration';
import { invalid, show } from '../core/errors';
import { CredentialRefModel } from '../core/model';
import { checkDnsSubdomain } from '../core/names';
import { checkCaBundle, checkServerCertificate } from '../core/pem';
import * as certManager from '../imports/cert-manager.io';

const k8s = kplus.k8s;

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
  /** An `Issuer` of that name in the namespace the certificate is created in. */
  public static issuer(name: string): CertManagerIssuer {
    return new CertManagerIssuer('Issuer', name);
  }

  /** A `ClusterIssuer`, e.g. an ACME (Let's Encrypt) issuer. */
  public static clusterIssuer(name: string): CertManagerIssuer {
    return new CertManagerIssuer('ClusterIssuer', name);
  }

  /**
   * A self-signed `Issuer` created next to the certificate: for demos and
   * tests only, since clients do not trust it.
   */
  public static selfSigned(): CertManagerIssuer {
    return new CertManagerIssuer('Issuer', undefined);
  }

  private constructor(
    /** `Issuer` or `ClusterIssuer`. */
    public readonly kind: string,
    /** Name of an existing issuer; undefined for the self-signed one created here. */
    public readonly name: string | undefined,
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
   * Requested lifetime of the certificate.
   * @default - cert-manager's default (90 days)
   */
  readonly duration?: Duration;
  /**
   * How long before expiry cert-manager renews it.
   * @default - cert-manager's default (a third of the lifetime)
   */
  readonly renewBefore?: Duration;
}

/** Where a gateway's server certificate comes from. */
export class CertificateSource {
  /** A `kubernetes.io/tls` Secret that exists (created with `kubectl create secret tls`, say). */
  public static fromSecretName(secretName: string, options: SecretNameOptions = {}): CertificateSource {
    return new CertificateSource({ kind: 'secret', secretName, namespace: options.namespace });
  }

  /**
   * PEM strings, checked now (parse, key match, expiry, host names) and turned into a Secret.
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
    return new CertificateSource({ kind: 'pem', ...options });
  }

  /**
   * PEM files, read at synth time, checked and turned into a Secret.
   *
   * The private key is copied, base64-encoded but not encrypted, into the
   * synthesised manifests (`dist/`), as with `fromPem()`, which warns the same way.
   */
  public static fromPemFiles(options: PemFilesOptions): CertificateSource {
    return new CertificateSource({ kind: 'pem-files', ...options });
  }

  /** A cert-manager `Certificate` for the hosts, issued into a Secret cert-manager keeps renewed. */
  public static fromCertManager(options: CertManagerOptions): CertificateSource {
    return new CertificateSource({ kind: 'cert-manager', ...options });
  }

  private constructor(/** @internal */ public readonly _spec: CertificateSpec) {}
}

type CertificateSpec =
  | { kind: 'secret'; secretName: string; namespace?: string }
  | ({ kind: 'pem' } & PemCertificateOptions)
  | ({ kind: 'pem-files' } & PemFilesOptions)
  | ({ kind: 'cert-manager' } & CertManagerOptions);

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
    return new ClientCertificateAuthority({ kind: 'Secret', name, namespace: options.namespace });
  }

  /** An existing ConfigMap with a `ca.crt` key (Gateway API: `caCertificateRefs`). */
  public static fromConfigMapName(name: string, options: CaNameOptions = {}): ClientCertificateAuthority {
    return new ClientCertificateAuthority({ kind: 'ConfigMap', name, namespace: options.namespace });
  }

  private constructor(/** @internal */ public readonly _spec: CaSpec) {}
}

type CaSpec =
  | { kind: 'pem'; pem: string }
  | { kind: 'pem-file'; file: string }
  | { kind: 'certificate-secret' }
  | { kind: 'Secret' | 'ConfigMap'; name: string; namespace?: string };

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

/** Resolves the server certificate: validates it, creates what it needs, and returns the Secret the gateway reads. */
export function bindCertificate(
  scope: Construct,
  source: CertificateSource,
  rules: CredentialRules,
  hosts: readonly string[],
  defaultSecretName: string,
  caPemForSecret: string | undefined,
): CredentialRefModel {
  if (!(source instanceof CertificateSource)) {
    invalid(scope, 'certificate', 'expected a CertificateSource (CertificateSource.fromSecretName(), .fromPem(), .fromPemFiles() or .fromCertManager())');
  }
  const spec = source._spec;
  switch (spec.kind) {
    case 'secret': {
      const name = checkObjectName(scope, 'certificate', spec.secretName);
      const namespace = spec.namespace ?? rules.namespace;
      if (namespace !== rules.namespace && !rules.crossNamespace) {
        invalid(
          scope,
          'certificate',
          `Secret ${namespace}/${name} is outside namespace ${rules.namespace}, where the ${rules.apiName} reads TLS credentials (the gateway proxy's namespace), so Istio would never find it; ` +
            `create the Secret in ${rules.namespace}, or let this library create it there (CertificateSource.fromPem() or .fromCertManager())`,
        );
      }
      return { kind: 'Secret', name, namespace };
    }
    case 'pem':
    case 'pem-files': {
      const name = checkObjectName(scope, 'certificate.secretName', spec.secretName ?? defaultSecretName);
      const certificate = spec.kind === 'pem' ? spec.certificate : readPem(scope, 'certificate.certificateFile', spec.certificateFile);
      const privateKey = spec.kind === 'pem' ? spec.privateKey : readPem(scope, 'certificate.privateKeyFile', spec.privateKeyFile);
      const problem = checkServerCertificate(certificate, privateKey, hosts, new Date());
      if (problem) invalid(scope, 'certificate', problem);
      const data: Record<string, string> = { 'tls.crt': base64(certificate), 'tls.key': base64(privateKey) };
      if (caPemForSecret !== undefined) data['ca.crt'] = base64(caPemForSecret);
      new k8s.KubeSecret(scope, 'CertificateSecret', { metadata: { name, namespace: rules.namespace }, type: 'kubernetes.io/tls', data });
      // cdk8s has no warning channel of its own (constructs metadata is read by no cdk8s tool): a process warning reaches the terminal and can be silenced by its code.
      process.emitWarning(
        `[${scope.node.path}] certificate: the private key is written into Secret ${rules.namespace}/${name} of the synthesised manifests (dist/ with cdk8s synth); ` +
          'keep them out of version control, or use CertificateSource.fromSecretName() or .fromCertManager() (silence: NODE_OPTIONS=--disable-warning=CDK8S_ISTIO_INGRESS_PEM_KEY)',
        { code: PEM_KEY_WARNING },
      );
      return { kind: 'Secret', name, namespace: rules.namespace };
    }
    case 'cert-manager': {
      const name = checkObjectName(scope, 'certificate.secretName', spec.secretName ?? defaultSecretName);
      if (!(spec.issuer instanceof CertManagerIssuer)) {
        invalid(scope, 'certificate.issuer', 'expected a CertManagerIssuer (.issuer(), .clusterIssuer() or .selfSigned())');
      }
      if (hosts.includes('*')) {
        invalid(scope, 'hosts', 'cert-manager cannot issue a certificate for "*": list the hosts (or a wildcard such as "*.example.com") it must name');
      }
      let issuerName = spec.issuer.name;
      if (issuerName === undefined) {
        issuerName = `${name}-selfsigned`;
        new certManager.Issuer(scope, 'Issuer', { metadata: { name: issuerName, namespace: rules.namespace }, spec: { selfSigned: {} } });
      } else {
        checkObjectName(scope, 'certificate.issuer', issuerName);
      }
      new certManager.Certificate(scope, 'Certificate', {
        metadata: { name, namespace: rules.namespace },
        spec: {
          secretName: name,
          dnsNames: [...hosts],
          issuerRef: { group: 'cert-manager.io', kind: spec.issuer.kind, name: issuerName },
          duration: spec.duration === undefined ? undefined : durationProp(scope, 'certificate.duration', spec.duration, 'Duration.days(90)'),
          renewBefore: spec.renewBefore === undefined ? undefined : durationProp(scope, 'certificate.renewBefore', spec.renewBefore, 'Duration.days(30)'),
          privateKey: { rotationPolicy: certManager.CertificateSpecPrivateKeyRotationPolicy.ALWAYS },
        },
      });
      return { kind: 'Secret', name, namespace: rules.namespace };
    }
  }
}

/**
 * Resolves the client CA for mutual TLS. Returns where the API reads it from
 * (undefined: the certificate Secret's own `ca.crt`) and, when the CA PEM
 * should be added to a certificate Secret this library creates, that PEM.
 */
export function resolveClientCa(
  scope: Construct,
  ca: ClientCertificateAuthority,
  rules: CredentialRules,
  certificate: CertificateSource,
  certificateSecretName: string,
): { ref?: CredentialRefModel; pemForCertificateSecret?: string } {
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
      const generated = certificate._spec.kind === 'pem' || certificate._spec.kind === 'pem-files';
      if (rules.caInCertificateSecret && generated) return { pemForCertificateSecret: pem };
      if (rules.clientCaKind === 'Secret') {
        const name = `${certificateSecretName}-cacert`;
        new k8s.KubeSecret(scope, 'ClientCaSecret', { metadata: { name, namespace: rules.namespace }, type: 'Opaque', data: { 'ca.crt': base64(pem) } });
        return { ref: { kind: 'Secret', name, namespace: rules.namespace } };
      }
      const name = `${certificateSecretName}-ca`;
      new k8s.KubeConfigMap(scope, 'ClientCaConfigMap', { metadata: { name, namespace: rules.namespace }, data: { 'ca.crt': pem } });
      return { ref: { kind: 'ConfigMap', name, namespace: rules.namespace } };
    }
    case 'certificate-secret':
      if (!rules.caInCertificateSecret) {
        invalid(
          scope,
          'clientCa',
          `the ${rules.apiName} does not read a client CA from the certificate Secret; use ClientCertificateAuthority.fromPem() or .fromConfigMapName() (a ConfigMap with ca.crt)`,
        );
      }
      return {};
    default: {
      if (spec.kind !== rules.clientCaKind) {
        invalid(
          scope,
          'clientCa',
          `the ${rules.apiName} reads a client CA from a ${rules.clientCaKind}, not a ${spec.kind}; use ClientCertificateAuthority.from${rules.clientCaKind}Name() or .fromPem()`,
        );
      }
      const name = checkObjectName(scope, 'clientCa', spec.name);
      const namespace = spec.namespace ?? rules.namespace;
      if (namespace !== rules.namespace && !rules.crossNamespace) {
        invalid(scope, 'clientCa', `${spec.kind} ${namespace}/${name} is outside namespace ${rules.namespace}, where the ${rules.apiName} reads it; create it in ${rules.namespace}`);
      }
      return { ref: { kind: spec.kind, name, namespace } };
    }
  }
}

function readPem(scope: Construct, field: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    return invalid(scope, field, `cannot read ${show(file)} (${(e as NodeJS.ErrnoException).code ?? 'error'}); give the path of a PEM file`);
  }
}

function checkObjectName(scope: Construct, field: string, name: string): string {
  const problem = checkDnsSubdomain(name);
  if (problem) invalid(scope, field, `${show(name)} ${problem}`);
  return name;
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
