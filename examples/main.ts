import { App } from 'cdk8s';
import { HelloIstioApi, HttpbinIstioApi, HttpbinIstioApiAnyHost, HttpbinIstioApiTimeout } from './istio-api';
import { HttpbinKubernetesIngress, HttpbinKubernetesIngressClass } from './kubernetes-ingress';

/**
 * One chart per walkthrough scenario; `cdk8s synth` writes each to
 * dist/<chart>.k8s.yaml. Each chart stands alone: apply one at a time.
 */
export function buildExamples(app: App): App {
  new HttpbinIstioApi(app, 'httpbin-istio-api');
  new HttpbinIstioApiAnyHost(app, 'httpbin-istio-api-any-host');
  new HttpbinIstioApiTimeout(app, 'httpbin-istio-api-timeout');
  new HelloIstioApi(app, 'hello-istio-api');
  new HttpbinKubernetesIngress(app, 'httpbin-kubernetes-ingress');
  new HttpbinKubernetesIngressClass(app, 'httpbin-kubernetes-ingress-class');
  return app;
}

if (require.main === module) {
  buildExamples(new App()).synth();
}
