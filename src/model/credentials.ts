import { CredentialModel, CredentialRefModel, TlsSourceModel } from './types';

/**
 * Client CA ConfigMaps generated from PEM (the Gateway API's client CAs),
 * shared between TLS sources: sources that generate a ConfigMap with the
 * same PEM in the same namespace use one, the first one generated (so its
 * name is that of the first source, in the order sources were attached, the
 * same for the same program). The Gateway API verifies client certificates
 * per port, so two mutual TLS sources on one port with the same CA must name
 * the same ConfigMap.
 */
export class SharedClientCas {
  /** `namespace/name` of every generated CA ConfigMap -> the ConfigMap used for its PEM. */
  private readonly canonical = new Map<string, CredentialRefModel>();

  constructor(tls: readonly TlsSourceModel[]) {
    const byPem = new Map<string, CredentialRefModel>();
    for (const t of tls) {
      for (const credential of t.credentials ?? []) {
        if (credential?.type !== 'ca-configmap') continue;
        const key = `${credential.namespace}\n${credential.caPem}`;
        let first = byPem.get(key);
        if (!first) byPem.set(key, (first = { kind: 'ConfigMap', name: credential.name, namespace: credential.namespace }));
        if (!this.canonical.has(`${credential.namespace}/${credential.name}`)) this.canonical.set(`${credential.namespace}/${credential.name}`, first);
      }
    }
  }

  /** The object a reference names once generated CAs are shared. */
  public resolve(ref: CredentialRefModel): CredentialRefModel;
  public resolve(ref: CredentialRefModel | undefined): CredentialRefModel | undefined;
  public resolve(ref: CredentialRefModel | undefined): CredentialRefModel | undefined {
    if (ref?.kind !== 'ConfigMap') return ref;
    return this.canonical.get(`${ref.namespace}/${ref.name}`) ?? ref;
  }

  /** Whether a credential is a generated CA ConfigMap another source already generates (so it is not emitted again). */
  public isShared(credential: CredentialModel): boolean {
    if (credential.type !== 'ca-configmap') return false;
    const used = this.canonical.get(`${credential.namespace}/${credential.name}`);
    return used !== undefined && used.name !== credential.name;
  }
}
