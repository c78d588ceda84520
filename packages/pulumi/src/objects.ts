import { isDeepStrictEqual } from 'node:util';
import { Chart } from 'cdk8s';
import { invalidArgument } from './errors';

/** A Kubernetes object as cdk8s synthesises it (plain JSON). */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly [field: string]: unknown;
  };
  readonly [field: string]: unknown;
}

/** One object of the charts, with the first chart that holds it. */
export interface ChartObject {
  /** The object's identity in the cluster (see `objectKey`). */
  readonly key: string;
  readonly manifest: Manifest;
  /** Construct path of the chart, for messages. */
  readonly chart: string;
}

/**
 * `<Kind>[.<group>]`, as kubectl spells a kind. The API group is part of an
 * object's identity (Istio's Gateway is not the Gateway API's); the version is
 * not, since the API server serves one object under every version.
 */
export function kindKey(apiVersion: string, kind: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? kind : `${kind}.${apiVersion.slice(0, slash)}`;
}

/** `<Kind>[.<group>]/[<namespace>/]<name>`, e.g. `Service/istio-ingress/istio-ingressgateway`, `Namespace/istio-ingress`. */
export function objectKey(manifest: Manifest): string {
  const { name, namespace } = manifest.metadata;
  return [kindKey(manifest.apiVersion, manifest.kind), ...(namespace === undefined ? [] : [namespace]), name].join('/');
}

/**
 * Every object of the charts, once. `chart.toJson()` runs cdk8s's validation
 * of the chart's whole app, exactly as `cdk8s synth` does, so every chart is
 * validated before the caller registers anything.
 *
 * Charts that stand alone repeat what they share (each carries the namespaces
 * it uses): an object found again with identical content is kept once; found
 * again with different content, it is an error naming both charts.
 */
export function collectObjects(component: string, charts: readonly Chart[]): ChartObject[] {
  const synthesised = charts.map((chart) => ({ chart: chart.node.path, manifests: chart.toJson() as Manifest[] }));
  const byKey = new Map<string, ChartObject>();
  for (const { chart, manifests } of synthesised) {
    for (const manifest of manifests) {
      const key = objectKey(manifest);
      const first = byKey.get(key);
      if (first === undefined) {
        byKey.set(key, { key, manifest, chart });
      } else if (!isDeepStrictEqual(first.manifest, manifest)) {
        const where = first.chart === chart ? `twice in chart "${chart}"` : `in chart "${first.chart}" and in chart "${chart}"`;
        invalidArgument(
          component,
          'charts',
          `${key} is ${where} with different content; one object can only be deployed once: ` +
            'make the two identical, or give one of them another name or namespace',
        );
      }
    }
  }
  return [...byKey.values()];
}
