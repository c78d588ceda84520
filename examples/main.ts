import { App } from 'cdk8s';
import { HttpbinCors, HttpbinDirectResponse, HttpbinFault, HttpbinHeaders, HttpbinMirror, HttpbinNetworkPolicy, HttpbinRedirect, HttpbinRewrite } from './features';
import { HttpbinGatewayApi, HttpbinGatewayApiAnyHost, HttpbinGatewayApiExisting, HttpbinGatewayApiManual } from './gateway-api';
import { HelloIstioApi, HttpbinIstioApi, HttpbinIstioApiAnyHost, HttpbinIstioApiTimeout } from './istio-api';
import { HttpbinKubernetesIngress, HttpbinKubernetesIngressClass } from './kubernetes-ingress';
import { OperatorInstall } from './operator';
import { HttpbinCertManager, HttpbinKubernetesIngressTls, HttpbinMutualTls, HttpbinSimpleTls, NginxPassthrough, TwoHostsTls } from './tls';
import { SharedGatewayApiApp, SharedGatewayApiPlatform, SharedIstioApiApp, SharedIstioApiPlatform } from './shared-gateway';
import { HttpbinCanary } from './traffic';

/**
 * One chart per walkthrough scenario; `cdk8s synth` writes each to
 * dist/<chart>.k8s.yaml. Each chart stands alone: apply one at a time.
 */
export function buildExamples(app: App): App {
  new HttpbinIstioApi(app, 'httpbin-istio-api');
  new HttpbinIstioApiAnyHost(app, 'httpbin-istio-api-any-host');
  new HttpbinIstioApiTimeout(app, 'httpbin-istio-api-timeout');
  new HelloIstioApi(app, 'hello-istio-api');
  new HttpbinGatewayApi(app, 'httpbin-gateway-api');
  new HttpbinGatewayApiAnyHost(app, 'httpbin-gateway-api-any-host');
  new HttpbinGatewayApiManual(app, 'httpbin-gateway-api-manual');
  new HttpbinGatewayApiExisting(app, 'httpbin-gateway-api-existing');
  new HttpbinKubernetesIngress(app, 'httpbin-kubernetes-ingress');
  new HttpbinKubernetesIngressClass(app, 'httpbin-kubernetes-ingress-class');
  for (const api of ['istio', 'gateway-api'] as const) {
    const suffix = api === 'istio' ? 'istio-api' : 'gateway-api';
    new HttpbinSimpleTls(app, `httpbin-${suffix}-tls`, api);
    new HttpbinMutualTls(app, `httpbin-${suffix}-mtls`, api);
    new TwoHostsTls(app, `two-hosts-${suffix}-tls`, api);
    new NginxPassthrough(app, `nginx-${suffix}-passthrough`, api);
    new HttpbinCertManager(app, `httpbin-${suffix}-cert-manager`, api);
  }
  new HttpbinKubernetesIngressTls(app, 'httpbin-kubernetes-ingress-tls');
  new HttpbinCanary(app, 'httpbin-istio-api-canary', 'istio');
  new HttpbinCanary(app, 'httpbin-gateway-api-canary', 'gateway-api');
  for (const api of ['istio', 'gateway-api'] as const) {
    const suffix = api === 'istio' ? 'istio-api' : 'gateway-api';
    new HttpbinRewrite(app, `httpbin-${suffix}-rewrite`, api);
    new HttpbinRedirect(app, `httpbin-${suffix}-redirect`, api);
    new HttpbinHeaders(app, `httpbin-${suffix}-headers`, api);
    new HttpbinMirror(app, `httpbin-${suffix}-mirror`, api);
    new HttpbinCors(app, `httpbin-${suffix}-cors`, api);
  }
  // The Gateway API has no fault injection or direct response (see "What each API supports").
  new HttpbinFault(app, 'httpbin-istio-api-fault');
  new HttpbinDirectResponse(app, 'httpbin-istio-api-direct-response');
  new HttpbinNetworkPolicy(app, 'httpbin-istio-api-network-policy');
  new SharedIstioApiPlatform(app, 'shared-istio-api-platform');
  new SharedIstioApiApp(app, 'shared-istio-api-app');
  new SharedGatewayApiPlatform(app, 'shared-gateway-api-platform');
  new SharedGatewayApiApp(app, 'shared-gateway-api-app');
  new OperatorInstall(app, 'operator');
  return app;
}

if (require.main === module) {
  buildExamples(new App()).synth();
}
