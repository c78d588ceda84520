import { Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  Backend,
  ExposedService,
  GatewayProxy,
  HttpbinApp,
  HttpMethod,
  IngressApi,
  IngressGateway,
  PathMatch,
  RouteMatch,
  StringMatch,
  ValidationError,
} from '../src';
import { newChart, synth } from './support/synth';

/** A chart with a gateway and an httpbin, for error cases about routes. */
function setup() {
  const chart = newChart();
  const gateway = new IngressGateway(chart, 'gw');
  const httpbin = new HttpbinApp(chart, 'httpbin');
  return { chart, gateway, httpbin };
}

describe('construct-time errors name the construct path, the field and what is allowed', () => {
  test('fails with a ValidationError carrying the construct path and field', () => {
    const { chart, gateway, httpbin } = setup();
    let error: unknown;
    try {
      new ExposedService(chart, 'bad', { gateway, backend: httpbin, hosts: ['Httpbin.example.com'] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).constructPath).toBe('test/bad');
    expect((error as ValidationError).field).toBe('hosts[0]');
    expect((error as Error).message).toBe('[test/bad] hosts[0]: "Httpbin.example.com" must be lower-case (use "httpbin.example.com")');
  });

  test.each([
    ['foo.*.example.com', /hosts\[0\]: "foo\.\*\.example\.com" may only use a wildcard as its whole left-most label/],
    ['10.0.0.1', /hosts\[0\]: "10\.0\.0\.1" is an IP address; hosts must be DNS names \(use "\*"/],
    ['bad_host.example.com', /hosts\[0\]: "bad_host\.example\.com" is not a valid DNS name/],
    ['', /hosts\[0\]: "" must be a non-empty hostname, or "\*" for any host/],
  ])('fails for the host %p', (host, message) => {
    const { chart, gateway, httpbin } = setup();
    expect(() => new ExposedService(chart, 'bad', { gateway, backend: httpbin, hosts: [host] })).toThrow(message);
  });

  test('fails for an empty or repeated host list', () => {
    const { chart, gateway, httpbin } = setup();
    expect(() => new ExposedService(chart, 'a', { gateway, backend: httpbin, hosts: [] })).toThrow(/\[test\/a\] hosts: expected a non-empty list of hosts/);
    expect(() => new ExposedService(chart, 'b', { gateway, backend: httpbin, hosts: ['x.com', 'x.com'] })).toThrow(/\[test\/b\] hosts\[1\]: "x\.com" is listed twice/);
  });

  test.each([
    ['Gateway_1', /\[test\/Gateway_1\] name \(from the construct id\): "Gateway_1" must consist of lower-case letters, digits and "-"/],
    ['a'.repeat(64), /is 64 characters long; at most 63 are allowed/],
  ])('fails for the gateway name %p', (id, message) => {
    expect(() => new IngressGateway(newChart(), id)).toThrow(message);
  });

  test('fails for an invalid namespace or label', () => {
    expect(() => new IngressGateway(newChart(), 'gw', { namespace: 'Istio' })).toThrow(/\[test\/gw\] namespace: "Istio" must consist of lower-case letters/);
    expect(() => new IngressGateway(newChart(), 'gw', { labels: { 'bad key!': 'x' } })).toThrow(/labels\["bad key!"\]: the label name "bad key!" must be at most 63 characters/);
    expect(() => new IngressGateway(newChart(), 'gw', { labels: { team: 'a b' } })).toThrow(/labels\["team"\]: the label value "a b" must be empty or at most 63 characters/);
  });

  test.each([
    [0, /\[test\/bad\] port: 0 must be an integer from 1 to 65535/],
    [70000, /port: 70000 must be an integer from 1 to 65535/],
    [15021, /port: 15021 is used by the Istio proxy itself/],
  ])('fails for the gateway port %p', (port, message) => {
    const { chart, gateway, httpbin } = setup();
    expect(() => new ExposedService(chart, 'bad', { gateway, backend: httpbin, hosts: ['a.com'], port })).toThrow(message);
  });

  test.each([
    [PathMatch.prefix('status'), /routes\[0\]\.matches\[0\]\.path: "status" must start with "\/"/],
    [PathMatch.exact('/a//b'), /"\/a\/\/b" must not contain "\/\/", "\/\.\/", "\/\.\.\/"/],
    [PathMatch.regex('/(?=x)'), /"\/\(\?=x\)" is refused by RE2 \(which istiod and Envoy use\): invalid or unsupported Perl syntax `\(\?=`; RE2 has no lookahead/],
    [PathMatch.regex('/(unclosed'), /is refused by RE2 \(which istiod and Envoy use\): missing closing \) `\/\(unclosed`; close every group/],
  ])('fails for the path match %#', (path, message) => {
    const { chart, gateway, httpbin } = setup();
    expect(
      () => new ExposedService(chart, 'bad', { gateway, backend: httpbin, hosts: ['a.com'], routes: [{ matches: [RouteMatch.of({ path })] }] }),
    ).toThrow(message);
  });

  test('accepts RE2 inline flags and named groups that JavaScript spells differently', () => {
    const { chart, gateway, httpbin } = setup();
    expect(
      () =>
        new ExposedService(chart, 'ok', {
          gateway,
          backend: httpbin,
          hosts: ['a.com'],
          routes: [{ matches: [RouteMatch.pathRegex('(?i)/users/(?P<id>[0-9]+)')] }],
        }),
    ).not.toThrow();
  });

  test('fails for invalid header names, methods, route names and timeouts', () => {
    const { chart, gateway, httpbin } = setup();
    const expose = (id: string, route: object) => () =>
      new ExposedService(chart, id, { gateway, backend: httpbin, hosts: ['a.com'], routes: [route as never] });
    expect(expose('h', { matches: [RouteMatch.of({ headers: { 'bad header': StringMatch.exact('x') } })] })).toThrow(
      /routes\[0\]\.matches\[0\]\.headers\["bad header"\]: "bad header" is not a valid name/,
    );
    expect(expose('h2', { matches: [RouteMatch.of({ headers: { 'X-A': StringMatch.exact('1'), 'x-a': StringMatch.exact('2') } })] })).toThrow(
      /"x-a" is given twice \(names are case-insensitive\)/,
    );
    expect(expose('m', { matches: [RouteMatch.of({ method: 'FETCH' as HttpMethod })] })).toThrow(
      /routes\[0\]\.matches\[0\]\.method: "FETCH" is not an HTTP method; allowed: GET, HEAD/,
    );
    expect(expose('n', { name: 'Status Route' })).toThrow(/routes\[0\]\.name: "Status Route" must be a DNS-1123 label/);
    expect(expose('t', { timeout: Duration.millis(0.5) })).toThrow(/routes\[0\]\.timeout: 0\.5ms is not a whole number of milliseconds/);
    expect(expose('t2', { timeout: Duration.hours(100000) })).toThrow(/routes\[0\]\.timeout: 4166 days 15 hours is too long: the maximum is 99999h/);
    expect(expose('x', { matches: ['/status'] })).toThrow(/routes\[0\]\.matches\[0\]: expected a RouteMatch/);
    expect(expose('c', { matches: [RouteMatch.pathPrefix('/a\u0000b')] })).toThrow(/routes\[0\]\.matches\[0\]\.path: .* must not contain whitespace or control characters/);
    expect(expose('v', { matches: [RouteMatch.of({ headers: { 'x-a': StringMatch.exact('a\nb') } })] })).toThrow(
      /routes\[0\]\.matches\[0\]\.headers\["x-a"\]: a header or query value cannot contain control characters/,
    );
  });

  test('fails when a backend port would be mis-detected by Istio', () => {
    const { chart, gateway } = setup();
    const unnamed = new kplus.Service(chart, 'unnamed-svc', { ports: [{ port: 8080 }] });
    expect(() => new ExposedService(chart, 'a', { gateway, backend: Backend.fromService(unnamed), hosts: ['a.com'] })).toThrow(
      /\[test\/a\] backend: port 8080 of Service default\/.* has no name and no appProtocol, so Istio cannot tell it carries HTTP; name the port "http"/,
    );
    expect(
      () => new ExposedService(chart, 'b', { gateway, backend: Backend.fromServiceName('web', { port: 80, portName: 'web' }), hosts: ['b.com'] }),
    ).toThrow(/has the name "web", which does not follow Istio's <protocol>\[-<suffix>\] convention, and no appProtocol/);
    expect(
      () => new ExposedService(chart, 'c', { gateway, backend: Backend.fromServiceName('web', { port: 443, portName: 'https' }), hosts: ['c.com'] }),
    ).toThrow(/port 443 of Service default\/web is declared as HTTPS, but an HTTP route sends plain HTTP to it/);
    expect(
      () => new ExposedService(chart, 'd', { gateway, backend: Backend.fromServiceName('web', { port: 80, portName: 'web', appProtocol: 'http' }), hosts: ['d.com'] }),
    ).not.toThrow();
  });

  test('fails when the Istio API is given a backend without a port number', () => {
    const { chart, gateway } = setup();
    expect(() => new ExposedService(chart, 'a', { gateway, backend: Backend.fromServiceName('web', { portName: 'http' }), hosts: ['a.com'] })).toThrow(
      /\[test\/a\] backend\.port: the istio API addresses backends by port number; give the port number of Service default\/web/,
    );
  });

  test('fails for proxy options that contradict each other', () => {
    expect(() => new IngressGateway(newChart(), 'gw', { proxy: GatewayProxy.bundled({ replicas: 2, autoscaling: { maxReplicas: 3 } }) })).toThrow(
      /\[test\/gw\] proxy\.replicas: set either replicas \(fixed\) or autoscaling, not both/,
    );
    expect(() => new IngressGateway(newChart(), 'gw', { proxy: GatewayProxy.bundled({ autoscaling: { minReplicas: 3, maxReplicas: 2 } }) })).toThrow(
      /proxy\.autoscaling\.maxReplicas: 2 must be a whole number no smaller than minReplicas \(3\)/,
    );
    expect(() => new IngressGateway(newChart(), 'gw', { proxy: GatewayProxy.bundled({ podDisruptionBudget: { minAvailable: 1, maxUnavailable: 1 } }) })).toThrow(
      /proxy\.podDisruptionBudget: set exactly one of minAvailable and maxUnavailable/,
    );
    expect(() => new IngressGateway(newChart(), 'gw', { proxy: GatewayProxy.bundled({ podLabels: { istio: 'x' } }) })).toThrow(
      /proxy\.podLabels\.istio: the label "istio" is set from the proxy name and selects the pods/,
    );
    expect(() => new IngressGateway(newChart(), 'gw', { proxy: GatewayProxy.existing({ selector: {} }) })).toThrow(
      /proxy\.selector: an existing proxy must be selected by at least one label/,
    );
    expect(() => new IngressGateway(newChart(), 'gw', { proxy: GatewayProxy.automated() })).toThrow(
      /proxy: GatewayProxy\.automated\(\) cannot be used with the istio API; it supports: GatewayProxy\.bundled\(\), GatewayProxy\.existing\(\)/,
    );
    expect(() => new IngressGateway(newChart(), 'gw', { proxy: GatewayProxy.bundled({ loadBalancerSourceRanges: ['10.0.0.0/33'] }) })).toThrow(
      /\[test\/gw\] proxy\.loadBalancerSourceRanges\[0\]: "10\.0\.0\.0\/33" /,
    );
    expect(() => new IngressGateway(newChart(), 'gw', { serviceType: kplus.ServiceType.EXTERNAL_NAME })).toThrow(
      /serviceType: "ExternalName" cannot front a proxy; use LoadBalancer, NodePort or ClusterIP/,
    );
  });

  test('fails when the proxy namespace would turn injection off (image: auto needs the injector)', () => {
    expect(() => new IngressGateway(newChart(), 'gw', { namespaceLabels: { 'istio-injection': 'disabled' } })).toThrow(
      /\[test\/gw\] namespaceLabels: the namespace is labelled istio-injection=disabled, but the bundled proxy \(image: auto\) only works/,
    );
  });
});

describe('synth-time errors (App.synth) for mistakes that span constructs', () => {
  test('fails when a gateway exposes nothing', () => {
    const chart = newChart();
    new IngressGateway(chart, 'gw');
    expect(() => synth(chart)).toThrow(/\[test\/gw\] hosts: nothing is exposed through gateway istio-ingress\/gw: add an ExposedService for it, or set the hosts it serves/);
  });

  test('fails when an exposed host is not served by a gateway restricted to some hosts', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw', { hosts: ['*.example.com'] });
    const httpbin = new HttpbinApp(chart, 'httpbin');
    new ExposedService(chart, 'ok', { gateway, backend: httpbin, hosts: ['a.example.com'] });
    new ExposedService(chart, 'stray', { gateway, backend: httpbin, hosts: ['a.example.com', 'example.org'] });
    expect(() => synth(chart)).toThrow(
      /\[test\/stray\] hosts\[1\]: host "example\.org" is not served by gateway istio-ingress\/gw on port 80 \(it serves: \*\.example\.com\), so every request would get a 404 \(route_not_found\)/,
    );
  });

  test('fails when two services claim the same host and match, naming both', () => {
    const { chart, gateway, httpbin } = setup();
    new ExposedService(chart, 'first', { gateway, backend: httpbin, hosts: ['a.com'], routes: [{ matches: [RouteMatch.pathPrefix('/api')] }] });
    new ExposedService(chart, 'second', {
      gateway,
      backend: Backend.fromServiceName('other', { port: 80, portName: 'http' }),
      hosts: ['b.com', 'a.com'],
      routes: [{ matches: [RouteMatch.pathPrefix('/api')] }],
    });
    expect(() => synth(chart)).toThrow(
      /\[test\/second\] routes\[0\]\.matches\[0\]: host "a\.com" with match PathPrefix \/api on port 80 is already claimed by test\/first; one of the two would silently never receive traffic/,
    );
  });

  test('fails when one service repeats a match, since the second route would never be selected', () => {
    const { chart, gateway, httpbin } = setup();
    new ExposedService(chart, 'dup', {
      gateway,
      backend: httpbin,
      hosts: ['a.com'],
      routes: [{ matches: [RouteMatch.pathPrefix('/x')] }, { timeout: Duration.seconds(1), matches: [RouteMatch.pathPrefix('/x')] }],
    });
    expect(() => synth(chart)).toThrow(/\[test\/dup\] routes\[1\]\.matches\[0\]: host "a\.com" with match PathPrefix \/x on port 80 is already matched by routes\[0\]/);
  });

  test('does not flag different matches, different hosts or different ports as conflicts', () => {
    const { chart, gateway, httpbin } = setup();
    new ExposedService(chart, 'a', { gateway, backend: httpbin, hosts: ['a.com'], routes: [{ matches: [RouteMatch.pathPrefix('/x')] }] });
    new ExposedService(chart, 'b', { gateway, backend: httpbin, hosts: ['a.com'], routes: [{ matches: [RouteMatch.pathPrefix('/y')] }] });
    new ExposedService(chart, 'c', { gateway, backend: httpbin, hosts: ['b.com'], routes: [{ matches: [RouteMatch.pathPrefix('/x')] }] });
    new ExposedService(chart, 'd', { gateway, backend: httpbin, hosts: ['a.com'], port: 8080, routes: [{ matches: [RouteMatch.pathPrefix('/x')] }] });
    new ExposedService(chart, 'e', { gateway, backend: httpbin, hosts: ['e.com'], routes: [{ matches: [RouteMatch.pathPrefix('/x'), RouteMatch.of({ path: PathMatch.prefix('/x'), headers: {} })] }] });
    expect(() => synth(chart)).not.toThrow();
  });
});

describe('mistakes across gateways and objects', () => {
  test('fails when a chosen selector matches none of the proxy pods the gateway deploys', () => {
    expect(() => new IngressGateway(newChart(), 'gw', { selector: { istio: 'ingress' } })).toThrow(
      /\[test\/gw\] selector: \{"istio":"ingress"\} matches none of the proxy pods this gateway deploys \(their labels: .*istio=ingressgateway.*\), so no proxy would serve the Gateway/,
    );
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw', { selector: { app: 'istio-ingressgateway', istio: 'ingressgateway' } });
    new ExposedService(chart, 'app', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['a.com'] });
    expect(synth(chart).find((o) => o.kind === 'Gateway')!.spec.selector).toStrictEqual({ app: 'istio-ingressgateway', istio: 'ingressgateway' });
  });

  test('fails when a selector is given where the API or proxy does not use one', () => {
    expect(() => new IngressGateway(newChart(), 'gw', { api: IngressApi.gatewayApi(), selector: { istio: 'x' } })).toThrow(
      /\[test\/gw\] selector: only the Istio API's Gateway selects proxy pods by label; the gateway-api API finds its proxy itself/,
    );
    expect(() => new IngressGateway(newChart(), 'gw', { proxy: GatewayProxy.existing({ selector: { istio: 'x' } }), selector: { istio: 'x' } })).toThrow(
      /selector: an existing proxy is selected by GatewayProxy\.existing\(\{ selector \}\); remove selector here/,
    );
  });

  test('fails when one gateway\'s selector also matches the proxy another gateway deploys elsewhere', () => {
    const chart = newChart();
    const httpbin = new HttpbinApp(chart, 'httpbin');
    const a = new IngressGateway(chart, 'a', { namespace: 'edge-a' });
    const b = new IngressGateway(chart, 'b', { namespace: 'edge-b' });
    new ExposedService(chart, 'app-a', { gateway: a, backend: httpbin, hosts: ['a.com'] });
    new ExposedService(chart, 'app-b', { gateway: b, backend: httpbin, hosts: ['b.com'] });
    expect(() => synth(chart)).toThrow(
      /\[test\/a\] proxy: the Gateway's selector \{"istio":"ingressgateway"\} also matches the pods of proxy edge-b\/istio-ingressgateway \(deployed by test\/b\); Istio selects across namespaces/,
    );
  });

  test('fails when two gateways deploy the same proxy object in one namespace', () => {
    const chart = newChart();
    const httpbin = new HttpbinApp(chart, 'httpbin');
    const a = new IngressGateway(chart, 'a');
    const b = new IngressGateway(chart, 'b');
    new ExposedService(chart, 'app-a', { gateway: a, backend: httpbin, hosts: ['a.com'] });
    new ExposedService(chart, 'app-b', { gateway: b, backend: httpbin, hosts: ['b.com'] });
    expect(() => synth(chart)).toThrow(
      /\[test\] objects: Deployment istio-ingress\/istio-ingressgateway is emitted twice, by test\/a\/Proxy\/Deployment and test\/b\/Proxy\/Deployment; kubectl would keep only the last/,
    );
  });

  test('gateways sharing one proxy name per namespace in different charts of an app are the same proxy, not a conflict', () => {
    const app = newChart().node.root;
    for (const id of ['one', 'two']) {
      const chart = new Chart(app as never, id);
      const gateway = new IngressGateway(chart, 'gw');
      new ExposedService(chart, 'app', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['a.com'] });
      expect(() => synth(chart)).not.toThrow();
    }
  });
});

