import { stringify } from 'yaml';
import { ManifestError, RequestError, RouteTestSuite } from '../../src';
import { isShortMessage, JSON_JUNK, jsonKindOf, jsonPaths, jsonWithJunk } from '../support/sweep';
import { explainer, SHOP_YAML } from './support';

/**
 * The junk sweep of route test files (RouteTestSuite.parse and check): a suite with every kind of
 * expectation, each junk value YAML can carry (all but the BigInt) at each of its positions. It
 * must pass or fail its tests, or be refused with a ManifestError or RequestError in a short
 * message that never echoes a long value: never a TypeError.
 */
const SUITE = {
  gateway: 'istio-ingress/gw',
  tests: [
    { name: 'canary', request: 'GET http://shop.example.com/cart', headers: { 'x-canary': 'always' }, expect: { backend: 'v2.default:8000', outcome: 'forward', route: 'VirtualService default/shop' } },
    { name: 'split', request: 'http://shop.example.com/cart', expect: { backends: ['v1.default:8000 90%', 'v2.default 10%'] } },
    { name: 'moved', request: 'POST http://shop.example.com/old', expect: { redirect: 'http://shop.example.com/new', status: 301 } },
  ],
};

test('every junk value at every position of a route test file: a result or a clear refusal, never a TypeError', () => {
  const shop = explainer(SHOP_YAML);
  // The suite as written passes.
  expect(RouteTestSuite.parse(stringify(SUITE)).check(shop)).toStrictEqual({ passed: 3, failures: [] });
  const failures = new Map<string, string>();
  let cases = 0;
  for (const { path, value } of jsonPaths(SUITE)) {
    for (const junk of JSON_JUNK) {
      cases++;
      try {
        RouteTestSuite.parse(stringify(jsonWithJunk(SUITE, path, junk.value(jsonKindOf(value), value)))).check(shop);
      } catch (e) {
        if ((e instanceof ManifestError || e instanceof RequestError) && isShortMessage(e.message, 1199)) continue;
        const key = `${(e as Error)?.constructor?.name}: ${String((e as Error)?.message).slice(0, 150)}`;
        if (!failures.has(key)) failures.set(key, `${path.join('.')} = ${junk.name}`);
      }
    }
  }
  expect([...failures].map(([why, where]) => `${where} -> ${why}`)).toStrictEqual([]);
  // Every position met every junk class (425 cases today).
  expect(cases).toBeGreaterThan(250);
});
