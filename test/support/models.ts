import { GatewayModel, IngressApiKind, ProxyMode, TlsMode, TlsSourceModel } from 'cdk8s-istio-ingress/model';

/**
 * A hand-written gateway model, the `cdk8s-istio-ingress/model` entry point's input: gateway
 * edge/edge (owner `platform/edge`) of the Istio API on an existing proxy in namespace edge, with
 * no routes and no TLS, and `overrides` on top. Valid as it is, except that it exposes nothing.
 */
export function gatewayModel(overrides: Partial<GatewayModel> = {}): GatewayModel {
  return {
    source: 'platform/edge',
    api: IngressApiKind.ISTIO,
    name: 'edge',
    namespace: 'edge',
    proxy: { mode: ProxyMode.EXISTING, namespace: 'edge', selector: { istio: 'ingressgateway' } },
    routes: [],
    tls: [],
    clusterDomain: 'cluster.local',
    ...overrides,
  };
}

/**
 * The TLS source (owner `shop/tls`) of a model that creates `credential`: SIMPLE TLS for
 * shop.example.com on port 443 in namespace edge. The credential is not type-checked (a test may
 * give one the model checks must refuse), and the TLS settings leave out minProtocolVersion.
 */
export function credentialTlsSource(credential: object): TlsSourceModel {
  return {
    source: 'shop/tls',
    name: 'tls',
    namespace: 'edge',
    hosts: ['shop.example.com'],
    port: 443,
    tls: { mode: TlsMode.SIMPLE },
    credentials: [credential],
  } as unknown as TlsSourceModel;
}
