import { generateKeyPairSync } from 'crypto';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import * as redactSecrets from './redact-secrets';

// Key material is generated here, at test time, and never committed.
const ed25519 = generateKeyPairSync('ed25519');
const pkcs8 = ed25519.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const publicKey = ed25519.publicKey.export({ type: 'spki', format: 'pem' }) as string;
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pkcs1 = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
const encrypted = rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'test only' }) as string;
const sec1 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }) as string;
const base64 = (text: string) => Buffer.from(text).toString('base64');
/** A PEM block without its trailing newline, as the pattern matches it. */
const block = (pem: string) => pem.trimEnd();

function tlsSecret(): any {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kubernetes.io/tls',
    metadata: { name: 'httpbin-credential', namespace: 'istio-ingress' },
    data: { 'tls.crt': base64(publicKey), 'tls.key': base64(pkcs8) },
    stringData: { 'ca.crt': publicKey },
  };
}

describe('redacting snapshot serializer', () => {
  test('replaces every data and stringData value of a Secret by its size, keeping the keys', () => {
    expect(redactSecrets.test(tlsSecret())).toBe(true);
    expect(redactSecrets.redacted(tlsSecret())).toStrictEqual({
      ...tlsSecret(),
      data: { 'tls.crt': `<redacted: ${publicKey.length} bytes>`, 'tls.key': `<redacted: ${pkcs8.length} bytes>` },
      stringData: { 'ca.crt': `<redacted: ${publicKey.length} bytes>` },
    });
    expect(redactSecrets.test(redactSecrets.redacted(tlsSecret()))).toBe(false);
  });

  test.each([
    ['a PKCS#8', pkcs8],
    ['a PKCS#1 (RSA)', pkcs1],
    ['an encrypted PKCS#8', encrypted],
    ['a SEC1 (EC)', sec1],
  ])('replaces %s private key in any other string, keeping the text around it', (_format, pem) => {
    const text = `# key for the test gateway\n${pem}# end\n`;
    expect(redactSecrets.test(text)).toBe(true);
    expect(redactSecrets.redacted(text)).toBe(`# key for the test gateway\n<redacted: ${Buffer.byteLength(block(pem))} bytes>\n# end\n`);
  });

  test('replaces a base64-encoded private key outside a Secret', () => {
    expect(redactSecrets.test(base64(pkcs8))).toBe(true);
    expect(redactSecrets.redacted(base64(pkcs8))).toBe(`<redacted: ${pkcs8.length} bytes>`);
  });

  test('leaves everything else alone: public keys, other objects, Secrets already redacted', () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'ca.crt': publicKey } };
    for (const value of [publicKey, base64(publicKey), configMap, { kind: 'Secret', metadata: { name: 'empty' } }, 'plain text', 42, null]) {
      expect(redactSecrets.test(value)).toBe(false);
    }
  });

  test('is registered for snapshots: a Secret and a key in a ConfigMap are snapshotted redacted', () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'leaky' }, data: { 'key.pem': pkcs8 } };
    expect([tlsSecret(), configMap]).toMatchSnapshot();
  });

  test('no committed snapshot contains a private key, plain or base64-encoded', () => {
    const directories = [join(__dirname, '..', '__snapshots__'), join(__dirname, '__snapshots__')];
    const files = directories.flatMap((dir) => readdirSync(dir).map((file) => join(dir, file)));
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const pemBlocks = text.match(/LS0tLS1CRUdJTi[A-Za-z0-9+/=]*/g) ?? [];
      expect([file, [text, ...pemBlocks].some((candidate) => redactSecrets.test(candidate))]).toStrictEqual([file, false]);
    }
  });
});
