import { customize, sync } from '../../src/operator/hooks';
import { BadRequestError } from '../../src/operator/metacontroller';
import { OperatorKind } from '../../src/operator/render';
import { assertValidManifests } from '../support/schema-validator';
import { isShortMessage, JSON_JUNK, jsonKindOf, jsonPaths, jsonWithJunk } from '../support/sweep';
import { cr, syncRequest } from './support';

/**
 * The junk sweep of the hooks as Metacontroller calls them: a sync request of each kind (parent,
 * related objects, controller) with each junk value JSON can carry (all but the BigInt) at each of
 * its value positions, given to the sync and customize hooks. Each must answer (children that
 * pass the strict validation) or refuse the request as a bad request (answered 400, with a short
 * message), never throw anything else (a 500, which Metacontroller retries forever).
 */
const gateway = cr('IngressGateway', 'istio-ingress', 'public', { api: { istio: {} } });
const service = cr('ExposedService', 'shop', 'httpbin', {
  gateway: { name: 'public', namespace: 'istio-ingress' },
  backend: { serviceName: 'httpbin', port: 8000, portName: 'http' },
  hosts: ['httpbin.example.com'],
  routes: [{ matches: [{ path: { prefix: '/status' } }], timeout: '4s' }],
});
const CONTROLLER = { metadata: { name: 'exposedservices' }, spec: { childResources: [{ apiVersion: 'networking.istio.io/v1', resource: 'virtualservices' }] } };
const NOW = new Date('2026-06-01T12:00:00Z');

test('every junk value at every position of a hook request: an answer with valid children, or a bad request, never another error', () => {
  const counts = { cases: 0, answered: 0, refused: 0, failed: 0 };
  const failures: string[] = [];
  const requests: [OperatorKind, object][] = [
    ['ExposedService', { ...syncRequest(service, { related: [gateway, service] }), controller: CONTROLLER }],
    ['IngressGateway', syncRequest(gateway, { related: [gateway, service] })],
  ];
  for (const [kind, request] of requests) {
    const base = JSON.parse(JSON.stringify(request));
    // The request as written is answered.
    expect(sync(kind, base, NOW).response.children.length).toBeGreaterThan(0);
    for (const { path, value } of jsonPaths(base)) {
      for (const junk of JSON_JUNK) {
        counts.cases++;
        const body = jsonWithJunk(base, path, junk.value(jsonKindOf(value), value));
        try {
          assertValidManifests(sync(kind, body, NOW).response.children);
          customize(kind, body);
          counts.answered++;
        } catch (e) {
          if (e instanceof BadRequestError && isShortMessage(e.message, 299)) {
            counts.refused++;
            continue;
          }
          counts.failed++;
          failures.push(`${kind} ${path.join('.')} = ${junk.name}: ${(e as Error)?.constructor?.name}: ${String((e as Error)?.message).slice(0, 200)}`);
        }
      }
    }
  }
  console.log(`hook sweep: ${JSON.stringify(counts)}`);
  expect(failures.slice(0, 40)).toStrictEqual([]);
  // Every position met every junk class (3,791 cases today), and both outcomes occur.
  expect(counts.cases).toBeGreaterThan(2400);
  expect(counts.answered).toBeGreaterThan(0);
  expect(counts.refused).toBeGreaterThan(0);
});

test.each([
  ['a controller whose childResources is not a list', { controller: { spec: { childResources: 7 } } }, 'controller.spec.childResources must be a list'],
  ['a childResources entry without apiVersion', { controller: { spec: { childResources: [null] } } }, 'controller.spec.childResources[0] must be a JSON object'],
  ['a parent with an empty namespace', { parent: { ...service, metadata: { ...service.metadata, namespace: '' } } }, 'parent.metadata.namespace must not be empty (a cluster-scoped object has none)'],
])('%s is a bad request (a TypeError or a construct error before)', (_case, change, message) => {
  const body = { ...syncRequest(service, { related: [gateway, service] }), ...change };
  expect(() => sync('ExposedService', body, NOW)).toThrow(new BadRequestError(message));
});
