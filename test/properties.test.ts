import { App, Chart, Duration } from 'cdk8s';
import fc from 'fast-check';
import {
  Backend,
  CertificateSource,
  ExposedService,
  HttpbinApp,
  HttpMethod,
  HttpRoute,
  IngressApi,
  IngressGateway,
  PathMatch,
  RouteMatch,
  StringMatch,
  TlsIngress,
  ValidationError,
} from '../src';
import { Manifest, synthApp } from './support/synth';

/**
 * Property-based tests over random construct props. The default run is
 * seeded and short; set PROPERTY_RUNS (and PROPERTY_SEED) for a long run, e.g.
 * `PROPERTY_RUNS=5000 npx jest test/properties.test.ts`.
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);
const SEED = Number(process.env.PROPERTY_SEED ?? 20261121);
const settings = { numRuns: RUNS, seed: SEED };

type Api = 'istio' | 'gateway-api' | 'kubernetes-ingress';

interface ServiceSpec {
  readonly hosts: string[];
  readonly routes?: HttpRoute[];
  readonly port: number;
}

interface Scenario {
  readonly api: Api;
  readonly services: ServiceSpec[];
  /** Indexes of services whose first host gets TLS. */
  readonly tls: number[];
}

const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,8}[a-z0-9])?$/);
const segment = fc.stringMatching(/^[a-z0-9_-]{1,8}$/);
const path = fc.array(segment, { maxLength: 3 }).map((parts) => `/${parts.join('/')}`);
const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
const headerValue = fc.stringMatching(/^[A-Za-z0-9._-]{1,12}$/);
const method = fc.constantFrom(...Object.values(HttpMethod));

/** Hosts unique to service `i`, so that services never claim each other's routes. */
const hostsOf = (i: number) =>
  fc.uniqueArray(
    fc.oneof(
      label.map((l) => `${l}.s${i}.example.com`),
      label.map((l) => `*.${l}.s${i}.example.org`),
    ),
    { minLength: 1, maxLength: 3 },
  );

/** Matches the API can express: Ingress only has path prefixes and exact paths. */
function matchOf(api: Api, prefix: string): fc.Arbitrary<RouteMatch> {
  const paths =
    api === 'kubernetes-ingress'
      ? fc.oneof(path.map((p) => PathMatch.prefix(prefix + p)), path.map((p) => PathMatch.exact(prefix + p)))
      : fc.oneof(
          path.map((p) => PathMatch.prefix(prefix + p)),
          path.map((p) => PathMatch.exact(prefix + p)),
          fc.constantFrom('/[0-9]+', '/(a|b)/.*', '/v[12]/users').map((r) => PathMatch.regex(prefix + r)),
        );
  if (api === 'kubernetes-ingress') return paths.map((p) => RouteMatch.of({ path: p }));
  return fc
    .record({
      path: paths,
      headers: fc.option(fc.dictionary(headerName, headerValue.map((v) => StringMatch.exact(v)), { maxKeys: 2 }), { nil: undefined }),
      queryParams: fc.option(fc.dictionary(headerName, headerValue.map((v) => StringMatch.regex(`${v}.*`)), { maxKeys: 1 }), { nil: undefined }),
      method: fc.option(method, { nil: undefined }),
    })
    .map((options) => RouteMatch.of(options));
}

/** Routes of one service: each route's matches start with its own path, so no two routes repeat a match. */
function routesOf(api: Api): fc.Arbitrary<HttpRoute[] | undefined> {
  const route = (k: number): fc.Arbitrary<HttpRoute> =>
    fc.record(
      {
        matches: fc.uniqueArray(matchOf(api, `/r${k}`), { minLength: 1, maxLength: 3, selector: (m) => JSON.stringify(m.options) }),
        ...(api === 'kubernetes-ingress' ? {} : { timeout: fc.option(fc.integer({ min: 1, max: 120000 }).map((ms) => Duration.millis(ms)), { nil: undefined }) }),
      },
      { requiredKeys: ['matches'] },
    );
  return fc.option(
    fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, k) => route(k)))),
    { nil: undefined },
  );
}

