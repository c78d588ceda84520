import { parseAllDocuments } from 'yaml';
import { ExplainRequest, ExplainResult, RouteExplainer, RouteExplainerOptions, TraceReason } from '../../src';

/** The objects of a multi-document YAML text. */
export function objects(yaml: string): unknown[] {
  return parseAllDocuments(yaml)
    .map((d) => d.toJS())
    .filter((o) => o !== null && o !== undefined);
}

export function explainer(yaml: string, options?: RouteExplainerOptions): RouteExplainer {
  return RouteExplainer.fromManifests(objects(yaml), options);
}

export function explain(yaml: string, request: ExplainRequest | string, options?: RouteExplainerOptions): ExplainResult {
  return explainer(yaml, options).explain(typeof request === 'string' ? { url: request } : request);
}

/** Backends as `name.namespace:port[ weight%]`. */
export function backends(result: ExplainResult): string[] {
  return result.backends.map((b) => `${b.name}${b.namespace ? `.${b.namespace}` : ''}${b.port !== undefined ? `:${b.port}` : ''}${b.weight !== 100 ? ` ${b.weight}%` : ''}`);
}

/** The trace entries of one reason, as `Kind ns/name field: message`. */
export function traced(result: ExplainResult, reason: TraceReason): string[] {
  return result.trace.filter((t) => t.reason === reason).map((t) => `${t.object.kind} ${t.object.namespace ? `${t.object.namespace}/` : ''}${t.object.name}${t.field ? ` ${t.field}` : ''}: ${t.message}`);
}

/** A Service with one named HTTP port, so that backends resolve. */
export function service(name: string, namespace = 'default', port = 8000): string {
  return `
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: { app: ${name} }
  ports: [{ name: http, port: ${port}, targetPort: 8080 }]
---`;
}

/**
 * A VirtualService for `hosts` on gateway istio-ingress/gw; `http` is its list
 * of HTTP routes as YAML lines indented by four spaces (`    - ${to('a')}`).
 */
export function vs(name: string, hosts: string[], http: string, meta = '', namespace = 'default', gateways = '["istio-ingress/gw"]'): string {
  return `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ${name}, namespace: ${namespace}${meta} }
spec:
  hosts: ${JSON.stringify(hosts)}
  gateways: ${gateways}
  http:
${http}
---`;
}

/** An HTTP route's destination: Service `svc` in namespace default, port 8000 (as `service()` defines it). */
export const to = (svc: string, port = 8000) => `route: [{ destination: { host: ${svc}.default.svc.cluster.local, port: { number: ${port} } } }]`;

/** An Istio Gateway istio-ingress/gw, plain HTTP on port 80 for any host. */
export const ISTIO_GATEWAY_YAML = `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: gw, namespace: istio-ingress }
spec:
  selector: { istio: ingressgateway }
  servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: ["*"] }]
---`;

/** A shop behind one Istio gateway: a redirect from /old, a header-matched canary, a 90/10 split, and its Services. */
export const SHOP_YAML = `${ISTIO_GATEWAY_YAML}${vs('shop', ['shop.example.com'], `    - match: [{ uri: { prefix: /old } }]
      redirect: { uri: /new, derivePort: FROM_REQUEST_PORT }
    - match: [{ headers: { x-canary: { exact: always } } }]
      ${to('v2')}
    - route:
        - { destination: { host: v1.default.svc.cluster.local, port: { number: 8000 } }, weight: 90 }
        - { destination: { host: v2.default.svc.cluster.local, port: { number: 8000 } }, weight: 10 }`)}
${service('v1')}
${service('v2')}`;
