// The public API: classes, interfaces and enums only (no free functions or
// constants), the shape jsii needs to package the library for other
// languages. The route model and the pure render entry point are in the
// `cdk8s-istio-ingress/model` subpath (src/model/index.ts).

export { ValidationError } from './errors';
export { IngressApiKind, ProxyMode, ListenerProtocol, TlsMode, TlsVersion, PathMatchType, StringMatchType, PathModifierType } from './model/types';
export { Support, Feature, Capabilities } from './model/capabilities';
export type { Capability } from './model/capabilities';

export { IngressGateway } from './constructs/ingress-gateway';
export type { IngressGatewayProps } from './constructs/ingress-gateway';
export type { IIngressGateway } from './constructs/gateway-reference';
export type { GatewayImportOptions, GatewayListener } from './constructs/imported-gateway';
export { ExposedService } from './constructs/exposed-service';
export type { ExposedServiceProps } from './constructs/exposed-service';
export { TlsIngress } from './constructs/tls-ingress';
export type { TlsIngressProps } from './constructs/tls-ingress';
export { HttpbinApp } from './constructs/httpbin-app';
export type { HttpbinAppProps } from './constructs/httpbin-app';

export { Backend } from './values/backend';
export type { BackendService, IBackend, ServiceNameBackendOptions, ServiceBackendOptions, IServiceLike, IServiceMetadataLike, ServiceLikePort } from './values/backend';
export { GatewayProxy } from './values/gateway-proxy';
export type { ProxyAutoscaling, ProxyDisruptionBudget, BundledProxyOptions, ExistingProxyOptions } from './values/gateway-proxy';
export { IngressApi, AllowedRoutes } from './values/ingress-api';
export type { GatewayApiOptions, KubernetesIngressOptions } from './values/ingress-api';
export type { ObjectMetadata } from './values/metadata';
export { ProxyEgress } from './values/network-policy';
export type { ProxyNetworkPolicy } from './values/network-policy';
export { HttpMethod, PathMatch, StringMatch, RouteMatch } from './values/match';
export type { RouteMatchOptions } from './values/match';
export type { HttpRoute } from './values/route';
export { CertManagerIssuer, CertificateSource, ClientCertificateAuthority } from './values/certificate';
export type { SecretNameOptions, PemCertificateOptions, PemFilesOptions, CertManagerOptions, CaNameOptions } from './values/certificate';
export type { CorsPolicy } from './values/cors-policy';
export type { DirectResponse } from './values/direct-response';
export type { FaultDelay, FaultAbort, FaultInjection } from './values/fault-injection';
export type { HeaderModifier } from './values/header-modifier';
export { PathModifier } from './values/path-modifier';
export { Percentage } from './values/percentage';
export type { RequestMirror } from './values/request-mirror';
export { RedirectScheme } from './values/request-redirect';
export type { RequestRedirect } from './values/request-redirect';
export { RetryOn } from './values/retry-policy';
export type { RetryPolicy } from './values/retry-policy';
export type { UrlRewrite } from './values/url-rewrite';
export type { WeightedBackend } from './values/weighted-backend';

export { IngressOperator } from './operator/ingress-operator';
export type { IngressOperatorProps } from './operator/ingress-operator';
export { ProxyServiceType, ConditionStatus } from './operator/spec';
export type * from './operator/spec';

export { RouteExplainer } from './explain/explainer';
export type { RouteExplainerOptions } from './explain/explainer';
export { ManifestError, RequestError } from './explain/errors';
export { RouteOutcome, TraceReason, PolicyKind } from './explain/result';
export type { ObjectRef, TraceEntry, ListenerInfo, RouteInfo, BackendInfo, RedirectInfo, DirectResponseInfo, PolicyInfo, GatewaySelector, ExplainRequest, RequestInfo, ExplainResult, RouteTableEntry, VirtualHostTable, ListenerTable, GatewayTable, RoutingTable, IgnoredObject } from './explain/result';
export { RoutingDiagram } from './explain/diagram';
export { RouteTestSuite } from './explain/route-tests';
export type { RouteExpectation, RouteTest, RouteTestFailure, RouteTestReport } from './explain/route-tests';
