/** Types of scripts/test-certs.js, for the tests that use it. */
export interface Pem {
  readonly certificate: string;
  readonly privateKey: string;
}
export interface Ca extends Pem {
  readonly cert: unknown;
  readonly keys: CryptoKeyPair;
}
export function createCa(options?: { name?: string; notBefore?: Date; notAfter?: Date }): Promise<Ca>;
export function createLeaf(ca: Ca, options: { hosts?: string[]; commonName?: string; client?: boolean; notBefore?: Date; notAfter?: Date }): Promise<Pem>;
