import { App, Chart, Duration } from 'cdk8s';
import * as fc from 'fast-check';
import { AllowedRoutes, Backend, ExposedService, HttpRoute, IngressApi, IngressGateway, RetryOn, RouteMatch } from '../../src';
import { sync } from '../../src/operator/hooks';
import { KubeObject } from '../../src/operator/metacontroller';
import { assertValidManifests } from '../support/schema-validator';
import { Manifest, synth } from '../support/synth';
import { cr, syncRequest } from './support';

/**
 * Random valid scenarios, written twice by independent code: as custom
 * resources (for the hooks) and as a construct program (the construct
 * calls a user would write). The hooks must produce the program's objects.
 */
interface RouteCase {
  readonly prefix: string;
  readonly timeoutSeconds?: number;
  readonly retries?: number;
  readonly header?: string;
  readonly split?: number;
}
interface ServiceCase {
  readonly host: string;
  readonly port: number;
  readonly routes: readonly RouteCase[];
}
interface Scenario {
  readonly api: 'istio' | 'gateway-api';
  readonly services: readonly ServiceCase[];
}

const route = (api: Scenario['api']): fc.Arbitrary<RouteCase> =>
  fc.record(
    {
      prefix: fc.constantFrom('/api', '/status', '/v1/items', '/static', '/a-b'),
      timeoutSeconds: fc.integer({ min: 1, max: 90 }),
      // The Gateway API's standard channel has no retries: only the Istio API's routes get them.
      retries: api === 'istio' ? fc.integer({ min: 0, max: 5 }) : fc.constant(undefined),
      header: fc.constantFrom('x-env', 'x-team'),
      split: fc.integer({ min: 1, max: 99 }),
    },
    { requiredKeys: ['prefix'] },
  );

const scenario: fc.Arbitrary<Scenario> = fc.constantFrom<Scenario['api']>('istio', 'gateway-api').chain((api) =>
  fc.record({
    api: fc.constant(api),
    services: fc.uniqueArray(
      fc.record({
        host: fc.constantFrom('a.example.com', 'b.example.com', 'shop.example.org', 'x.test'),
        port: fc.constantFrom(80, 8080, 9000),
        routes: fc.uniqueArray(route(api), { maxLength: 4, selector: (r) => r.prefix }),
      }),
      { minLength: 1, maxLength: 3, selector: (s) => s.host },
    ),
  }),
);

const backendSpec = (i: number, s: ServiceCase) => ({ serviceName: `svc-${i}`, port: s.port, portName: 'http' });

function resources(sc: Scenario): KubeObject[] {
  const gateway = cr('IngressGateway', 'edge', 'public', sc.api === 'istio' ? {} : { api: { gatewayApi: { allowedRoutes: { allNamespaces: {} } } } });
  const services = sc.services.map((s, i) =>
    cr('ExposedService', 'shop', `svc-${i}`, {
      gateway: { name: 'public', namespace: 'edge' },
      backend: backendSpec(i, s),
      hosts: [s.host],
      port: s.port,
      ...(s.routes.length > 0
        ? {
          routes: s.routes.map((r) => ({
            matches: [{ path: { prefix: r.prefix } }],
            ...(r.timeoutSeconds === undefined ? {} : { timeout: `${r.timeoutSeconds}s` }),
            ...(r.retries === undefined ? {} : { retries: { attempts: r.retries, ...(r.retries > 0 ? { retryOn: ['gateway-error', '503'] } : {}) } }),
            ...(r.header === undefined ? {} : { requestHeaders: { set: { [r.header]: 'on' } } }),
            ...(r.split === undefined
              ? {}
              : { backends: [{ backend: backendSpec(i, s), weight: 100 - r.split }, { backend: { ...backendSpec(i, s), serviceName: `svc-${i}-canary` }, weight: r.split }] }),
          })),
        }
        : {}),
    }, { metadata: { creationTimestamp: `2026-01-0${i + 1}T00:00:00Z` } }),
  );
  return [gateway, ...services];
}

function program(sc: Scenario): Manifest[] {
  const chart = new Chart(new App(), 'program');
  const gateway = new IngressGateway(chart, 'public', {
    namespace: 'edge',
    createNamespace: false,
    api: sc.api === 'istio' ? IngressApi.istio() : IngressApi.gatewayApi({ allowedRoutes: AllowedRoutes.allNamespaces() }),
  });
  sc.services.forEach((s, i) => {
    const backend = Backend.fromServiceName(`svc-${i}`, { port: s.port, portName: 'http' });
    const canary = Backend.fromServiceName(`svc-${i}-canary`, { port: s.port, portName: 'http' });
    const routes: HttpRoute[] = s.routes.map((r) => ({
      matches: [RouteMatch.pathPrefix(r.prefix)],
      timeout: r.timeoutSeconds === undefined ? undefined : Duration.seconds(r.timeoutSeconds),
      retries: r.retries === undefined ? undefined : { attempts: r.retries, retryOn: r.retries > 0 ? [RetryOn.GATEWAY_ERROR, RetryOn.statusCode(503)] : undefined },
      requestHeaders: r.header === undefined ? undefined : { set: { [r.header]: 'on' } },
      backends: r.split === undefined ? undefined : [{ backend, weight: 100 - r.split }, { backend: canary, weight: r.split }],
    }));
    new ExposedService(chart, `svc-${i}`, { gateway, namespace: 'shop', backend, hosts: [s.host], port: s.port, routes: routes.length > 0 ? routes : undefined });
  });
  return synth(chart);
}

const keyed = (objects: readonly Manifest[]) => Object.fromEntries(objects.map((o) => [`${o.kind} ${o.metadata.namespace}/${o.metadata.name}`, o]));

test('random valid custom resources through the sync hook equal the construct program\'s objects', () => {
  fc.assert(
    fc.property(scenario, (sc) => {
      const all = resources(sc);
      const children = all.flatMap((parent) => {
        const { response } = sync(parent.kind as never, syncRequest(parent, { related: all }), new Date(0));
        expect((response.status.conditions as { reason: string }[])[0].reason).toBe('Reconciled');
        return response.children as Manifest[];
      });
      assertValidManifests(children);
      expect(keyed(children)).toStrictEqual(keyed(program(sc)));
    }),
    { numRuns: 25 },
  );
});
