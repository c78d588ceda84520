import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { GatewayModel, IngressApiKind, ListenerProtocol, modelOf, PathMatchType, ProxyMode, renderGateway, validateGateway } from 'cdk8s-istio-ingress/model';
import { buildExamples } from '../examples/main';
import { ExposedService, IIngressGateway, IngressGateway, TlsIngress } from '../src';
import * as fc from 'fast-check';
import { assertValidManifests } from './support/schema-validator';
import { jsonPaths } from './support/sweep';

/** The objects a construct's subtree holds after synthesis, in output order, each with the path of its owner. */
function objectsUnder(chart: Chart): { path: string; manifest: unknown }[] {
  return chart.node
    .findAll()
    .filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart)
    .map((object) => ({ path: object.node.path, manifest: object.toJson() }));
}

/** The gateways of a chart: created here, or imported by name. */
function gatewaysOf(chart: IConstruct): IIngressGateway[] {
  return chart.node.findAll().filter((c): c is IngressGateway => c instanceof IngressGateway || typeof (c as any)._gatewayModel === 'function');
}

function isUnder(path: string, owners: readonly IConstruct[]): boolean {
  return owners.some((owner) => path === owner.node.path || path.startsWith(`${owner.node.path}/`));
}

describe('the pure render entry point', () => {
  const app = buildExamples(new App());
  app.synthYaml();

  test.each(app.charts.filter((chart) => gatewaysOf(chart).length > 0).map((chart) => [chart.node.id, chart] as const))('chart %s: the entry point returns exactly the objects cdk8s synth writes', (_id, chart) => {
    // GIVEN the models of the chart's gateways, as JSON (they must survive serialisation)
    const models: GatewayModel[] = gatewaysOf(chart).map((gateway) => JSON.parse(JSON.stringify(modelOf(gateway))));
    expect(models.length).toBeGreaterThan(0);

    // WHEN
    const rendered = models.flatMap((model) => {
      const result = renderGateway(model);
      expect(result.problems).toStrictEqual([]);
      return result.objects;
    });

    // THEN every object the gateways, routes and TLS of the chart write comes from the entry point, with the same owner and id
    const owners = chart.node.findAll().filter((c) => gatewaysOf(c).includes(c as IIngressGateway) || c instanceof ExposedService || c instanceof TlsIngress);
    const written = objectsUnder(chart).filter(({ path }) => isUnder(path, owners));
    expect(rendered.map(({ owner, id, manifest }) => ({ path: `${owner}/${id}`, manifest })).sort(byPath)).toStrictEqual([...written].sort(byPath));
    expect(written.length).toBe(rendered.length);
  });

  test('works from plain data alone: a hand-written model renders valid objects, owner by owner', () => {
    // GIVEN a gateway written as JSON, without constructs
    const model: GatewayModel = {
      source: 'platform/edge',
      api: IngressApiKind.GATEWAY_API,
      name: 'edge',
      namespace: 'edge',
      proxy: { mode: ProxyMode.AUTOMATED, namespace: 'edge', selector: { 'gateway.networking.k8s.io/gateway-name': 'edge' }, serviceName: 'edge-istio' },
      routes: [
        {
          source: 'shop/web',
          name: 'web',
          namespace: 'edge',
          hosts: ['shop.example.com'],
          port: 80,
          rules: [{ matches: [{ path: { type: PathMatchType.PREFIX, value: '/cart' } }], backends: [{ name: 'cart', namespace: 'shop', port: 8080 }] }],
        },
      ],
      tls: [],
      clusterDomain: 'cluster.local',
    };

    // WHEN
    const { objects, problems, model: resolved } = renderGateway(model);

    // THEN
    expect(problems).toStrictEqual([]);
    expect(resolved.listeners).toStrictEqual([{ name: 'http', port: 80, protocol: ListenerProtocol.HTTP, hostname: 'shop.example.com' }]);
    expect(objects.map(({ owner, id, manifest }) => `${owner} ${id} ${manifest.kind}`)).toStrictEqual([
      'platform/edge Resource Gateway',
      'shop/web Resource HTTPRoute',
      'shop/web ReferenceGrant-shop ReferenceGrant',
    ]);
    const route = objects[1].manifest as any;
    expect(route.spec).toStrictEqual({
      hostnames: ['shop.example.com'],
      parentRefs: [{ name: 'edge' }],
      rules: [{ backendRefs: [{ name: 'cart', namespace: 'shop', port: 8080 }], matches: [{ path: { type: 'PathPrefix', value: '/cart' } }] }],
    });
    expect(() => assertValidManifests(objects.map((o) => o.manifest) as any)).not.toThrow();
  });

  test('renders nothing for a model with problems, and says why, naming the owner and the field', () => {
    const model: GatewayModel = {
      source: 'platform/edge',
      api: IngressApiKind.KUBERNETES_INGRESS,
      name: 'edge',
      namespace: 'istio-ingress',
      proxy: { mode: ProxyMode.EXISTING, namespace: 'istio-system', selector: { istio: 'ingressgateway' } },
      routes: [
        {
          source: 'team/api',
          name: 'api',
          namespace: 'team',
          hosts: ['api.example.com'],
          port: 8080,
          rules: [{ matches: [], backends: [{ name: 'api', namespace: 'team', port: 80 }], timeout: '4s' }],
        },
      ],
      tls: [],
      clusterDomain: 'cluster.local',
    };

    const { objects, problems } = renderGateway(model);
    expect(objects).toStrictEqual([]);
    expect(problems.map((p) => `${p.source} ${p.field}`)).toStrictEqual(['team/api routes[0].timeout', 'team/api port']);
    expect(problems[0].message).toMatch(/^request timeout is not supported by the Kubernetes Ingress \(IngressApi\.kubernetesIngress\(\)\)/);
    expect(validateGateway(model)).toStrictEqual(problems);
  });
});