describe('a list where a value object belongs is refused as not that object, naming what is expected', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['retries', { retries: [] }, 'routes[0].retries: expected a RetryPolicy such as { attempts: 3 }, received []'],
    ['directResponse', { directResponse: [] }, "routes[0].directResponse: expected a DirectResponse such as { status: 503, body: 'down for maintenance' }, received []"],
    ['redirect', { redirect: [] }, 'routes[0].redirect: expected a RequestRedirect such as { scheme: RedirectScheme.HTTPS }, received []'],
    ['fault', { fault: [] }, 'routes[0].fault: expected a FaultInjection such as { abort: { httpStatus: 503 } }, received []'],
    ['fault.delay', { fault: { delay: [] } }, 'routes[0].fault.delay: expected { fixedDelay, percentage }'],
    ['fault.abort', { fault: { abort: [] } }, 'routes[0].fault.abort: expected { httpStatus, percentage }'],
    ['requestHeaders', { requestHeaders: [] }, "routes[0].requestHeaders: expected a HeaderModifier such as { set: { 'x-env': 'prod' } }, received []"],
    ['backends[0]', { backends: [[]] }, 'routes[0].backends[0]: expected { backend, weight }, received []'],
    ['mirrors[0]', { mirrors: [[]] }, 'routes[0].mirrors[0]: expected { backend, percentage }, received []'],
  ];
  test.each(cases)('%s', (_field, route, message) => {
    const { chart, gateway, httpbin } = setup();
    expect(() => new ExposedService(chart, 'svc', { gateway, backend: httpbin, hosts: ['a.example.com'], routes: [{ matches: [RouteMatch.pathPrefix('/')], ...route } as any] })).toThrow(`[test/svc] ${message}`);
  });

  test('container resources of the bundled proxy', () => {
    const chart = newChart();
    expect(() => new IngressGateway(chart, 'gw', { proxy: GatewayProxy.bundled({ resources: [] as any }) })).toThrow(
      '[test/gw] proxy.resources: expected ContainerResources such as { cpu: { request: Cpu.millis(100) } }, received []',
    );
  });
});

describe('an empty list where an object or a listener belongs is refused, not taken as the defaults', () => {
  test('the bundled proxy\'s networkPolicy', () => {
    expect(() => new IngressGateway(newChart(), 'gw', { proxy: GatewayProxy.bundled({ networkPolicy: [] as any }) })).toThrow(
      '[test/gw] proxy.networkPolicy: expected ProxyNetworkPolicy options ({} for the defaults), received []',
    );
  });

  test('the metadata of a Service given to Backend.fromService', () => {
    expect(() => Backend.fromService({ name: 'web', metadata: [], ports: [{ port: 80, name: 'http' }] } as any)).toThrow(/Service web has no metadata/);
  });

  test('the listeners declared for an imported gateway', () => {
    expect(() => IngressGateway.fromGatewayName(newChart(), 'edge', { api: IngressApi.gatewayApi(), name: 'edge', namespace: 'edge', listeners: [] })).toThrow(
      '[test/edge] listeners: lists no listener, but a Gateway has at least one: declare the listeners routes attach to, or leave listeners unset when they are not known',
    );
  });
});
