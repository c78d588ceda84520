import { ApiObject, Chart, Duration, JsonPatch } from 'cdk8s';
import * as kplus28 from 'cdk8s-plus-28';
import * as kplus33 from 'cdk8s-plus-33';
import { GatewayModel, IngressApiKind, PathMatchType, ProxyMode, renderGateway, TlsMode, TlsVersion, validateGateway } from 'cdk8s-istio-ingress/model';
import {
  AllowedRoutes,
  Backend,
  CertificateSource,
  ClientCertificateAuthority,
  ExposedService,
  HttpRoute,
  IngressApi,
  IngressGateway,
  IngressGatewayProps,
  PathMatch,
  PathModifier,
  RedirectScheme,
  RouteExplainer,
  RouteMatch,
  StringMatch,
  TlsIngress,
} from '../src';
import { render } from '../src/operator/render';
import { cr } from './operator/support';
import { Ca, createCa, createLeaf, Pem } from '../scripts/test-certs';
import { gatewayModel } from './support/models';
import { newChart, ofKind, only, problemsOf, synth } from './support/synth';

/**
 * The checks of issue 16 that need several constructs (a route and the TLS
 * of its host, a backend and the Service it names, a timeout and the retries
 * under it), made on the route model, so that constructs, the /model entry
 * point and the operator all refuse the same programs with the same message.
 */

/** The problems a program is refused with at synth time, as { constructPath, field, message }; [] when it synthesises. */
const refusal = (chart: Chart) => problemsOf(() => synth(chart));

const ISTIO: IngressGatewayProps = {};
const GATEWAY_API: IngressGatewayProps = { namespace: 'default', api: IngressApi.gatewayApi() };
const backend = Backend.fromServiceName('web', { namespace: 'default', port: 8080, portName: 'http' });

function program(gatewayProps: IngressGatewayProps, routes: HttpRoute[], options: { tls?: boolean; httpsRedirect?: boolean; hosts?: string[] } = {}): Chart {
  const chart = newChart();
  const gateway = new IngressGateway(chart, 'gw', gatewayProps);
  new ExposedService(chart, 'web', { gateway, backend, hosts: options.hosts ?? ['web.example.com'], routes });
  if (options.tls !== false) {
    new TlsIngress(chart, 'tls', { gateway, hosts: ['web.example.com'], certificate: CertificateSource.fromSecretName('web-cert'), httpsRedirect: options.httpsRedirect });
  }
  return chart;
}

const webRoute = (rules: GatewayModel['routes'][number]['rules'], hosts = ['web.example.com']) => ({ source: 'shop/web', name: 'web', namespace: 'shop', hosts, port: 80, rules });
const webTls = (extra: object = {}) => ({
  source: 'shop/web-tls',
  name: 'web-tls',
  namespace: 'edge',
  hosts: ['web.example.com'],
  port: 443,
  tls: { mode: TlsMode.SIMPLE, certificate: { kind: 'Secret' as const, name: 'web-cert', namespace: 'edge' }, minProtocolVersion: TlsVersion.TLS_1_2 },
  ...extra,
});

