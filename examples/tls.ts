import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  CertificateSource,
  CertManagerIssuer,
  ClientCertificateAuthority,
  ExposedService,
  HttpbinApp,
  IngressApi,
  IngressGateway,
  RouteMatch,
  TlsIngress,
  TlsMode,
} from '../src';
import { HelloworldApp, NginxTlsApp } from './sample-backends';

/** The API of a scenario chart: the same code renders either. */
export type ApiChoice = 'istio' | 'gateway-api';

/** The gateway of a scenario chart: Istio API in istio-ingress, or Gateway API next to the routes in default, as in Istio's tasks. */
export function gatewayFor(scope: Construct, api: ApiChoice): IngressGateway {
  return new IngressGateway(scope, 'httpbin-gateway', { api: api === 'istio' ? IngressApi.istio() : IngressApi.gatewayApi(), ...(api === 'gateway-api' ? { namespace: 'default' } : {}) });
}

/**
 * Istio's "Secure Gateways" task, simple TLS: httpbin over HTTPS with the
 * certificate in the Secret `httpbin-credential` (create it with
 * `kubectl create secret tls`), plain HTTP redirected to HTTPS.
 */
export class HttpbinSimpleTls extends Chart {
  constructor(scope: Construct, id: string, api: ApiChoice) {
    super(scope, id);
    const gateway = gatewayFor(this, api);
    new TlsIngress(this, 'httpbin-tls', {
      gateway,
      hosts: ['httpbin.example.com'],
      certificate: CertificateSource.fromSecretName('httpbin-credential'),
    });
    new ExposedService(this, 'httpbin-ingress', {
      name: 'httpbin',
      gateway,
      backend: new HttpbinApp(this, 'httpbin'),
      hosts: ['httpbin.example.com'],
      routes: [{ matches: [RouteMatch.pathPrefix('/status'), RouteMatch.pathPrefix('/delay')] }],
    });
  }
}

/** The same task, mutual TLS: clients must present a certificate signed by the CA in `httpbin-credential`'s `ca.crt` (Istio) or the ConfigMap `httpbin-client-ca` (Gateway API). */
export class HttpbinMutualTls extends Chart {
  constructor(scope: Construct, id: string, api: ApiChoice) {
    super(scope, id);
    const gateway = gatewayFor(this, api);
    new TlsIngress(this, 'httpbin-tls', {
      gateway,
      hosts: ['httpbin.example.com'],
      mode: TlsMode.MUTUAL,
      certificate: CertificateSource.fromSecretName('httpbin-credential'),
      clientCa: api === 'istio' ? ClientCertificateAuthority.fromCertificateSecret() : ClientCertificateAuthority.fromConfigMapName('httpbin-client-ca'),
    });
    new ExposedService(this, 'httpbin-ingress', {
      name: 'httpbin',
      gateway,
      backend: new HttpbinApp(this, 'httpbin'),
      hosts: ['httpbin.example.com'],
      routes: [{ matches: [RouteMatch.pathPrefix('/status'), RouteMatch.pathPrefix('/delay')] }],
    });
  }
}

/**
 * The task's multiple-hosts variant: httpbin and helloworld on port 443, each
 * with its own certificate (SNI), both backends deployed by the chart. The
 * Secrets `httpbin-credential` and `helloworld-credential` are created with
 * `kubectl create secret tls` (README, "Trying TLS").
 */
export class TwoHostsTls extends Chart {
  constructor(scope: Construct, id: string, api: ApiChoice) {
    super(scope, id);
    const gateway = gatewayFor(this, api);
    new TlsIngress(this, 'httpbin-tls', { gateway, hosts: ['httpbin.example.com'], certificate: CertificateSource.fromSecretName('httpbin-credential') });
    new TlsIngress(this, 'helloworld-tls', { gateway, hosts: ['helloworld.example.com'], certificate: CertificateSource.fromSecretName('helloworld-credential') });
    new ExposedService(this, 'httpbin-ingress', { name: 'httpbin', gateway, backend: new HttpbinApp(this, 'httpbin'), hosts: ['httpbin.example.com'] });
    new ExposedService(this, 'helloworld-ingress', {
      name: 'helloworld',
      gateway,
      backend: new HelloworldApp(this, 'helloworld'),
      hosts: ['helloworld.example.com'],
      routes: [{ matches: [RouteMatch.pathPrefix('/hello')] }],
    });
  }
}

/**
 * "Ingress gateway without TLS termination": TLS for nginx.example.com passed
 * through to the `my-nginx` Service (deployed by the chart), which terminates
 * it with its own certificate from the Secret `nginx-server-certs`, created
 * beforehand with `kubectl create secret tls` (README, "TLS passthrough").
 */
export class NginxPassthrough extends Chart {
  constructor(scope: Construct, id: string, api: ApiChoice) {
    super(scope, id);
    const gateway = gatewayFor(this, api);
    new TlsIngress(this, 'nginx-passthrough', {
      name: 'nginx',
      gateway,
      hosts: ['nginx.example.com'],
      mode: TlsMode.PASSTHROUGH,
      backend: new NginxTlsApp(this, 'my-nginx', { host: 'nginx.example.com' }),
    });
  }
}

/** httpbin over HTTPS with a certificate cert-manager issues (a self-signed issuer, for a demo). */
export class HttpbinCertManager extends Chart {
  constructor(scope: Construct, id: string, api: ApiChoice) {
    super(scope, id);
    const gateway = gatewayFor(this, api);
    new TlsIngress(this, 'httpbin-tls', {
      gateway,
      hosts: ['httpbin.example.com'],
      certificate: CertificateSource.fromCertManager({ issuer: CertManagerIssuer.selfSigned() }),
    });
    new ExposedService(this, 'httpbin-ingress', { name: 'httpbin', gateway, backend: new HttpbinApp(this, 'httpbin'), hosts: ['httpbin.example.com'] });
  }
}

/**
 * The legacy ingress task's secure Ingress with today's API: any host over
 * HTTPS with the certificate in `istio-ingress-certs`, /status and /delay.
 */
export class HttpbinKubernetesIngressTls extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const gateway = new IngressGateway(this, 'istio-ingress', { api: IngressApi.kubernetesIngress() });
    new TlsIngress(this, 'secure-ingress-tls', { gateway, hosts: ['*'], certificate: CertificateSource.fromSecretName('istio-ingress-certs') });
    new ExposedService(this, 'secure-ingress', {
      gateway,
      backend: new HttpbinApp(this, 'httpbin'),
      hosts: ['*'],
      routes: [{ matches: [RouteMatch.pathPrefix('/status'), RouteMatch.pathPrefix('/delay')] }],
    });
  }
}
