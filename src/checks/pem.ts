import { createPrivateKey, KeyObject, X509Certificate } from 'crypto';

/**
 * Certificate checks with Node's own X.509 implementation (OpenSSL), so no
 * X.509 parsing is written here. Problems are phrased without ever quoting
 * the PEM itself: messages and logs must not carry key material.
 */

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The certificates of a PEM bundle, in order; a problem when there is none or one does not parse. */
export function parseCertificates(pem: string, what: string): { certificates?: X509Certificate[]; problem?: string } {
  if (typeof pem !== 'string') return { problem: `${what} must be a PEM string` };
  const blocks = pem.match(CERTIFICATE_BLOCK) ?? [];
  if (blocks.length === 0) return { problem: `${what} contains no PEM-encoded certificate block` };
  const certificates: X509Certificate[] = [];
  for (const [i, block] of blocks.entries()) {
    try {
      certificates.push(new X509Certificate(block));
    } catch {
      return { problem: `${what}: certificate ${i + 1} of ${blocks.length} is not valid PEM/X.509` };
    }
  }
  return { certificates };
}

function parsePrivateKey(pem: string): { key?: KeyObject; problem?: string } {
  if (typeof pem !== 'string' || !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    return { problem: 'the private key is not a PEM-encoded private key block' };
  }
  if (/ENCRYPTED/.test(pem)) return { problem: 'the private key is encrypted; Istio needs it unencrypted in the Secret' };
  try {
    return { key: createPrivateKey(pem) };
  } catch {
    return { problem: 'the private key is not a valid PEM private key' };
  }
}

/** When a certificate is not usable at `now`, why. */
export function checkValidity(certificate: X509Certificate, what: string, now: Date): string | undefined {
  const from = new Date(certificate.validFrom);
  const to = new Date(certificate.validTo);
  if (to.getTime() <= now.getTime()) {
    return `${what} (${certificate.subject.replace(/\n/g, ', ')}) expired on ${to.toISOString()}; clients reject it: renew it`;
  }
  if (from.getTime() > now.getTime()) {
    return `${what} (${certificate.subject.replace(/\n/g, ', ')}) is not valid before ${from.toISOString()}`;
  }
  return undefined;
}

/**
 * A server certificate and key: the PEM parses, the key is the certificate's,
 * the certificate is valid now, and its subjectAltName names every host
 * (except `*`, which no certificate can name). A wildcard host needs a
 * matching wildcard name.
 *
 * Only DNS names of the subjectAltName count, as for Go's crypto/x509
 * (`VerifyHostname` ignores the Common Name since Go 1.15) and browsers
 * (CA/Browser Forum baseline requirements): a certificate naming a host only
 * in its Common Name is refused, although OpenSSL's and Node's host check
 * would fall back to it.
 */
export function checkServerCertificate(certificatePem: string, privateKeyPem: string, hosts: readonly string[], now: Date): string | undefined {
  const { certificates, problem } = parseCertificates(certificatePem, 'the certificate');
  if (problem) return problem;
  const leaf = certificates![0];
  const key = parsePrivateKey(privateKeyPem);
  if (key.problem) return key.problem;
  if (!leaf.checkPrivateKey(key.key!)) return 'the private key does not belong to the certificate (their public keys differ)';
  const validity = checkValidity(leaf, 'the certificate', now);
  if (validity) return validity;
  return checkNamedHosts(leaf, hosts);
}

/**
 * Whether the leaf certificate of a PEM bundle names every host in its
 * subjectAltName (see checkServerCertificate); no clock, no key.
 */
export function checkCertificateHosts(certificatePem: string, hosts: readonly string[]): string | undefined {
  const { certificates, problem } = parseCertificates(certificatePem, 'the certificate');
  return problem ?? checkNamedHosts(certificates![0], hosts);
}

function checkNamedHosts(leaf: X509Certificate, hosts: readonly string[]): string | undefined {
  const named = hosts.filter((host) => host !== '*');
  if (named.length === 0) return undefined;
  const dnsNames = subjectAltDnsNames(leaf);
  if (dnsNames.length === 0) {
    const commonName = /^CN=(.*)$/m.exec(leaf.subject)?.[1];
    return (
      `the certificate has no DNS name in a subjectAltName${commonName === undefined ? '' : ` (it names ${JSON.stringify(commonName.slice(0, 80))} only in its Common Name)`}; ` +
      'Go clients and browsers ignore the Common Name, so they would reject it: reissue it with a subjectAltName for the hosts, ' +
      `e.g. openssl req ... -addext "subjectAltName=${named.map((h) => `DNS:${h}`).join(',')}"`
    );
  }
  const uncovered = named.filter((host) => !covers(leaf, host, dnsNames));
  if (uncovered.length > 0) {
    return `the certificate does not name ${uncovered.map((h) => JSON.stringify(h.length > 80 ? `${h.slice(0, 77)}...` : h)).join(', ')} (its subjectAltName names: ${dnsNames.join(', ')}); clients would reject it: issue it for these hosts`;
  }
  return undefined;
}

/** The DNS names of a certificate's subjectAltName (Node lists them as `DNS:a.example.com, DNS:b.example.com, IP Address:...`). */
function subjectAltDnsNames(certificate: X509Certificate): string[] {
  return (certificate.subjectAltName ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.startsWith('DNS:'))
    .map((name) => name.slice('DNS:'.length));
}

function covers(certificate: X509Certificate, host: string, dnsNames: readonly string[]): boolean {
  // A wildcard host is served only by a wildcard name for the same domain.
  if (host.startsWith('*.')) return dnsNames.includes(host);
  // Never the subject's CN; a wildcard only as a whole left-most label (`*.example.com`), as Go matches.
  // Node throws on a name that is not a host name at all (control characters): it names nothing.
  try {
    return certificate.checkHost(host, { subject: 'never', partialWildcards: false }) !== undefined;
  } catch {
    return false;
  }
}

/** A CA bundle for verifying client certificates: every block is a valid CA certificate. */
export function checkCaBundle(pem: string, now: Date): string | undefined {
  const { certificates, problem } = parseCertificates(pem, 'the client CA');
  if (problem) return problem;
  for (const [i, certificate] of certificates!.entries()) {
    const what = certificates!.length > 1 ? `client CA certificate ${i + 1}` : 'the client CA certificate';
    if (!certificate.ca) return `${what} is not a CA certificate (basicConstraints CA:FALSE): give the certificate of the CA that signs client certificates`;
    const validity = checkValidity(certificate, what, now);
    if (validity) return validity;
  }
  return undefined;
}