describe('redirect loops', () => {
  const toHttps: HttpRoute = { redirect: { scheme: RedirectScheme.HTTPS } };

  test.each([
    ['Istio API', ISTIO],
    ['Gateway API', GATEWAY_API],
  ])('%s: a route redirecting to https on a host with TLS loops on the HTTPS listener', (_api, props) => {
    expect(refusal(program(props, [toHttps]))).toStrictEqual([
      {
        constructPath: 'test/web',
        field: 'routes[0].redirect',
        message:
          `redirects https://web.example.com/ to https://web.example.com/, which gateway ${props.namespace ?? 'istio-ingress'}/gw answers with this same route and redirect (listener https, port 443, HTTPS), ` +
          "so clients would be redirected forever; to send plain HTTP to HTTPS, remove this route and keep the TlsIngress's httpsRedirect (on by default): " +
          'the gateway then answers port 80 with the redirect itself and serves the routes over HTTPS',
      },
    ]);
  });

  test('without the gateway redirect, the loop starts on plain HTTP and is reported from there', () => {
    expect(refusal(program(ISTIO, [toHttps], { httpsRedirect: false }))[0].message).toMatch(/^redirects http:\/\/web\.example\.com\/ to https:\/\/web\.example\.com\/, which gateway istio-ingress\/gw/);
  });

  test('a redirect to http on a host whose plain HTTP the gateway redirects to https: a loop through the gateway redirect', () => {
    const [problem] = refusal(program(ISTIO, [{ redirect: { scheme: RedirectScheme.HTTP } }]));
    expect(problem.field).toBe('routes[0].redirect');
    expect(problem.message).toMatch(/^redirects https:\/\/web\.example\.com\/ to http:\/\/web\.example\.com\/, which gateway istio-ingress\/gw answers with this same route and redirect \(listener https, port 443, HTTPS\)/);
    expect(problem.message).toMatch(/change the redirect's target, or the route's matches/);
  });

  test('a path redirect whose target the same rule matches again loops; without TLS too', () => {
    const chart = program(ISTIO, [{ matches: [RouteMatch.of({ path: PathMatch.prefix('/') })], redirect: { path: PathModifier.replaceFullPath('/home') } }], { tls: false });
    expect(refusal(chart)).toStrictEqual([
      {
        constructPath: 'test/web',
        field: 'routes[0].redirect',
        message: expect.stringMatching(/^redirects http:\/\/web\.example\.com\/ to http:\/\/web\.example\.com\/home, which gateway istio-ingress\/gw answers with this same route and redirect \(listener http, port 80\)/),
      },
    ]);
  });

  test('a regular expression rule redirecting to a fixed path it matches itself loops', () => {
    const chart = program(ISTIO, [{ matches: [RouteMatch.of({ path: PathMatch.regex('/[a-z]+') })], redirect: { path: PathModifier.replaceFullPath('/home') } }], { tls: false });
    expect(refusal(chart)[0]?.message).toMatch(/^redirects http:\/\/web\.example\.com\/home to http:\/\/web\.example\.com\/home, which/);
  });

  test('a prefix replacement that keeps matching its prefix grows the path at every hop: a loop', () => {
    // (The Istio API cannot replace a prefix in a redirect: the Gateway API.)
    const chart = program(GATEWAY_API, [{ matches: [RouteMatch.of({ path: PathMatch.prefix('/docs') })], redirect: { path: PathModifier.replacePrefixMatch('/docs/v2') } }], { tls: false });
    expect(refusal(chart)[0]?.message).toMatch(/^redirects http:\/\/web\.example\.com\/docs to http:\/\/web\.example\.com\/docs\/v2, which/);
  });

  test.each<[string, HttpRoute[], { tls?: boolean; hosts?: string[] }]>([
    ['the gateway redirect alone (TlsIngress httpsRedirect)', [{}], {}],
    ['a redirect to https on a host without TLS (the target is another gateway or a CDN)', [{ redirect: { scheme: RedirectScheme.HTTPS } }], { tls: false }],
    ['a redirect to another host', [{ redirect: { hostname: 'www.example.com' } }], {}],
    ['a path redirect out of the rule\'s matches', [{ matches: [RouteMatch.of({ path: PathMatch.prefix('/old') })], redirect: { path: PathModifier.replaceFullPath('/new') } }, {}], {}],
    [
      'a redirect to a path that a more specific rule takes',
      [{ matches: [RouteMatch.of({ path: PathMatch.prefix('/') })], redirect: { path: PathModifier.replaceFullPath('/home') } }, { matches: [RouteMatch.of({ path: PathMatch.exact('/home') })] }],
      {},
    ],
    ['a prefix replacement out of the prefix', [{ matches: [RouteMatch.of({ path: PathMatch.prefix('/v1') })], redirect: { path: PathModifier.replacePrefixMatch('/v2') } }, {}], {}],
    [
      'a redirect to https only when a proxy in front says the request came over http (the header changes after the redirect)',
      [{ matches: [RouteMatch.of({ headers: { 'x-forwarded-proto': StringMatch.exact('http') } })], redirect: { scheme: RedirectScheme.HTTPS } }, {}],
      {},
    ],
    ['a 301 of POST requests: clients follow it with GET', [{ matches: [RouteMatch.of({ path: PathMatch.prefix('/form'), method: 'POST' as any })], redirect: { path: PathModifier.replaceFullPath('/form') , statusCode: 301 } as any }, {}], {}],
  ])('not a loop: %s', (_what, routes, options) => {
    expect(refusal(program(GATEWAY_API, routes, options))).toStrictEqual([]);
    if (!routes.some((r) => r.redirect?.path && JSON.stringify(r.redirect.path).includes('ReplacePrefixMatch'))) expect(refusal(program(ISTIO, routes, options))).toStrictEqual([]);
  });

  test('a prefix is read as the gateway reads it: the Istio API\'s uri.prefix is a plain string prefix, an HTTPRoute\'s PathPrefix takes whole path elements', () => {
    // /api -> /apiv2: Envoy's prefix "/api" (what the Istio renderer writes) takes /apiv2 again; the Gateway API's path_separated_prefix does not.
    const routes: HttpRoute[] = [{ matches: [RouteMatch.pathPrefix('/api')], redirect: { path: PathModifier.replaceFullPath('/apiv2') } }, {}];
    expect(refusal(program(ISTIO, routes, { tls: false }))).toStrictEqual([
      {
        constructPath: 'test/web',
        field: 'routes[0].redirect',
        message: expect.stringMatching(/^redirects http:\/\/web\.example\.com\/api to http:\/\/web\.example\.com\/apiv2, which gateway istio-ingress\/gw answers with this same route and redirect \(listener http, port 80\)/),
      },
    ]);
    expect(refusal(program(GATEWAY_API, routes, { tls: false }))).toStrictEqual([]);
    // The explainer reads the rendered objects the same way: /apiv2 is taken by the /api route through the Istio API only.
    const forwarding: HttpRoute[] = [{ matches: [RouteMatch.pathPrefix('/api')] }, {}];
    const rule = (props: IngressGatewayProps) => RouteExplainer.fromGateway(program(props, forwarding, { tls: false }).node.findChild('gw') as IngressGateway).explain({ url: 'http://web.example.com/apiv2' }).route?.match;
    expect(rule(ISTIO)).toMatch(/\/api/);
    expect(rule(GATEWAY_API)).not.toMatch(/\/api/);
  });

  test('not a loop: the redirected request is taken by another ExposedService of the host', () => {
    const chart = program(ISTIO, [{ matches: [RouteMatch.pathPrefix('/')], redirect: { path: PathModifier.replaceFullPath('/home') } }], { tls: false });
    const gateway = chart.node.findChild('gw') as IngressGateway;
    new ExposedService(chart, 'home', { gateway, backend, hosts: ['web.example.com'], routes: [{ matches: [RouteMatch.exactPath('/home')] }] });
    expect(refusal(chart)).toStrictEqual([]);
  });

  test('the /model entry point and the explainer model refuse the same loop, naming the route and field', () => {
    const loop = gatewayModel({
      routes: [webRoute([{ matches: [], backends: [], redirect: { scheme: 'https', statusCode: 301 } }])],
      tls: [webTls({ redirectFromPort: 80 })],
    });
    expect(validateGateway(loop)).toStrictEqual([
      {
        source: 'shop/web',
        field: 'routes[0].redirect',
        message: expect.stringMatching(/^redirects https:\/\/web\.example\.com\/ to https:\/\/web\.example\.com\/, which gateway edge\/edge answers with this same route and redirect/),
      },
    ]);
    expect(renderGateway(loop).objects).toStrictEqual([]);
  });

  test('the explainer: a model is explained as it is, and the answers of the looping rule carry the refusal as a warning', () => {
    const loop = gatewayModel({
      routes: [webRoute([{ matches: [], backends: [], redirect: { scheme: 'https', statusCode: 301 } }])],
      tls: [webTls({ redirectFromPort: 80 })],
    });
    const explainer = RouteExplainer.fromModel(loop);
    const result = explainer.explain({ url: 'https://web.example.com/' });
    expect(result.redirect?.location).toBe('https://web.example.com/');
    expect(result.warnings).toStrictEqual([expect.stringMatching(/^refused by the model checks \(synthesis fails\): \[shop\/web\] routes\[0\]\.redirect: redirects https:\/\/web\.example\.com\/ to https:\/\/web\.example\.com\//)]);
    // The gateway's own redirect of plain HTTP is not the route's: no warning there.
    expect(explainer.explain({ url: 'http://web.example.com/' }).warnings).toStrictEqual([]);
  });

  test('the operator refuses it on the ExposedService, naming the spec field', () => {
    const results = render([
      cr('IngressGateway', 'edge', 'public', {}),
      cr('ExposedService', 'shop', 'web', { gateway: { name: 'public', namespace: 'edge' }, backend: { serviceName: 'web', port: 80, portName: 'http' }, hosts: ['web.example.com'], routes: [{ redirect: { scheme: 'https' } }] }),
      cr('TlsIngress', 'edge', 'web-tls', { gateway: { name: 'public' }, hosts: ['web.example.com'], certificate: { secret: { name: 'web-cert' } } }),
    ]);
    const problems = results.get('ExposedService/shop/web')!.problems;
    expect(problems).toEqual([{ field: 'spec.routes[0].redirect', reason: 'InvalidSpec', message: expect.stringMatching(/^redirects https:\/\/web\.example\.com\/ to https:\/\/web\.example\.com\/, which gateway edge\/public answers with this same route/) }]);
  });
});

describe('retry budget', () => {
  const retried = (timeout: number, attempts: number, perTry: number): HttpRoute => ({
    timeout: Duration.seconds(timeout),
    retries: { attempts, perTryTimeout: Duration.seconds(perTry) },
  });

  test('a timeout that leaves no room for the last retry after tries that time out is refused', () => {
    expect(refusal(program(ISTIO, [retried(5, 3, 2)], { tls: false }))).toStrictEqual([
      {
        constructPath: 'test/web',
        field: 'routes[0].retries',
        message:
          "the route's timeout (5s) bounds all tries together, and 3 retries after the first try at up to 2s each do not fit in it: after tries that time out, only 2 of the retries could start, " +
          'so the rest would be dropped silently; raise the timeout to 8s (every try in full), or lower attempts to 2, or shorten perTryTimeout',
      },
    ]);
  });

  test('attempts counts retries, not tries: 2 retries of 2s need more than 4s', () => {
    expect(refusal(program(ISTIO, [retried(4, 2, 2)], { tls: false }))[0]?.message).toMatch(/only 1 of the retries could start.*raise the timeout to 6s \(every try in full\), or lower attempts to 1/);
  });

  test.each([
    ['every try in full', retried(8, 3, 2)],
    ['the last retry cut short, but started', retried(7, 3, 2)],
    ['no timeout (Istio disables it by default)', { retries: { attempts: 5, perTryTimeout: Duration.seconds(2) } }],
    ['no perTryTimeout (each try may take the whole timeout)', { timeout: Duration.seconds(1), retries: { attempts: 5 } }],
  ])('accepted: %s', (_what, route) => {
    expect(refusal(program(ISTIO, [route as HttpRoute], { tls: false }))).toStrictEqual([]);
  });

  test('the /model entry point checks hand-written models too (the constructs also refuse perTryTimeout > timeout earlier)', () => {
    const problems = validateGateway(gatewayModel({ routes: [webRoute([{ matches: [], backends: [{ name: 'web', namespace: 'shop', port: 80 }], timeout: '1s', retries: { attempts: 2, perTryTimeout: '1500ms' } }])] }));
    expect(problems).toStrictEqual([
      {
        source: 'shop/web',
        field: 'routes[0].retries',
        message: expect.stringMatching(/^the route's timeout \(1s\) bounds all tries together, and 2 retries after the first try at up to 1500ms each do not fit in it: after tries that time out, only 0 of the retries could start.*raise the timeout to 4s500ms \(every try in full\), or shorten perTryTimeout$/),
      },
    ]);
  });

  test('the operator refuses it on the ExposedService', () => {
    const results = render([
      cr('IngressGateway', 'edge', 'public', {}),
      cr('ExposedService', 'shop', 'web', {
        gateway: { name: 'public', namespace: 'edge' },
        backend: { serviceName: 'web', port: 80, portName: 'http' },
        hosts: ['web.example.com'],
        routes: [{ timeout: '3s', retries: { attempts: 3, perTryTimeout: '1s' } }],
      }),
    ]);
    expect(results.get('ExposedService/shop/web')!.problems).toEqual([{ field: 'spec.routes[0].retries', reason: 'InvalidSpec', message: expect.stringMatching(/^the route's timeout \(3s\) bounds all tries together/) }]);
  });
});

describe('TLS hosts no route serves', () => {
  function tlsProgram(gatewayProps: IngressGatewayProps, tlsHosts: string[], routeHosts: string[] | undefined): Chart {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw', { hosts: [...tlsHosts, ...(routeHosts ?? [])].filter((h, i, all) => all.indexOf(h) === i), ...gatewayProps });
    if (routeHosts) new ExposedService(chart, 'web', { gateway, backend, hosts: routeHosts });
    new TlsIngress(chart, 'tls', { gateway, hosts: tlsHosts, certificate: CertificateSource.fromSecretName('cert') });
    return chart;
  }

  test.each([
    ['Istio API', ISTIO],
    ['Gateway API', GATEWAY_API],
  ])('%s: a TLS host without any route answers 404 to everything', (_api, props) => {
    expect(refusal(tlsProgram(props, ['web.example.com', 'api.example.com'], ['web.example.com']))).toStrictEqual([
      {
        constructPath: 'test/tls',
        field: 'hosts[1]',
        message: `no ExposedService on gateway ${props.namespace ?? 'istio-ingress'}/gw serves host "api.example.com", so every HTTPS request for it would get a 404 (route_not_found); expose a service on the host, remove the host from this TlsIngress, or, when other programs attach the routes for it, set routesAttachedElsewhere: true`,
      },
    ]);
  });

  test.each<[string, string[], string[]]>([
    ['a wildcard TLS host with a route under it', ['*.example.com'], ['web.example.com']],
    ['a TLS host under a wildcard route host', ['web.example.com'], ['*.example.com']],
    ['a route for every host', ['web.example.com'], ['*']],
  ])('served: %s', (_what, tlsHosts, routeHosts) => {
    expect(refusal(tlsProgram(ISTIO, tlsHosts, routeHosts))).toStrictEqual([]);
  });

  test('a gateway that accepts routes from other namespaces (other teams attach HTTPRoutes) is not refused', () => {
    expect(refusal(tlsProgram({ ...GATEWAY_API, api: IngressApi.gatewayApi({ allowedRoutes: AllowedRoutes.allNamespaces() }) }, ['web.example.com', 'api.example.com'], ['web.example.com']))).toStrictEqual([]);
  });

  test.each([
    ['Istio API', ISTIO],
    ['Gateway API', GATEWAY_API],
  ])('%s: a platform team\'s gateway and certificate, without any route of its own, is not refused: the app teams\' programs attach the routes', (_api, props) => {
    expect(refusal(tlsProgram(props, ['*.example.com'], undefined))).toStrictEqual([]);
  });

  test.each([
    ['Istio API', ISTIO],
    ['Gateway API', GATEWAY_API],
  ])('%s: a platform gateway with a route of its own and certificates for hosts other teams route says so with routesAttachedElsewhere', (_api, props) => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw', { hosts: ['status.example.com', 'shop.example.com'], ...props });
    new ExposedService(chart, 'status', { gateway, backend, hosts: ['status.example.com'] });
    new TlsIngress(chart, 'shop-tls', { gateway, hosts: ['shop.example.com'], certificate: CertificateSource.fromSecretName('shop-cert'), routesAttachedElsewhere: true });
    expect(refusal(chart)).toStrictEqual([]);
    // Without it, the same program is refused on the host.
    const refused = newChart();
    const gateway2 = new IngressGateway(refused, 'gw', { hosts: ['status.example.com', 'shop.example.com'], ...props });
    new ExposedService(refused, 'status', { gateway: gateway2, backend, hosts: ['status.example.com'] });
    new TlsIngress(refused, 'shop-tls', { gateway: gateway2, hosts: ['shop.example.com'], certificate: CertificateSource.fromSecretName('shop-cert') });
    expect(refusal(refused).map((p) => `${p.constructPath} ${p.field}`)).toStrictEqual(['test/shop-tls hosts[0]']);
  });

  test('routesAttachedElsewhere must be a boolean, and reaches the model', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw');
    expect(() => new TlsIngress(chart, 'tls', { gateway, hosts: ['a.example.com'], certificate: CertificateSource.fromSecretName('c'), routesAttachedElsewhere: 'true' as never })).toThrow(
      /^\[test\/tls\] routesAttachedElsewhere: /,
    );
    const tls = new TlsIngress(chart, 'tls2', { gateway, hosts: ['a.example.com'], certificate: CertificateSource.fromSecretName('c'), routesAttachedElsewhere: true });
    expect(tls._tlsModel().routesAttachedElsewhere).toBe(true);
    expect(validateGateway(gatewayModel({ routes: [webRoute([{ matches: [], backends: [{ name: 'web', namespace: 'shop', port: 80 }] }])], tls: [webTls({ hosts: ['api.example.com'], routesAttachedElsewhere: true })] }))).toStrictEqual([]);
  });

  test('a gateway run by another team (imported) is not refused: its routes come from elsewhere', () => {
    const chart = newChart();
    const gateway = IngressGateway.fromGatewayName(chart, 'shared', { name: 'public', namespace: 'edge' });
    new TlsIngress(chart, 'tls', { gateway, hosts: ['web.example.com'], certificate: CertificateSource.fromSecretName('cert'), httpsRedirect: false });
    expect(refusal(chart)).toStrictEqual([]);
  });

  test('passthrough needs no HTTP route: its backend is its route', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw', { hosts: ['db.example.com'] });
    new TlsIngress(chart, 'tls', { gateway, hosts: ['db.example.com'], mode: TlsMode.PASSTHROUGH, backend: Backend.fromServiceName('db', { port: 443, portName: 'https' }), httpsRedirect: false });
    expect(refusal(chart)).toStrictEqual([]);
  });

  test('the /model entry point and the operator report it on the TLS source', () => {
    expect(validateGateway(gatewayModel({ routes: [webRoute([{ matches: [], backends: [{ name: 'web', namespace: 'shop', port: 80 }] }])], tls: [webTls({ hosts: ['api.example.com'] })] }))).toStrictEqual([
      { source: 'shop/web-tls', field: 'hosts[0]', message: expect.stringMatching(/^no ExposedService on gateway edge\/edge serves host "api\.example\.com"/) },
    ]);
    const tlsOnly = gatewayModel({ routes: [webRoute([{ matches: [], backends: [{ name: 'web', namespace: 'shop', port: 80 }] }])], tls: [webTls({ hosts: ['api.example.com'] })] });
    const answer = RouteExplainer.fromModel(tlsOnly).explain({ url: 'https://api.example.com/' });
    expect(answer.outcome).toBe('not-found');
    expect(answer.warnings).toStrictEqual([expect.stringMatching(/^refused by the model checks \(synthesis fails\): \[shop\/web-tls\] hosts\[0\]: no ExposedService/)]);
    const results = render([
      cr('IngressGateway', 'edge', 'public', {}),
      cr('ExposedService', 'shop', 'web', { gateway: { name: 'public', namespace: 'edge' }, backend: { serviceName: 'web', port: 80, portName: 'http' }, hosts: ['web.example.com'] }),
      cr('TlsIngress', 'edge', 'api-tls', { gateway: { name: 'public' }, hosts: ['api.example.com'], certificate: { secret: { name: 'api-cert' } } }),
    ]);
    expect(results.get('TlsIngress/edge/api-tls')!.problems).toEqual([{ field: 'spec.hosts[0]', reason: 'InvalidSpec', message: expect.stringMatching(/^no ExposedService on gateway edge\/public serves host "api\.example\.com"/) }]);
    const elsewhere = render([
      cr('IngressGateway', 'edge', 'public', {}),
      cr('ExposedService', 'shop', 'web', { gateway: { name: 'public', namespace: 'edge' }, backend: { serviceName: 'web', port: 80, portName: 'http' }, hosts: ['web.example.com'] }),
      cr('TlsIngress', 'edge', 'api-tls', { gateway: { name: 'public' }, hosts: ['api.example.com'], certificate: { secret: { name: 'api-cert' } }, routesAttachedElsewhere: true }),
    ]);
    expect(elsewhere.get('TlsIngress/edge/api-tls')!.problems).toEqual([]);
  });
});

describe('backend ports of Services the program defines', () => {
  function withService(makeService: (chart: Chart) => unknown, backendOf: (service: any) => Backend): Chart {
    const chart = newChart();
    const service = makeService(chart);
    const gateway = new IngressGateway(chart, 'gw');
    new ExposedService(chart, 'web', { gateway, backend: backendOf(service), hosts: ['web.example.com'] });
    return chart;
  }

  test.each([
    ['cdk8s-plus-28', (chart: Chart) => new kplus28.Service(chart, 'svc', { metadata: { name: 'web', namespace: 'shop' }, ports: [{ port: 8080, name: 'http' }] })],
    ['cdk8s-plus-33', (chart: Chart) => new kplus33.Service(chart, 'svc', { metadata: { name: 'web', namespace: 'shop' }, ports: [{ port: 8080, name: 'http' }] })],
  ])('a %s Service with only 8080, routed to on 9090: refused, naming the Service and its ports', (_line, make) => {
    expect(refusal(withService(make, (svc) => Backend.fromService(svc, { port: 9090 })))).toStrictEqual([
      {
        constructPath: 'test/web',
        field: 'routes[0].backends[0]',
        message: 'Service shop/web (defined by test/svc) has no port 9090, only 8080 (http), so every request would get a 503; use one of its ports, or add the port to the Service',
      },
    ]);
  });

  test('an ApiObject Service, named by Backend.fromServiceName', () => {
    const chart = withService(
      (c) => new ApiObject(c, 'svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { ports: [{ port: 8080, name: 'http' }, { port: 9091, name: 'metrics' }] } }),
      () => Backend.fromServiceName('web', { namespace: 'shop', port: 9090, portName: 'http' }),
    );
    expect(refusal(chart)[0]?.message).toBe('Service shop/web (defined by test/svc) has no port 9090, only 8080 (http), 9091 (metrics), so every request would get a 503; use one of its ports, or add the port to the Service');
  });

  test('a Service without a namespace in a chart without one is in "default", like routes', () => {
    const chart = withService(
      (c) => new kplus33.Service(c, 'svc', { metadata: { name: 'web' }, ports: [{ port: 8080, name: 'http' }] }),
      (svc) => Backend.fromService(svc, { port: 9090 }),
    );
    expect(refusal(chart)[0]?.message).toMatch(/^Service default\/web \(defined by test\/svc\) has no port 9090, only 8080 \(http\)/);
  });

  test('a port the Service has, or a Service the program does not define, is not checked', () => {
    expect(refusal(withService((c) => new kplus33.Service(c, 'svc', { metadata: { name: 'web', namespace: 'shop' }, ports: [{ port: 8080, name: 'http' }] }), (svc) => Backend.fromService(svc, { port: 8080 })))).toStrictEqual([]);
    expect(refusal(withService((c) => new kplus33.Service(c, 'svc', { metadata: { name: 'other', namespace: 'shop' }, ports: [{ port: 8080, name: 'http' }] }), () => Backend.fromServiceName('web', { namespace: 'shop', port: 9090, portName: 'http' })))).toStrictEqual([]);
  });

  test.each([
    ['cdk8s-plus-28', kplus28],
    ['cdk8s-plus-33', kplus33],
  ])('a %s Service is read as it will be written: ports bound later count, a JSON patch decides, ExternalName is not checked', (_line, kplus: typeof kplus28 | typeof kplus33) => {
    // Bound after the route: the Service is read at synth time.
    const later = withService(
      (c) => new kplus.Service(c, 'svc', { metadata: { name: 'web', namespace: 'shop' }, ports: [{ port: 8080, name: 'http' }] }),
      () => Backend.fromServiceName('web', { namespace: 'shop', port: 9090, portName: 'http-admin' }),
    );
    (later.node.findChild('svc') as kplus28.Service).bind(9090, { name: 'http-admin' });
    expect(refusal(later)).toStrictEqual([]);
    // A patch on the Service's object changes what is written, so it changes what is checked.
    const patched = withService(
      (c) => new kplus.Service(c, 'svc', { metadata: { name: 'web', namespace: 'shop' }, ports: [{ port: 9090, name: 'http' }] }),
      () => Backend.fromServiceName('web', { namespace: 'shop', port: 9090, portName: 'http' }),
    );
    ApiObject.of(patched.node.findChild('svc')).addJsonPatch(JsonPatch.replace('/spec/ports/0/port', 8080));
    expect(refusal(patched).map((p) => p.message)).toStrictEqual([
      'Service shop/web (defined by test/svc) has no port 9090, only 8080 (http), so every request would get a 503; use one of its ports, or add the port to the Service',
    ]);
    // An ExternalName Service forwards by DNS: its ports are not what the proxy connects to.
    const external = withService(
      (c) => new kplus.Service(c, 'svc', { metadata: { name: 'web', namespace: 'shop' }, externalName: 'web.example.net', ports: [{ port: 8080 }] }),
      () => Backend.fromServiceName('web', { namespace: 'shop', port: 9090, portName: 'http' }),
    );
    expect(refusal(external)).toStrictEqual([]);
  });

  test('reported once per route, Service and port, though several routes use the backend', () => {
    const chart = newChart();
    new kplus33.Service(chart, 'svc', { metadata: { name: 'web', namespace: 'shop' }, ports: [{ port: 8080, name: 'http' }] });
    const gateway = new IngressGateway(chart, 'gw');
    const wrong = Backend.fromServiceName('web', { namespace: 'shop', port: 8081, portName: 'http' });
    new ExposedService(chart, 'web', { gateway, backend: wrong, hosts: ['web.example.com'], routes: [{ matches: [RouteMatch.pathPrefix('/a')] }, { matches: [RouteMatch.pathPrefix('/b')] }] });
    expect(refusal(chart).map((p) => p.field)).toStrictEqual(['routes[0].backends[0]']);
  });

  test('mirrors and weighted backends are checked too', () => {
    const chart = newChart();
    new kplus33.Service(chart, 'svc', { metadata: { name: 'web', namespace: 'shop' }, ports: [{ port: 8080, name: 'http' }] });
    const gateway = new IngressGateway(chart, 'gw');
    const wrong = Backend.fromServiceName('web', { namespace: 'shop', port: 8081, portName: 'http' });
    const mirror = Backend.fromServiceName('web', { namespace: 'shop', port: 8082, portName: 'http' });
    new ExposedService(chart, 'web', { gateway, backend, hosts: ['web.example.com'], routes: [{ backends: [{ backend, weight: 50 }, { backend: wrong, weight: 50 }], mirrors: [{ backend: mirror }] }] });
    expect(refusal(chart).map((p) => p.field)).toStrictEqual(['routes[0].backends[1]', 'routes[0].mirrors[0]']);
  });

  test('the /model entry point checks knownServices, and refuses a malformed one by field', () => {
    const route = webRoute([{ matches: [], backends: [{ name: 'web', namespace: 'shop', port: 9090 }] }]);
    expect(validateGateway(gatewayModel({ routes: [route], knownServices: { 'shop/web': { ports: [{ port: 8080, name: 'http' }] } } }))).toStrictEqual([
      { source: 'shop/web', field: 'routes[0].backends[0]', message: 'Service shop/web has no port 9090, only 8080 (http), so every request would get a 503; use one of its ports, or add the port to the Service' },
    ]);
    expect(validateGateway(gatewayModel({ routes: [route], knownServices: { 'shop/web': { ports: [{ port: 'http' }] } } as any }))).toStrictEqual([
      { source: 'platform/edge', field: 'knownServices["shop/web"].ports[0].port', message: 'expected a number, received the string "http"' },
    ]);
  });
});

describe('mutual TLS with one client CA from PEM on one port (Gateway API)', () => {
  let ca: Ca;
  let web: Pem;
  let api: Pem;
  beforeAll(async () => {
    ca = await createCa();
    web = await createLeaf(ca, { hosts: ['web.example.com'] });
    api = await createLeaf(ca, { hosts: ['api.example.com'] });
  });

  function mutualPair(caPems: [string, string]) {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw', GATEWAY_API);
    new ExposedService(chart, 'web', { gateway, backend, hosts: ['web.example.com', 'api.example.com'] });
    [
      ['web', web],
      ['api', api],
    ].forEach(([name, leaf], i) => {
      const pem = leaf as Pem;
      new TlsIngress(chart, `${name}-tls`, {
        gateway,
        hosts: [`${name}.example.com`],
        mode: TlsMode.MUTUAL,
        certificate: CertificateSource.fromPem({ certificate: pem.certificate, privateKey: pem.privateKey }),
        clientCa: ClientCertificateAuthority.fromPem(caPems[i]),
      });
    });
    return chart;
  }

  test('accepted: one ConfigMap for the CA, named after the first TlsIngress, and the Gateway validates with it', () => {
    const objects = synth(mutualPair([ca.certificate, ca.certificate]));
    expect(ofKind(objects, 'ConfigMap').map((c) => `${c.metadata.namespace}/${c.metadata.name}`)).toStrictEqual(['default/web-tls-credential-ca']);
    expect(only(objects, 'ConfigMap').data).toStrictEqual({ 'ca.crt': ca.certificate });
    expect(only(objects, 'Gateway').spec.tls).toStrictEqual({
      frontend: { default: {}, perPort: [{ port: 443, tls: { validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'web-tls-credential-ca' }] } } }] },
    });
  });

  test('the same program twice gives the same objects (the name does not depend on anything but the program)', () => {
    expect(JSON.stringify(synth(mutualPair([ca.certificate, ca.certificate])))).toBe(JSON.stringify(synth(mutualPair([ca.certificate, ca.certificate]))));
  });

  test('two different CAs on one port are still refused', async () => {
    const other = await createCa();
    expect(refusal(mutualPair([ca.certificate, other.certificate]))).toStrictEqual([
      {
        constructPath: 'test/api-tls',
        field: 'mode',
        message: expect.stringMatching(/^the Gateway API verifies client certificates per port, and port 443 already has other client-certificate settings from test\/web-tls/),
      },
    ]);
  });

  test('the /model entry point renders the shared CA once', () => {
    const tls = (name: string) =>
      webTls({
        source: `shop/${name}`,
        name,
        hosts: [`${name}.example.com`],
        tls: { mode: TlsMode.MUTUAL, certificate: { kind: 'Secret', name: `${name}-cert`, namespace: 'edge' }, clientCa: { kind: 'ConfigMap', name: `${name}-ca`, namespace: 'edge' }, minProtocolVersion: TlsVersion.TLS_1_2 },
        credentials: [{ type: 'ca-configmap', name: `${name}-ca`, namespace: 'edge', caPem: ca.certificate }],
      });
    const rendering = renderGateway(
      gatewayModel({
        api: IngressApiKind.GATEWAY_API,
        proxy: { mode: ProxyMode.AUTOMATED, namespace: 'edge', selector: { 'gateway.networking.k8s.io/gateway-name': 'edge' } },
        routes: [webRoute([{ matches: [{ path: { type: PathMatchType.PREFIX, value: '/' } }], backends: [{ name: 'web', namespace: 'edge', port: 80 }] }], ['web.example.com', 'api.example.com'])].map((r) => ({ ...r, namespace: 'edge' })),
        tls: [tls('web'), tls('api')],
      }),
    );
    expect(rendering.problems).toStrictEqual([]);
    expect(rendering.objects.filter((o) => o.manifest.kind === 'ConfigMap').map((o) => `${o.owner} ${o.manifest.metadata.name}`)).toStrictEqual(['shop/web web-ca']);
  });
});


describe('every problem at once: a listener conflict is not hidden by another problem of the same field', () => {
  test('two certificates for one host, on a TlsIngress that also has too many hosts for its redirect HTTPRoute: both are reported', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw', { api: IngressApi.gatewayApi() });
    new TlsIngress(chart, 'a', { gateway, hosts: ['a.example.com'], certificate: CertificateSource.fromSecretName('cert-a') });
    const hosts = ['a.example.com', ...Array.from({ length: 16 }, (_, i) => `h${i}.example.com`)];
    new TlsIngress(chart, 'b', { gateway, hosts, certificate: CertificateSource.fromSecretName('cert-b') });
    const problems = problemsOf(() => synth(chart));
    expect(problems.map((p) => [p.constructPath, p.field])).toStrictEqual([
      ['test/b', 'hosts'],
      ['test/b', 'hosts'],
    ]);
    expect(problems[0].message).toMatch(/^host "a\.example\.com" on port 443 already has TLS settings from test\/a \(SIMPLE with certificate istio-ingress\/cert-a\), and test\/b asks for SIMPLE with certificate istio-ingress\/cert-b/);
    expect(problems[1].message).toMatch(/^has 17 hosts, but an HTTPRoute holds at most 16 hostnames/);
  });

  test('a port Ingress cannot serve is reported once, by the Ingress check, not also as a port that cannot carry both plain HTTP and TLS', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw', { api: IngressApi.kubernetesIngress() });
    new TlsIngress(chart, 'tls', { gateway, hosts: ['a.example.com'], certificate: CertificateSource.fromSecretName('cert') });
    new ExposedService(chart, 'web', { gateway, backend: Backend.fromServiceName('web', { port: 80 }), hosts: ['b.example.com'], port: 443 });
    const problems = problemsOf(() => synth(chart)).filter((p) => p.constructPath === 'test/web');
    expect(problems.map((p) => p.field)).toStrictEqual(['port']);
    expect(problems[0].message).toMatch(/^443 cannot be used: an Ingress has no port/);
  });
});
