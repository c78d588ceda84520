import { App, Chart } from 'cdk8s';
import { IngressApiKind, PathMatchType, ProxyMode, renderGateway } from 'cdk8s-istio-ingress/model';
import { Backend, ExposedService, IngressApi, IngressGateway, RetryOn, ValidationError } from '../src';
import { RETRY_ON_CONDITIONS } from '../src/checks/retries-on';
import { istiodRefusals } from './support/istiod-validation';
import { validateManifest } from './support/schema-validator';
import { synth, validationError } from './support/synth';

/**
 * The emulation of istiod's admission checks (test/support/istiod-validation.ts, Istio 1.30.3's
 * pkg/config/validation) that every strict validation now runs on Istio objects, and the bugs it
 * found: objects the CRD schemas accept but istiod refuses.
 */
const gateway = (servers: unknown[]) => ({ apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'edge', namespace: 'istio-ingress' }, spec: { selector: { istio: 'ingressgateway' }, servers } });
const virtualService = (spec: Record<string, unknown>) => ({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'web', namespace: 'shop' }, spec });
const HTTP_SERVER = { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['shop.example.com'] };
const ROUTE = { route: [{ destination: { host: 'web.shop.svc.cluster.local', port: { number: 8080 } } }] };
const vsWith = (http: Record<string, unknown>) => virtualService({ hosts: ['shop.example.com'], gateways: ['istio-ingress/edge'], http: [{ ...ROUTE, ...http }] });

describe('the istiod emulation', () => {
  test('accepts what istiod accepts: servers with TLS, an httpsRedirect server, a routed VirtualService', () => {
    const ok = gateway([
      { ...HTTP_SERVER, tls: { httpsRedirect: true } },
      { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['shop.example.com'], tls: { mode: 'SIMPLE', credentialName: 'shop-cert' } },
      { port: { number: 8443, name: 'tls', protocol: 'TLS' }, hosts: ['*.example.com'], tls: { mode: 'PASSTHROUGH' } },
    ]);
    expect(istiodRefusals(ok)).toStrictEqual([]);
    expect(validateManifest(ok)).toStrictEqual([]);
    expect(istiodRefusals(vsWith({ timeout: '10s', retries: { attempts: 2, retryOn: 'gateway-error,503' } }))).toStrictEqual([]);
  });

  test.each([
    ['a short server host', gateway([{ ...HTTP_SERVER, hosts: ['shop'] }]), 'short names (non FQDN) are not allowed'],
    ['a partial wildcard', gateway([{ ...HTTP_SERVER, hosts: ['shop*.example.com'] }]), 'partial wildcard "shop*.example.com" not allowed'],
    ['two servers with one port name', gateway([HTTP_SERVER, { ...HTTP_SERVER, hosts: ['b.example.com'] }]), 'port names in servers must be unique: duplicate name http'],
    ['HTTPS without TLS settings', gateway([{ ...HTTP_SERVER, port: { number: 443, name: 'https', protocol: 'HTTPS' } }]), 'server must have TLS settings for HTTPS/TLS protocols'],
    ['SIMPLE TLS without a certificate', gateway([{ ...HTTP_SERVER, port: { number: 443, name: 'https', protocol: 'HTTPS' }, tls: { mode: 'SIMPLE' } }]), 'SIMPLE TLS requires a server certificate'],
    ['TLS settings on plain HTTP', gateway([{ ...HTTP_SERVER, tls: { mode: 'SIMPLE', credentialName: 'c' } }]), 'server cannot have TLS settings for plain text HTTP ports'],
    ['no action', vsWith({ route: [] }), 'HTTP route, redirect or direct_response is required'],
    ['a redirect and a route', vsWith({ redirect: { authority: 'x.example.com' } }), 'HTTP route cannot contain both route and redirect'],
    ['an empty rewrite', vsWith({ rewrite: {} }), 'rewrite must specify at least one of URI, UriRegexRewrite, or authority. Only one of URI or UriRegexRewrite may be specified'],
    ['an empty fault', vsWith({ fault: {} }), 'HTTP fault injection must have an abort and/or a delay'],
    ['an unknown retry condition', vsWith({ retries: { attempts: 2, retryOn: 'gateway-error,undefined' } }), '"undefined" is not a valid retryOn policy'],
    ['retry settings with 0 attempts', vsWith({ retries: { attempts: 0, perTryTimeout: '2s' } }), 'http retry policy configured when attempts are set to 0 (disabled)'],
    ['an SNI host outside the hosts', virtualService({ hosts: ['a.example.com'], gateways: ['istio-ingress/edge'], tls: [{ match: [{ sniHosts: ['b.example.com'] }], route: ROUTE.route }] }), 'SNI host "b.example.com" is not a compatible subset of any of the virtual service hosts: [a.example.com]'],
    ['duplicate hosts', virtualService({ hosts: ['*.example.com', 'a.example.com'], gateways: ['istio-ingress/edge'], http: [ROUTE] }), 'duplicate hosts in virtual service: *.example.com & a.example.com'],
  ])('refuses %s with istiod\'s message', (_case, manifest, message) => {
    expect(istiodRefusals(manifest)).toContain(message);
    expect(validateManifest(manifest).map((v) => v.message)).toContain(`istiod refuses it: ${message}`);
  });

  test('a duration below 1ms or finer than ms (the CRD rule refuses the first already)', () => {
    expect(istiodRefusals(vsWith({ timeout: '0.0001s' }))).toStrictEqual(['duration must be greater than 1ms']);
    expect(istiodRefusals(vsWith({ timeout: '1.0005s' }))).toStrictEqual(['only durations to ms precision are supported']);
  });

  test('only looks at Istio objects', () => {
    expect(istiodRefusals({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'x' }, spec: {} })).toStrictEqual([]);
  });
});

