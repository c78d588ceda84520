import { ManifestError, RequestError, RouteExplainer } from '../../src';
import { synthApp } from '../support/synth';
import { build, createFixtures, isShortMessage, JUNK, jsonKindOf, jsonPaths, jsonWithJunk, Program, programs } from '../support/sweep';

/**
 * The junk sweep of the route explainer, which reads manifests of any origin (a cluster's, a
 * colleague's YAML): the objects the three rich programs of the construct sweep write, with each
 * junk value at each of their value positions, given to `RouteExplainer.fromManifests()`, then
 * asked to explain requests for their hosts and for the routing table. It must never throw
 * anything but a ManifestError (which names where and which field, in a short message) or a
 * RequestError: never a TypeError.
 */
let rich: Program[];

beforeAll(async () => {
  rich = programs(await createFixtures('manifest-sweep-')).filter((p) => p.name.endsWith(' rich'));
});

test('every junk value at every position of the manifests: a ManifestError, or explanations, never a TypeError', () => {
  expect(rich.map((p) => p.api)).toStrictEqual(['istio', 'gateway-api', 'kubernetes-ingress']);
  const counts = { cases: 0, refused: 0, explained: 0, failed: 0 };
  const failures: string[] = [];
  for (const program of rich) {
    const manifests = JSON.parse(JSON.stringify(synthApp(build(program))));
    const hosts = [...new Set<string>(manifests.flatMap((m: any) => m.spec?.hosts ?? m.spec?.hostnames ?? m.spec?.rules?.map((r: any) => r.host) ?? []))];
    const urls = hosts.slice(0, 4).map((h) => `http://${String(h).replace('*', 'x')}/api/items`);
    // The program as written: every request is explained.
    const clean = RouteExplainer.fromManifests(manifests);
    expect(clean.gatewayNames().length).toBeGreaterThan(0);
    expect(urls.length).toBeGreaterThan(0);
    for (const { path, value } of jsonPaths(manifests)) {
      for (const junk of JUNK) {
        counts.cases++;
        const label = `${program.api} objects.${path.join('.')} = ${junk.name}`;
        try {
          const explainer = RouteExplainer.fromManifests(jsonWithJunk(manifests, path, junk.value(jsonKindOf(value), value)) as unknown[]);
          for (const name of explainer.gatewayNames().slice(0, 2)) {
            const [namespace, gateway] = name.includes('/') ? name.split('/') : [undefined, name];
            for (const url of urls) {
              try {
                explainer.explain({ url, gateway: { name: gateway, namespace } });
              } catch (e) {
                if (!(e instanceof RequestError)) throw e;
              }
            }
          }
          explainer.routes();
          counts.explained++;
        } catch (e) {
          if (e instanceof ManifestError) {
            if (e.source === '' || !isShortMessage(e.message)) {
              counts.failed++;
              failures.push(`${label}: a ManifestError without source, or too long: ${e.message.slice(0, 200)}`);
            } else counts.refused++;
            continue;
          }
          if (e instanceof RequestError) {
            counts.refused++;
            continue;
          }
          counts.failed++;
          failures.push(`${label}: ${(e as Error)?.constructor?.name}: ${String((e as Error)?.message).slice(0, 200)}`);
        }
      }
    }
  }
  // The counts README.md "Explaining routes" reports.
  console.log(`manifest sweep: ${JSON.stringify(counts)}`);
  expect(failures.slice(0, 40)).toStrictEqual([]);
  // Every position met every junk class (48,469 cases today), and both outcomes occur.
  expect(counts.cases).toBeGreaterThan(25000);
  expect(counts.refused).toBeGreaterThan(0);
  expect(counts.explained).toBeGreaterThan(0);
});

test('a BigInt given as an object is named, not a TypeError', () => {
  expect(() => RouteExplainer.fromManifests([10n as unknown as object])).toThrow(new ManifestError('objects[0]', '', 'expected an object, found bigint 10n'));
});
