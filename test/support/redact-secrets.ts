/**
 * A jest snapshot serializer (registered in jest.config.js) that keeps key
 * material out of committed snapshots: the values of `data` and `stringData`
 * of every `kind: Secret` object, and any PEM private key found in any other
 * string, plain or base64-encoded, become `<redacted: N bytes>`. Keys stay
 * visible, so a snapshot still shows which entries a Secret has.
 */

type Serializer = Extract<jest.SnapshotSerializerPlugin, { serialize: unknown }>;

const PEM_PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|$)/g;
/** The base64 encoding of "-----BEGIN", however the PEM text continues. */
const BASE64_PEM = /^LS0tLS1CRUdJTi[A-Za-z0-9+/=\s]*$/;
const PLACEHOLDER = /^<redacted: \d+ bytes>$/;

export const test: Serializer['test'] = (value) => (typeof value === 'string' ? redactString(value) !== value : isUnredactedSecret(value));

export const serialize: Serializer['serialize'] = (value, config, indentation, depth, refs, printer) =>
  printer(redacted(value), config, indentation, depth, refs);

/** `value` with its key material replaced by placeholders. */
export function redacted(value: unknown): unknown {
  if (typeof value === 'string') return redactString(value);
  if (!isUnredactedSecret(value)) return value;
  const secret = value as Record<string, any>;
  return {
    ...secret,
    ...(secret.data === undefined ? {} : { data: redactValues(secret.data, (v) => Buffer.from(v, 'base64').length) }),
    ...(secret.stringData === undefined ? {} : { stringData: redactValues(secret.stringData, (v) => Buffer.byteLength(v)) }),
  };
}

function isUnredactedSecret(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || (value as any).kind !== 'Secret') return false;
  const { data, stringData } = value as Record<string, any>;
  return [data, stringData].some((map) => map && Object.values(map).some((v) => typeof v !== 'string' || !PLACEHOLDER.test(v)));
}

function redactValues(map: Record<string, unknown>, bytes: (value: string) => number): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([key, v]) => [key, placeholder(bytes(String(v)))]));
}

function redactString(value: string): string {
  if (BASE64_PEM.test(value)) {
    const decoded = Buffer.from(value, 'base64');
    if (new RegExp(PEM_PRIVATE_KEY.source).test(decoded.toString('latin1'))) return placeholder(decoded.length);
  }
  return value.replace(PEM_PRIVATE_KEY, (key) => placeholder(Buffer.byteLength(key)));
}

function placeholder(bytes: number): string {
  return `<redacted: ${bytes} bytes>`;
}