describe('what it found', () => {
  const expose = (api: IngressApi, hosts: string[], routes = [{}]) => {
    const chart = new Chart(new App(), 'test');
    const gw = new IngressGateway(chart, 'gw', { api, ...(api.kind === IngressApiKind.GATEWAY_API ? { namespace: 'default' } : {}) });
    new ExposedService(chart, 'web', { gateway: gw, backend: Backend.fromServiceName('web', { port: 8080, portName: 'http' }), hosts, routes });
    return chart;
  };

  test('the model check knows exactly the named retry conditions RetryOn offers (one list for constructs and models)', () => {
    const named = Object.values(RetryOn).filter((v): v is RetryOn => v instanceof RetryOn).map((c) => c.condition);
    expect([...named].sort()).toStrictEqual([...RETRY_ON_CONDITIONS].sort());
  });

  test('RetryOn.statusCode(undefined) from JavaScript wrote the condition "undefined"; now refused, naming the field', () => {
    const error = validationError(() => synth(expose(IngressApi.istio(), ['shop.example.com'], [{ retries: { attempts: 2, retryOn: [RetryOn.statusCode(undefined as unknown as number)] } }])));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.problems[0]).toMatchObject({ constructPath: 'test/web', field: 'routes[0].retries.retryOn[0]' });
    expect(error.problems[0].message).toMatch(/undefined is not a standard 4xx or 5xx HTTP status code to retry on/);
    // The valid form still renders.
    expect(() => synth(expose(IngressApi.istio(), ['shop.example.com'], [{ retries: { attempts: 2, retryOn: [RetryOn.statusCode(503)] } }]))).not.toThrow();
  });

  test('a short host through the Istio API: istiod refuses it in the Gateway; now refused, naming the host', () => {
    const error = validationError(() => synth(expose(IngressApi.istio(), ['shop'])));
    expect(error.problems[0]).toMatchObject({ constructPath: 'test/web', field: 'hosts[0]' });
    expect(error.problems[0].message).toMatch(/"shop" is a short name, but an Istio Gateway serves fully qualified host names only .* such as "shop.example.com"/);
    expect(validationError(() => synth(expose(IngressApi.istio(), ['shop.example.123']))).problems[0].message).toMatch(/ends in an all-numeric label/);
    // The Gateway API takes a single-label hostname in a listener.
    expect(() => synth(expose(IngressApi.gatewayApi(), ['shop']))).not.toThrow();
  });

  describe('models from outside the constructs', () => {
    const model = (rule: Record<string, unknown>): any => ({
      source: 'platform/edge',
      api: IngressApiKind.ISTIO,
      name: 'edge',
      namespace: 'istio-ingress',
      proxy: { mode: ProxyMode.EXISTING, namespace: 'istio-system', selector: { istio: 'ingressgateway' } },
      routes: [{ source: 'shop/web', name: 'web', namespace: 'shop', hosts: ['shop.example.com'], port: 80, rules: [{ matches: [{ path: { type: PathMatchType.PREFIX, value: '/' } }], backends: [{ name: 'web', namespace: 'shop', port: 8080 }], ...rule }] }],
      tls: [],
      clusterDomain: 'cluster.local',
    });

    test.each([
      ['an empty rewrite', { rewrite: {} }, 'routes[0].rewrite', /rewrites nothing: give a hostname, a path or both/],
      ['an empty fault', { fault: {} }, 'routes[0].fault', /injects nothing: give a delay, an abort or both/],
      ['a retry condition istiod does not know', { retries: { attempts: 2, retryOn: ['undefined'] } }, 'routes[0].retries.retryOn[0]', /is not a retry condition; allowed: 5xx, gateway-error/],
      ['a status code outside 4xx and 5xx', { retries: { attempts: 2, retryOn: ['200'] } }, 'routes[0].retries.retryOn[0]', /is not a retry condition/],
    ])('%s: a problem naming the field, nothing rendered', (_case, rule, field, message) => {
      const { problems, objects } = renderGateway(model(rule));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ source: 'shop/web', field });
      expect(problems[0].message).toMatch(message);
      expect(objects).toStrictEqual([]);
    });

    test('the valid forms render', () => {
      expect(renderGateway(model({ rewrite: { hostname: 'api.example.com' } })).problems).toStrictEqual([]);
      expect(renderGateway(model({ fault: { abort: { httpStatus: 503, percentage: 10 } } })).problems).toStrictEqual([]);
      expect(renderGateway(model({ retries: { attempts: 2, retryOn: ['gateway-error', '503'] } })).problems).toStrictEqual([]);
    });
  });
});
