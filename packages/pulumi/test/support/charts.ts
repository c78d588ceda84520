import { ApiObject, App, Chart } from 'cdk8s';

/** An object of a plain chart. */
export interface PlainObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** Top-level fields besides apiVersion, kind and metadata. */
  readonly fields?: Record<string, unknown>;
}

/** A chart of plain ApiObjects, as any cdk8s chart can hold. */
export function plainChart(objects: readonly PlainObject[], id = 'plain'): Chart {
  const chart = new Chart(new App(), id);
  objects.forEach(({ apiVersion, kind, name, namespace, fields }, i) => new ApiObject(chart, `o${i}`, { apiVersion, kind, metadata: { name, namespace }, ...fields }));
  return chart;
}

/** A chart with the Gateway API Gateway `istio-ingress/gw`, as the Gateway API flavour (or any chart) renders one. */
export function gatewayApiChart(options: { annotations?: Record<string, string>; listeners?: { name: string; port: number; protocol: string }[] } = {}): Chart {
  const chart = new Chart(new App(), 'gateway-api');
  new ApiObject(chart, 'gw', {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'gw', namespace: 'istio-ingress', annotations: options.annotations },
    spec: { gatewayClassName: 'istio', listeners: options.listeners ?? [{ name: 'http', port: 80, protocol: 'HTTP' }] },
  });
  return chart;
}
