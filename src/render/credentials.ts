import { SharedClientCas } from '../model/credentials';
import { CredentialModel, MetadataModel, TlsSourceModel } from '../model/types';
import * as certManager from '../imports/cert-manager.io';
import { Manifest, metadata, RenderedObject } from './manifest';

/**
 * The Secrets, ConfigMaps and cert-manager objects a TLS source creates, in
 * its order, whatever the API: where they are placed (the namespace Istio
 * reads them from) was decided when the model was built. A client CA
 * ConfigMap another source already generates with the same PEM is not
 * emitted twice (see `SharedClientCas`).
 */
export function renderCredentials(tls: TlsSourceModel, shared: SharedClientCas): RenderedObject[] {
  return (tls.credentials ?? [])
    .filter((credential) => !shared.isShared(credential))
    .flatMap((credential) => renderCredential(credential, tls.metadata).map(([id, manifest]) => ({ owner: tls.source, id, manifest })));
}

function renderCredential(credential: CredentialModel, meta: MetadataModel | undefined): [string, Manifest][] {
  const objectMeta = metadata(credential.name, credential.namespace, meta?.labels, meta?.annotations);
  switch (credential.type) {
    case 'tls-secret': {
      const data: Record<string, string> = { 'tls.crt': base64(credential.certificatePem), 'tls.key': base64(credential.privateKeyPem) };
      if (credential.caPem !== undefined) data['ca.crt'] = base64(credential.caPem);
      return [['CertificateSecret', { apiVersion: 'v1', kind: 'Secret', metadata: objectMeta, type: 'kubernetes.io/tls', data }]];
    }
    case 'ca-secret':
      return [['ClientCaSecret', { apiVersion: 'v1', kind: 'Secret', metadata: objectMeta, type: 'Opaque', data: { 'ca.crt': base64(credential.caPem) } }]];
    case 'ca-configmap':
      return [['ClientCaConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: objectMeta, data: { 'ca.crt': credential.caPem } }]];
    case 'cert-manager': {
      const objects: [string, Manifest][] = [];
      const { issuer } = credential;
      if (issuer.selfSigned) {
        const spec: certManager.IssuerSpec = { selfSigned: {} };
        objects.push(['Issuer', { apiVersion: certManager.Issuer.GVK.apiVersion, kind: 'Issuer', metadata: metadata(issuer.name, credential.namespace, meta?.labels, meta?.annotations), spec }]);
      }
      const spec: certManager.CertificateSpec = {
        secretName: credential.name,
        dnsNames: [...credential.dnsNames],
        issuerRef: { group: 'cert-manager.io', kind: issuer.kind, name: issuer.name },
        duration: credential.duration,
        renewBefore: credential.renewBefore,
        privateKey: { rotationPolicy: certManager.CertificateSpecPrivateKeyRotationPolicy.ALWAYS },
      };
      objects.push(['Certificate', { apiVersion: certManager.Certificate.GVK.apiVersion, kind: 'Certificate', metadata: objectMeta, spec }]);
      return objects;
    }
  }
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
