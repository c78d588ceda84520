import { stringify } from 'yaml';
import { ManifestError, RequestError, RouteTestSuite } from '../../src';
import { JUNK, jsonKindOf, jsonPaths, jsonWithJunk } from '../support/sweep';
import { explainer, service } from './support';
const yaml = `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: gw, namespace: istio-ingress }
spec:
  selector: { istio: ingressgateway }
  servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: ["*"] }]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: shop, namespace: default }
spec:
  hosts: [shop.example.com]
  gateways: [istio-ingress/gw]
  http:
    - match: [{ uri: { prefix: /old } }]
      redirect: { uri: /new, derivePort: FROM_REQUEST_PORT }
    - match: [{ headers: { x-canary: { exact: always } } }]
      route: [{ destination: { host: v2.default.svc.cluster.local, port: { number: 8000 } } }]
    - route:
        - { destination: { host: v1.default.svc.cluster.local, port: { number: 8000 } }, weight: 90 }
        - { destination: { host: v2.default.svc.cluster.local, port: { number: 8000 } }, weight: 10 }
---
${service('v1')}
${service('v2')}`;
/**
 * The junk sweep of route test files (RouteTestSuite.parse and check): a suite with every kind of
 * expectation, each junk value YAML can carry (all but the BigInt) at each of its positions. It
 * must pass or fail its tests, or be refused with a ManifestError or RequestError in a short
 * message that never echoes a long value: never a TypeError.
 */
test('every junk value at every position of a route test file: a result or a clear refusal, never a TypeError', () => {
  const shop = explainer(yaml);
  const base = { gateway: 'istio-ingress/gw', tests: [
    { name: 'canary', request: 'GET http://shop.example.com/cart', headers: { 'x-canary': 'always' }, expect: { backend: 'v2.default:8000', outcome: 'forward', route: 'VirtualService default/shop' } },
    { name: 'split', request: 'http://shop.example.com/cart', expect: { backends: ['v1.default:8000 90%', 'v2.default 10%'] } },
    { name: 'moved', request: 'POST http://shop.example.com/old', expect: { redirect: 'http://shop.example.com/new', status: 301 } },
  ] };
  expect(RouteTestSuite.parse(stringify(base)).check(shop)).toStrictEqual({ passed: 3, failures: [] });
  const failures = new Map<string, string>();
  let cases = 0;
  for (const { path, value } of jsonPaths(base)) for (const junk of JUNK.filter((j) => j.name !== 'BigInt')) {
    cases++;
    const text = stringify(jsonWithJunk(base, path, junk.value(jsonKindOf(value), value)));
    try { RouteTestSuite.parse(text).check(shop); } catch (e) {
      if ((e instanceof ManifestError || e instanceof RequestError) && e.message.length < 1200 && !e.message.includes('x'.repeat(80))) continue;
      const key = `${(e as Error)?.constructor?.name}: ${String((e as Error)?.message).slice(0, 150)}`;
      if (!failures.has(key)) failures.set(key, `${path.join('.')} = ${junk.name}`);
    }
  }
  expect([...failures].map(([k, v]) => `${v} -> ${k}`)).toStrictEqual([]);
  // Every position met every junk class (275 cases today).
  expect(cases).toBeGreaterThan(250);
});
