import { createHash } from 'node:crypto';
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { compareStrings } from '../src/model/names';
import { measured, RunCost } from './clock';

/**
 * One measurement of the Kubernetes Ingress flavour against cdk8s-plus-28's
 * own `Ingress` construct building the same Ingresses, in a fresh process:
 *
 *   node --expose-gc lib/bench/ingress-child.js ours|kplus <count>
 *
 * Both sides create `count` cdk8s-plus Services and, for each, an Ingress
 * with the Service's host and two Prefix paths (/api, /static) to it. Ours
 * goes through an IngressGateway (IngressApi.kubernetesIngress()) and
 * ExposedServices, which also deploy the gateway's proxy and IngressClass
 * and run every check; cdk8s-plus's builds `kplus.Ingress` objects. Build +
 * `app.synthYaml()` is timed; module loading is not.
 */

export interface IngressMeasurement extends RunCost {
  readonly ingresses: number;
  readonly yamlSha256: string;
  /**
   * The Ingress objects alone, each rule's paths in path order (ours lists the longer prefix
   * first, as Istio matches them; cdk8s-plus keeps the order given): equal on both sides when
   * they build the same Ingresses.
   */
  readonly ingressesSha256: string;
}

async function main(): Promise<void> {
  const [variant, countText] = process.argv.slice(2);
  const count = Number(countText);
  let build: (app: App) => void;
  if (variant === 'ours') {
    const { Backend, ExposedService, IngressApi, IngressGateway, RouteMatch } = await import('../src');
    build = (app) => {
      const chart = new Chart(app, 'bench');
      const gateway = new IngressGateway(chart, 'gateway', { api: IngressApi.kubernetesIngress() });
      for (let i = 0; i < count; i++) {
        const service = new kplus.Service(chart, `svc-${i}`, { metadata: { name: `svc-${i}`, namespace: 'default' }, ports: [{ port: 8080, name: 'http' }] });
        new ExposedService(chart, `ing-${i}`, {
          gateway,
          backend: Backend.fromService(service),
          hosts: [`svc-${i}.example.com`],
          routes: [{ matches: [RouteMatch.pathPrefix('/api'), RouteMatch.pathPrefix('/static')] }],
        });
      }
    };
  } else if (variant === 'kplus') {
    build = (app) => {
      const chart = new Chart(app, 'bench');
      for (let i = 0; i < count; i++) {
        const service = new kplus.Service(chart, `svc-${i}`, { metadata: { name: `svc-${i}`, namespace: 'default' }, ports: [{ port: 8080, name: 'http' }] });
        const backend = kplus.IngressBackend.fromService(service);
        const host = `svc-${i}.example.com`;
        new kplus.Ingress(chart, `ing-${i}`, {
          metadata: { name: `ing-${i}`, namespace: 'default' },
          className: 'istio',
          rules: [
            { host, path: '/api', pathType: kplus.HttpIngressPathType.PREFIX, backend },
            { host, path: '/static', pathType: kplus.HttpIngressPathType.PREFIX, backend },
          ],
        });
      }
    };
  } else {
    throw new Error(`unknown variant ${JSON.stringify(variant)}: expected ours or kplus`);
  }
  const { cost, result: { app, yaml } } = await measured(() => {
    const built = new App();
    build(built);
    return { app: built, yaml: built.synthYaml() };
  });
  const measurement: IngressMeasurement = {
    ...cost,
    ingresses: (yaml.match(/^kind: Ingress$/gm) ?? []).length,
    yamlSha256: createHash('sha256').update(yaml).digest('hex'),
    ingressesSha256: createHash('sha256').update(JSON.stringify(ingressObjects(app))).digest('hex'),
  };
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

/** The app's Ingresses (after the clock), each rule's paths sorted by path. */
function ingressObjects(app: App): unknown[] {
  type Ingress = { kind: string; spec?: { rules?: { http?: { paths?: { path?: string }[] } }[] } };
  const objects = app.charts.flatMap((chart) => chart.toJson() as Ingress[]).filter((o) => o.kind === 'Ingress');
  for (const rule of objects.flatMap((o) => o.spec?.rules ?? [])) rule.http?.paths?.sort((a, b) => compareStrings(a.path ?? '', b.path ?? ''));
  return objects;
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