const scenario: fc.Arbitrary<Scenario> = fc.constantFrom<Api>('istio', 'gateway-api', 'kubernetes-ingress').chain((api) =>
  fc.integer({ min: 1, max: 4 }).chain((count) =>
    fc.record({
      api: fc.constant(api),
      services: fc.tuple(
        ...Array.from({ length: count }, (_, i) =>
          fc.record({
            hosts: hostsOf(i),
            routes: routesOf(api),
            port: api === 'kubernetes-ingress' ? fc.constant(80) : fc.constantFrom(80, 8080),
          }),
        ),
      ),
      tls: fc.uniqueArray(fc.integer({ min: 0, max: count - 1 }), { maxLength: count }),
    }),
  ),
);

function ingressApi(api: Api): IngressApi {
  if (api === 'gateway-api') return IngressApi.gatewayApi();
  if (api === 'kubernetes-ingress') return IngressApi.kubernetesIngress();
  return IngressApi.istio();
}

/** Builds the scenario in a fresh app: a gateway, httpbin, one ExposedService per spec, TLS for some hosts. */
function build(s: Scenario): App {
  const app = new App();
  const chart = new Chart(app, 'prop');
  // The Gateway API's default allowedRoutes accepts routes from the Gateway's namespace only.
  const gateway = new IngressGateway(chart, 'gw', { api: ingressApi(s.api), ...(s.api === 'gateway-api' ? { namespace: 'default' } : {}) });
  const httpbin = new HttpbinApp(chart, 'httpbin');
  s.services.forEach((spec, i) => {
    const backend = i % 2 === 0 ? httpbin : Backend.fromServiceName(`svc-${i}`, { port: 8080, portName: 'http' });
    new ExposedService(chart, `svc-${i}`, { gateway, backend, hosts: spec.hosts, routes: spec.routes, port: spec.port });
  });
  for (const i of s.tls) {
    new TlsIngress(chart, `tls-${i}`, { gateway, hosts: [s.services[i].hosts[0]], certificate: CertificateSource.fromSecretName(`cert-${i}`) });
  }
  return app;
}

/** How many (host-independent) matches each route object carries, by object name. */
function renderedMatches(objects: Manifest[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const o of objects) {
    let n: number | undefined;
    if (o.kind === 'VirtualService' && o.spec.http) n = o.spec.http.reduce((sum: number, h: { match?: unknown[] }) => sum + (h.match?.length ?? 1), 0);
    if (o.kind === 'HTTPRoute' && !o.metadata.name.endsWith('-https-redirect')) n = o.spec.rules.reduce((sum: number, r: { matches?: unknown[] }) => sum + (r.matches?.length ?? 1), 0);
    if (o.kind === 'Ingress') n = o.spec.rules[0].http.paths.length;
    if (n !== undefined) counts.set(o.metadata.name, n);
  }
  return counts;
}

describe('properties of valid input', () => {
  test('synthesis succeeds, every object is valid and secure, nothing is dropped, and output is deterministic', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        // synthApp validates every object strictly against its schema and the security rules.
        const objects = synthApp(build(s));
        const counts = renderedMatches(objects);
        s.services.forEach((spec, i) => {
          const expected = spec.routes ? spec.routes.reduce((sum, r) => sum + (r.matches?.length ?? 1), 0) : 1;
          expect(counts.get(`svc-${i}`)).toBe(expected);
        });
        expect(build(s).synthYaml()).toBe(build(s).synthYaml());
      }),
      settings,
    );
  });
});

/** One invalid value, the field it is given to, and the field the error must name. */
interface Mutation {
  readonly description: string;
  readonly apply: (services: ServiceSpec[]) => { services: ServiceSpec[]; port?: number };
  readonly field: RegExp;
}