describe('the entry point with models from outside the constructs', () => {
  const valid = (): any => ({
    source: 'platform/edge',
    api: IngressApiKind.ISTIO,
    name: 'edge',
    namespace: 'istio-ingress',
    proxy: { mode: ProxyMode.EXISTING, namespace: 'istio-system', selector: { istio: 'ingressgateway' } },
    routes: [
      {
        source: 'shop/web',
        name: 'web',
        namespace: 'shop',
        hosts: ['shop.example.com'],
        port: 80,
        rules: [{ matches: [{ path: { type: PathMatchType.PREFIX, value: '/cart' }, headers: [{ name: 'x-a', type: 'Exact', value: 'b' }] }], backends: [{ name: 'cart', namespace: 'shop', port: 8080 }] }],
      },
    ],
    tls: [],
    clusterDomain: 'cluster.local',
  });

  test.each([
    [null, 'model', 'model', /expected a GatewayModel object, received null/],
    [{ ...valid(), routes: 'web' }, 'platform/edge', 'routes', /expected a list, received the string "web"/],
    [{ ...valid(), api: 'nginx' }, 'platform/edge', 'api', /the string "nginx" is not allowed; allowed: istio, gateway-api, kubernetes-ingress/],
    [{ ...valid(), proxy: { ...valid().proxy, selector: { istio: 1 } } }, 'platform/edge', 'proxy.selector', /expected a map of strings/],
  ])('a malformed model gets problems naming the field, not a TypeError (%#)', (model, source, field, message) => {
    const problems = validateGateway(model as GatewayModel);
    expect(problems[0]).toMatchObject({ source, field });
    expect(problems[0].message).toMatch(message);
    expect(renderGateway(model as GatewayModel).objects).toStrictEqual([]);
  });

  test.each([IngressApiKind.ISTIO, IngressApiKind.GATEWAY_API, IngressApiKind.KUBERNETES_INGRESS])('a route without rules is a problem, not an object the cluster refuses (%s)', (api) => {
    const model = valid();
    model.api = api;
    model.routes[0].rules = [];
    expect(validateGateway(model)).toContainEqual(expect.objectContaining({ source: 'shop/web', field: 'rules', message: expect.stringMatching(/^lists no rule, .*give at least one/) }));
    expect(renderGateway(model).objects).toStrictEqual([]);
  });

  test.each([IngressApiKind.ISTIO, IngressApiKind.GATEWAY_API])('a passthrough TLS source without hosts is a problem (%s)', (api) => {
    const model = valid();
    model.api = api;
    model.tls = [{ source: 'shop/db', name: 'db', namespace: 'shop', hosts: [], port: 443, tls: { mode: 'PASSTHROUGH' }, backends: [{ name: 'db', namespace: 'shop', port: 5432 }] }];
    expect(validateGateway(model)).toContainEqual({ source: 'shop/db', field: 'hosts', message: 'lists no host; give the SNI host names the TLS listener serves (or "*" for any)' });
    expect(renderGateway(model).objects).toStrictEqual([]);
  });

  test('a TLS source redirecting from a port that is no port is a problem', () => {
    const model = valid();
    model.tls = [{ source: 'shop/tls', name: 'tls', namespace: 'shop', hosts: ['shop.example.com'], port: 443, redirectFromPort: -1, tls: { mode: 'SIMPLE', certificate: { kind: 'Secret', name: 'shop-cert', namespace: 'istio-system' } } }];
    expect(validateGateway(model)).toContainEqual(expect.objectContaining({ source: 'shop/tls', field: 'redirectFromPort', message: expect.stringMatching(/^-1 /) }));
    expect(renderGateway(model).objects).toStrictEqual([]);
  });

  test('a problem inside a route names the route and its field', () => {
    const model = valid();
    model.routes[0].rules[0].backends[0].name = 42;
    expect(validateGateway(model)).toStrictEqual([{ source: 'shop/web', field: 'rules[0].backends[0].name', message: 'expected a string, received number' }]);
  });

  describe('a rule either forwards or answers itself, as the constructs require of a route', () => {
    const backend = { name: 'cart', namespace: 'shop', port: 8080 };
    const redirect = { statusCode: 301, hostname: 'www.example.com' };
    const withRule = (api: IngressApiKind, rule: Record<string, unknown>): any => {
      const model = valid();
      model.api = api;
      model.routes[0].rules = [{ matches: [{ path: { type: PathMatchType.PREFIX, value: '/cart' } }], backends: [], ...rule }];
      return model;
    };

    test('each action alone renders (the cases below fail on one combination each)', () => {
      expect(renderGateway(withRule(IngressApiKind.ISTIO, { backends: [backend] })).problems).toStrictEqual([]);
      expect(renderGateway(withRule(IngressApiKind.ISTIO, { redirect })).problems).toStrictEqual([]);
      expect(renderGateway(withRule(IngressApiKind.ISTIO, { directResponse: { status: 204 } })).problems).toStrictEqual([]);
    });

    test.each([
      // istiod refuses a route with no route, redirect or direct response; the Ingress renderer threw a TypeError.
      ['no action at all', IngressApiKind.KUBERNETES_INGRESS, {}, 'backends', /is empty, and the rule has no redirect or direct response, so the requests it matches would go nowhere/],
      ['the same through the Istio API', IngressApiKind.ISTIO, {}, 'backends', /would go nowhere \(istiod refuses such a route\)/],
      ['a redirect and a direct response', IngressApiKind.ISTIO, { redirect, directResponse: { status: 204 } }, 'redirect', /answers either with a redirect or with a direct response, not both/],
      ['a redirect and backends', IngressApiKind.GATEWAY_API, { redirect, backends: [backend] }, 'redirect', /a route with redirect answers the client itself and forwards nothing, so backends would never apply; remove it/],
      ['a direct response, a rewrite and a timeout', IngressApiKind.ISTIO, { directResponse: { status: 204 }, rewrite: { hostname: 'api.example.com' }, timeout: '5s' }, 'directResponse', /so timeout, rewrite would never apply; remove them/],
      ['a fault with retries', IngressApiKind.ISTIO, { backends: [backend], fault: { abort: { httpStatus: 503, percentage: 10 } }, retries: { attempts: 2 } }, 'fault', /Istio enables no retries on a route that injects faults/],
    ])('%s: a problem naming the rule field, nothing rendered', (_case, api, rule, field, message) => {
      const { problems, objects } = renderGateway(withRule(api, rule));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ source: 'shop/web', field: `routes[0].${field}` });
      expect(problems[0].message).toMatch(message);
      expect(objects).toStrictEqual([]);
    });
  });

  describe('a TLS source must fit its mode, as TlsIngress requires of its props', () => {
    const cert = { kind: 'Secret', name: 'shop-cert', namespace: 'istio-system' };
    const passthroughBackend = { name: 'vault', namespace: 'shop', port: 8443, portName: 'https' };
    const withTls = (api: IngressApiKind, tls: Record<string, unknown>, backends?: unknown[]): any => ({
      ...valid(),
      api,
      ...(api === IngressApiKind.GATEWAY_API ? { proxy: { mode: ProxyMode.EXISTING, namespace: 'istio-ingress', selector: { istio: 'ingressgateway' }, serviceName: 'istio-ingressgateway' }, gatewayApi: { allowedRoutes: { from: 'All' } } } : {}),
      tls: [{ source: 'shop/tls', name: 'shop-tls', namespace: 'shop', hosts: ['shop.example.com'], port: 443, tls: { minProtocolVersion: 'TLSV1_2', ...tls }, ...(backends ? { backends } : {}) }],
    });
    const gatewayCert = { kind: 'Secret', name: 'shop-cert', namespace: 'istio-ingress' };
    const gatewayCa = { kind: 'ConfigMap', name: 'shop-ca', namespace: 'istio-ingress' };

    test('the valid forms render (the cases below fail on one field each)', () => {
      expect(renderGateway(withTls(IngressApiKind.ISTIO, { mode: 'SIMPLE', certificate: cert })).problems).toStrictEqual([]);
      expect(renderGateway(withTls(IngressApiKind.ISTIO, { mode: 'MUTUAL', certificate: cert })).problems).toStrictEqual([]);
      expect(renderGateway(withTls(IngressApiKind.ISTIO, { mode: 'PASSTHROUGH' }, [passthroughBackend])).problems).toStrictEqual([]);
      expect(renderGateway(withTls(IngressApiKind.GATEWAY_API, { mode: 'MUTUAL', certificate: gatewayCert, clientCa: gatewayCa })).problems).toStrictEqual([]);
    });

    test.each([
      ['terminating without a certificate', IngressApiKind.ISTIO, { mode: 'SIMPLE' }, undefined, 'tls.certificate', /is missing; mode SIMPLE terminates TLS at the gateway, which needs the server certificate/],
      ['the same with the Gateway API (a TypeError before)', IngressApiKind.GATEWAY_API, { mode: 'SIMPLE' }, undefined, 'tls.certificate', /is missing; mode SIMPLE terminates TLS/],
      ['terminating with backends', IngressApiKind.ISTIO, { mode: 'SIMPLE', certificate: cert }, [passthroughBackend], 'backends', /is only for passthrough; .* remove backends/],
      ['SIMPLE with a client CA', IngressApiKind.ISTIO, { mode: 'SIMPLE', certificate: cert, clientCa: { kind: 'Secret', name: 'shop-ca', namespace: 'istio-system' } }, undefined, 'tls.clientCa', /only applies to modes MUTUAL and OPTIONAL_MUTUAL, not SIMPLE/],
      ['mutual without a client CA where the API reads none from the certificate Secret', IngressApiKind.GATEWAY_API, { mode: 'MUTUAL', certificate: gatewayCert }, undefined, 'tls.clientCa', /the Gateway API \(IngressApi.gatewayApi\(\)\) does not read the CA from the certificate Secret: set it to the ConfigMap with ca.crt/],
      ['passthrough without backends (an empty TLSRoute before)', IngressApiKind.GATEWAY_API, { mode: 'PASSTHROUGH' }, undefined, 'backends', /lists no backend; passthrough sends the TLS connections to a backend/],
      ['passthrough with a certificate', IngressApiKind.ISTIO, { mode: 'PASSTHROUGH', certificate: cert }, [passthroughBackend], 'tls.certificate', /passthrough leaves TLS to the backend and the gateway uses no certificate/],
      ['passthrough with a client CA', IngressApiKind.ISTIO, { mode: 'PASSTHROUGH', clientCa: cert }, [passthroughBackend], 'tls.clientCa', /passthrough leaves client certificates to the backend/],
    ])('%s: a problem naming the TLS source and the field, nothing rendered', (_case, api, tls, backends, field, message) => {
      const { problems, objects } = renderGateway(withTls(api, tls, backends));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ source: 'shop/tls', field });
      expect(problems[0].message).toMatch(message);
      expect(objects).toStrictEqual([]);
    });
  });

  test('junk anywhere in a model: never a TypeError; either problems, or objects that pass the strict schemas', () => {
    const junk = fc.oneof(
      fc.constantFrom(undefined, null, NaN, Infinity, -1, 0, '', 'x'.repeat(5000), '\u0000', 'héllo', [], {}, true),
      fc.string(),
      fc.integer(),
    );
    // Every position below the model itself.
    const all = jsonPaths(valid())
      .map(({ path }) => path)
      .filter((path) => path.length > 0);
    fc.assert(
      fc.property(fc.constantFrom(...all), junk, (path, value) => {
        const model = valid();
        let node = model;
        for (const key of path.slice(0, -1)) node = node[key];
        node[path[path.length - 1]] = value;
        const { objects, problems } = renderGateway(model);
        if (problems.length > 0) expect(objects).toStrictEqual([]);
        else assertValidManifests(objects.map((o) => o.manifest) as any);
      }),
      { seed: 13, numRuns: 400 },
    );
  });
});

function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
