import { App, Chart } from 'cdk8s';
import { Backend, ExplainRequest, ExposedService, IngressGateway, RouteExplainer, RouteMatch, RouteOutcome } from '../src';
import { BENCH_APIS, BenchApi, exposeServices } from './scenario';

/**
 * One measurement of the route explainer in a fresh process, run by the
 * harness (`node lib/bench/explain-child.js`):
 *
 * - for each API, the manifests of 1000 services (bench/scenario.ts) are
 *   synthesised (not timed), then the explainer is built from them and
 *   answers 10,000 requests (hits, misses, unknown hosts), both timed;
 * - the cost of one request as the number of services grows (100, 1000,
 *   5000, two routes per host), which must stay flat: a request only looks
 *   at its own host's routes;
 * - the cost as the routes of the request's host grow (2, 20, 200, among
 *   1000 other services), which grows with them.
 *
 * Prints one JSON line (ExplainMeasurement).
 */

export interface ExplainRun {
  readonly api: BenchApi;
  readonly services: number;
  readonly objects: number;
  readonly buildMs: number;
  readonly requests: number;
  readonly requestsMs: number;
  readonly perRequestUs: number;
  /** Forwarded, not found: the requests were not all alike. */
  readonly outcomes: Readonly<Record<string, number>>;
}

export interface ExplainMeasurement {
  readonly runs: readonly ExplainRun[];
  /** Microseconds per request by number of services, two routes per host. */
  readonly byServices: readonly { readonly services: number; readonly perRequestUs: number }[];
  /** Microseconds per request by number of routes of the request's host, among 1000 other services. */
  readonly byHostRoutes: readonly { readonly routes: number; readonly perRequestUs: number }[];
}

const REQUESTS = 10_000;

function manifests(build: (app: App) => void): unknown[] {
  const app = new App();
  build(app);
  return app.charts.flatMap((chart) => chart.toJson());
}

/** Requests on the services' hosts: both routes, a path no route has, and a host no service has. */
function requests(services: number, count: number): ExplainRequest[] {
  const paths = ['/api/users', '/static/app.js', '/other', '/api'];
  return Array.from({ length: count }, (_, i) => ({
    url: `http://${i % 10 === 9 ? 'unknown' : `svc-${(i * 7919) % services}`}.example.com${paths[i % paths.length]}`,
  }));
}

function timeRequests(explainer: RouteExplainer, list: readonly ExplainRequest[]): { ms: number; outcomes: Record<string, number> } {
  const outcomes: Record<string, number> = {};
  const start = process.hrtime.bigint();
  for (const request of list) {
    const { outcome } = explainer.explain(request);
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, outcomes };
}

function measureApi(api: BenchApi, services: number): ExplainRun {
  const objects = manifests((app) => exposeServices(app, api, services));
  (globalThis as { gc?: () => void }).gc?.();
  const start = process.hrtime.bigint();
  const explainer = RouteExplainer.fromManifests(objects);
  const buildMs = Number(process.hrtime.bigint() - start) / 1e6;
  const { ms, outcomes } = timeRequests(explainer, requests(services, REQUESTS));
  if (!outcomes[RouteOutcome.FORWARD] || !outcomes[RouteOutcome.NOT_FOUND]) throw new Error(`unexpected outcomes for ${api}: ${JSON.stringify(outcomes)}`);
  return { api, services, objects: objects.length, buildMs, requests: REQUESTS, requestsMs: ms, perRequestUs: (ms * 1000) / REQUESTS, outcomes };
}

/** One host with `routes` prefix routes, among `others` services of two routes each (Istio API: a VirtualService holds any number). */
function bigHost(routes: number, others: number): unknown[] {
  return manifests((app) => {
    const chart = exposeServices(app, 'istio', others);
    const gateway = chart.node.findAll().find((c): c is IngressGateway => c instanceof IngressGateway)!;
    new ExposedService(chart as Chart, 'big', {
      gateway,
      backend: Backend.fromServiceName('big', { namespace: 'default', port: 8080, portName: 'http' }),
      hosts: ['big.example.com'],
      routes: Array.from({ length: routes }, (_, k) => ({ matches: [RouteMatch.pathPrefix(`/p${k}`)] })),
    });
  });
}

function perRequest(explainer: RouteExplainer, list: readonly ExplainRequest[]): number {
  timeRequests(explainer, list.slice(0, 500));
  return (timeRequests(explainer, list).ms * 1000) / list.length;
}

function main(): void {
  const runs = BENCH_APIS.map((api) => measureApi(api, 1000));
  const byServices = [100, 1000, 5000].map((services) => ({
    services,
    perRequestUs: perRequest(RouteExplainer.fromManifests(manifests((app) => exposeServices(app, 'istio', services))), requests(services, REQUESTS)),
  }));
  // The request misses every route of the big host, so each of its routes is tried.
  const miss = Array.from({ length: REQUESTS }, () => ({ url: 'http://big.example.com/none' }));
  const byHostRoutes = [2, 20, 200].map((routes) => ({ routes, perRequestUs: perRequest(RouteExplainer.fromManifests(bigHost(routes, 1000)), miss) }));
  const measurement: ExplainMeasurement = { runs, byServices, byHostRoutes };
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

main();
