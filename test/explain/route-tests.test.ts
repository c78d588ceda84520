import { ManifestError, RouteTestSuite } from '../../src';
import { explainer, SHOP_YAML } from './support';

describe('route test files', () => {
  const shop = explainer(SHOP_YAML);

  test('every kind of expectation holds when the routing matches it', () => {
    const suite = RouteTestSuite.parse(`
gateway: istio-ingress/gw
tests:
  - name: canary by header
    request: GET http://shop.example.com/cart
    headers: { x-canary: always }
    expect: { backend: v2.default:8000, outcome: forward, route: VirtualService default/shop }
  - name: split
    request: http://shop.example.com/cart
    expect: { backends: [v1.default:8000 90%, v2.default 10%] }
  - name: moved
    request: POST http://shop.example.com/old
    expect: { redirect: http://shop.example.com/new, status: 301 }
  - name: other host
    request: GET http://nowhere.example.com/
    expect: { status: 404 }
`);
    expect(suite.tests.map((t) => [t.name, t.source, t.request])).toStrictEqual([
      ['canary by header', 'routes-test.yaml:4', { method: 'GET', url: 'http://shop.example.com/cart', headers: { 'x-canary': 'always' }, gateway: { namespace: 'istio-ingress', name: 'gw' } }],
      ['split', 'routes-test.yaml:8', { method: 'GET', url: 'http://shop.example.com/cart', gateway: { namespace: 'istio-ingress', name: 'gw' } }],
      ['moved', 'routes-test.yaml:11', { method: 'POST', url: 'http://shop.example.com/old', gateway: { namespace: 'istio-ingress', name: 'gw' } }],
      ['other host', 'routes-test.yaml:14', { method: 'GET', url: 'http://nowhere.example.com/', gateway: { namespace: 'istio-ingress', name: 'gw' } }],
    ]);
    expect(suite.check(shop)).toStrictEqual({ passed: 4, failures: [] });
  });

  test('each mismatch says what was expected and what happens', () => {
    const suite = RouteTestSuite.parse(
      `tests:
  - name: wrong backend
    request: GET http://shop.example.com/cart
    expect: { backend: v2.default:8000 }
  - name: wrong weights
    request: GET http://shop.example.com/cart
    expect: { backends: [v1.default:8000 50%, v2.default:8000 50%] }
  - name: not a redirect
    request: GET http://shop.example.com/cart
    expect: { redirect: https://shop.example.com/cart, outcome: redirect, route: VirtualService default/other }
`,
      'ci/routes.yaml',
    );
    const report = suite.check(shop);
    expect(report.passed).toBe(0);
    expect(report.failures.map((f) => [f.test.source, ...f.mismatches])).toStrictEqual([
      ['ci/routes.yaml:2', 'expected backends v2.default:8000, got v1.default:8000 90%, v2.default:8000 10%'],
      ['ci/routes.yaml:5', 'expected backends v1.default:8000 50%, v2.default:8000 50%, got v1.default:8000 90%, v2.default:8000 10%'],
      ['ci/routes.yaml:8', 'expected outcome redirect, got forward', 'expected a redirect to https://shop.example.com/cart, got forward', 'expected route VirtualService default/other, got VirtualService default/shop'],
    ]);
    expect(report.failures[0].result.outcome).toBe('forward');
  });

  test.each([
    ['tests: [', /^routes-test\.yaml:1: not valid YAML: /],
    ['tests: []', /^routes-test\.yaml:1: tests: expected a non-empty list of tests$/],
    ['test: []', /^routes-test\.yaml:1: test: unknown key; a route test file has gateway and tests$/],
    ['tests:\n  - request: GET http://a/\n    expect: { status: 404 }', /^routes-test\.yaml:2: tests\.0\.name: every test needs a name$/],
    ['tests:\n  - name: x\n    request: GET http://a/', /^routes-test\.yaml:2: tests\.0\.expect: expected a map with at least one of outcome, status, backend, backends, redirect, route$/],
    ['tests:\n  - name: x\n    request: GET http://a/\n    expect: { outcome: found }', /^routes-test\.yaml:4: tests\.0\.expect\.outcome: expected one of forward, redirect, direct-response, not-found, no-listener, tls-passthrough, backend-unresolved$/],
    ['tests:\n  - name: x\n    request: GET http://a/\n    expect: { backend: "http://svc" }', /^routes-test\.yaml:4: tests\.0\.expect\.backend: expected name\.namespace\[:port\]\[ weight%\], such as httpbin\.default:8000$/],
    ['tests:\n  - name: x\n    request: GET http://a/ extra\n    expect: { status: 404 }', /^routes-test\.yaml:3: tests\.0\.request: expected "METHOD URL"/],
    ['tests:\n  - name: x\n    request: GET http://a/\n    expect: { status: 404, color: red }', /^routes-test\.yaml:4: tests\.0\.expect\.color: unknown key; expect takes outcome, status, backend, backends, redirect, route$/],
  ])('fails on a mistake in the file, naming file:line: %j', (text, message) => {
    expect(() => RouteTestSuite.parse(text)).toThrow(ManifestError);
    expect(() => RouteTestSuite.parse(text)).toThrow(message);
  });
});
