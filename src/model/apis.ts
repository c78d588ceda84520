import { IngressApiKind, ProxyMode } from './types';

/** What differs between the APIs besides rendering: where they read credentials, which proxies they work with. */
export interface ApiTraits {
  /** The proxy used when the user does not choose one. */
  readonly defaultProxyMode: ProxyMode;
  /** Proxy modes the API can work with. */
  readonly proxyModes: readonly ProxyMode[];
  /** Whether a bundled proxy reads TLS credentials itself (and so needs a Role on Secrets). */
  readonly proxyReadsSecrets: boolean;
  /** Whether a backend may be addressed by Service port name alone (otherwise the number is required). */
  readonly backendPortByName: boolean;
  /** Whether TLS credentials are read from the proxy's namespace (Istio API, Ingress) rather than the Gateway's (Gateway API). */
  readonly credentialsInProxyNamespace: boolean;
  /** Whether a certificate may live in another namespace, granted by a ReferenceGrant. */
  readonly crossNamespaceCredentials: boolean;
  /** The kind of object the API reads a client-certificate CA (`ca.crt`) from. */
  readonly clientCaKind: 'Secret' | 'ConfigMap';
  /** Whether the API reads the client-certificate CA from `ca.crt` in the certificate Secret itself. */
  readonly clientCaInCertificateSecret: boolean;
}

export const API_TRAITS: Readonly<Record<IngressApiKind, ApiTraits>> = {
  [IngressApiKind.ISTIO]: {
    defaultProxyMode: ProxyMode.BUNDLED,
    proxyModes: [ProxyMode.BUNDLED, ProxyMode.EXISTING],
    proxyReadsSecrets: true,
    backendPortByName: false,
    credentialsInProxyNamespace: true,
    crossNamespaceCredentials: false,
    clientCaKind: 'Secret',
    clientCaInCertificateSecret: true,
  },
  [IngressApiKind.GATEWAY_API]: {
    defaultProxyMode: ProxyMode.AUTOMATED,
    proxyModes: [ProxyMode.AUTOMATED, ProxyMode.BUNDLED, ProxyMode.EXISTING],
    // Istio's control plane reads Gateway API certificates itself; the proxy needs no Role.
    proxyReadsSecrets: false,
    backendPortByName: false,
    credentialsInProxyNamespace: false,
    crossNamespaceCredentials: true,
    clientCaKind: 'ConfigMap',
    clientCaInCertificateSecret: false,
  },
  [IngressApiKind.KUBERNETES_INGRESS]: {
    defaultProxyMode: ProxyMode.BUNDLED,
    proxyModes: [ProxyMode.BUNDLED, ProxyMode.EXISTING],
    proxyReadsSecrets: true,
    backendPortByName: true,
    // Istio reads an Ingress's `spec.tls` secret from the namespace of the gateway proxy, not the Ingress's.
    credentialsInProxyNamespace: true,
    crossNamespaceCredentials: false,
    clientCaKind: 'Secret',
    clientCaInCertificateSecret: true,
  },
};