const badHost = fc.oneof(
  label.filter((l) => /[a-z]/.test(l)).map((l) => `${l.toUpperCase()}.example.com`),
  fc.tuple(fc.nat(255), fc.nat(255)).map(([a, b]) => `10.0.${a}.${b}`),
  label.map((l) => `${l}.*.example.com`),
  fc.constant(''),
  label.map((l) => `${l} .example.com`),
);
const badPath = fc.oneof(segment.map((s) => s), segment.map((s) => `/${s}//x`), segment.map((s) => `/${s}/../x`), segment.map((s) => `/${s} x`));
const badPort = fc.oneof(fc.integer({ min: -1000, max: 0 }), fc.integer({ min: 65536, max: 100000 }), fc.constantFrom(15020, 15021, 15090));

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  badHost.map((host) => ({
    description: `host ${JSON.stringify(host)}`,
    apply: (services: ServiceSpec[]) => ({ services: [{ ...services[0], hosts: [...services[0].hosts, host] }, ...services.slice(1)] }),
    field: /hosts\[\d+\]/,
  })),
  badPath.map((p) => ({
    description: `path ${JSON.stringify(p)}`,
    apply: (services: ServiceSpec[]) => ({ services: [{ ...services[0], routes: [{ matches: [RouteMatch.pathPrefix(p)] }] }, ...services.slice(1)] }),
    field: /routes\[0\]\.matches\[0\]\.path/,
  })),
  badPort.map((port) => ({
    description: `port ${port}`,
    apply: (services: ServiceSpec[]) => ({ services: [{ ...services[0], port }, ...services.slice(1)] }),
    field: /port/,
  })),
  fc.oneof(fc.constant(0), fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.integer({ min: 99999 * 3600 * 1000 + 1, max: 2 ** 40 })).map((ms) => ({
    description: `timeout ${ms}ms`,
    apply: (services: ServiceSpec[]) => ({ services: [{ ...services[0], routes: [{ timeout: Duration.millis(ms) }] }, ...services.slice(1)] }),
    field: /routes\[0\]\.timeout/,
  })),
);

describe('properties of invalid input', () => {
  test('one invalid value fails with a ValidationError naming the construct and the field, never a TypeError', () => {
    fc.assert(
      fc.property(scenario, mutation, (s, m) => {
        const broken: Scenario = { ...s, services: m.apply(s.services).services };
        let error: unknown;
        try {
          synthApp(build(broken));
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(ValidationError);
        const { constructPath, field, message } = error as ValidationError;
        expect(constructPath).toBe('prop/svc-0');
        expect(field).toMatch(m.field);
        expect(message.startsWith(`[prop/svc-0] ${field}: `)).toBe(true);
      }),
      settings,
    );
  });

  test('features an API cannot express fail at synth time, naming the feature, the API and the alternatives, before anything is emitted', () => {
    const unsupported = fc.oneof(
      fc.constant<HttpRoute>({ matches: [RouteMatch.pathRegex('/[0-9]+')] }),
      headerName.map((h): HttpRoute => ({ matches: [RouteMatch.of({ headers: { [h]: StringMatch.exact('x') } })] })),
      method.map((m): HttpRoute => ({ matches: [RouteMatch.of({ method: m })] })),
      fc.integer({ min: 1, max: 9999 }).map((ms): HttpRoute => ({ timeout: Duration.millis(ms) })),
    );
    fc.assert(
      fc.property(
        scenario.filter((s) => s.api === 'kubernetes-ingress'),
        unsupported,
        (s, route) => {
          const app = build({ ...s, services: [{ ...s.services[0], routes: [route] }, ...s.services.slice(1)] });
          expect(() => synthApp(app)).toThrow(
            /\[prop\/svc-0\] routes\[0\]\S*: .* is not supported by the Kubernetes Ingress \(IngressApi\.kubernetesIngress\(\)\).*; use the Istio API \(IngressApi\.istio\(\)\) or the Gateway API \(IngressApi\.gatewayApi\(\)\) for this route/,
          );
        },
      ),
      { ...settings, numRuns: Math.max(20, Math.floor(RUNS / 3)) },
    );
  });
});
