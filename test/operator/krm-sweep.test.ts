import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { krmFunction } from '../../src/operator/krm';
import { assertValidManifests } from '../support/schema-validator';
import { isShortMessage, JSON_JUNK, jsonKindOf, jsonPaths, jsonWithJunk } from '../support/sweep';

/**
 * The junk sweep of the operator's custom resources, through the KRM function (the render the
 * hook server runs too): each junk value YAML can carry at each value position of the spec of each
 * example resource. The function must never throw: either it exits 1 with error results (short,
 * never echoing the long value), or it exits 0 with objects that pass the strict validation.
 */
const DIR = join(__dirname, '..', '..', 'examples', 'operator');
const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));

test('every junk value YAML can carry at every position of the example custom resources: error results, or valid objects', () => {
  const counts = { cases: 0, errors: 0, rendered: 0, failed: 0 };
  const failures: string[] = [];
  // A BigInt has no YAML form; undefined drops the key, like a missing field.
  const swept: string[] = [];
  for (const file of files) {
    const items = parseAllDocuments(readFileSync(join(DIR, file), 'utf8')).map((d) => d.toJSON());
    items.forEach((item, index) => {
      if (!String(item?.apiVersion).startsWith('cdk8s-istio-ingress.github.io/')) return;
      swept.push(item.kind);
      for (const { path, value } of jsonPaths(item.spec, ['spec'])) {
        for (const junk of JSON_JUNK) {
          counts.cases++;
          const mutated = items.map((other, i) => (i === index ? jsonWithJunk(other, path, junk.value(jsonKindOf(value), value)) : other));
          const label = `${file} ${item.kind}/${item.metadata?.name} ${path.join('.')} = ${junk.name}`;
          try {
            const output = krmFunction(stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: mutated }));
            const list = parse(output.stdout);
            if (output.exitCode !== 0) {
              const bad = (list.results ?? []).find((r: any) => !isShortMessage(r.message, 1500));
              if (bad || !(list.results ?? []).some((r: any) => r.severity === 'error')) throw new Error(`bad results: ${JSON.stringify(list.results).slice(0, 300)}`);
              counts.errors++;
            } else {
              assertValidManifests(list.items.filter((o: any) => !String(o.apiVersion).startsWith('cdk8s-istio-ingress.github.io/')));
              counts.rendered++;
            }
          } catch (e) {
            counts.failed++;
            failures.push(`${label}: ${(e as Error)?.constructor?.name}: ${String((e as Error)?.message).slice(0, 300)}`);
          }
        }
      }
    });
  }
  console.log(`krm sweep: ${JSON.stringify(counts)}`);
  if (process.env.SWEEP_REPORT) require('fs').writeFileSync(`${process.env.SWEEP_REPORT}.krm`, failures.join('\n'));
  expect(failures.slice(0, 40)).toStrictEqual([]);
  // The sweep checked something: the examples were found, custom resources of every kind among them (11 in 5 files today), 1,700 cases.
  expect(files.length).toBeGreaterThan(0);
  expect(swept.length).toBeGreaterThan(8);
  expect([...new Set(swept)]).toEqual(expect.arrayContaining(['IngressGateway', 'ExposedService', 'TlsIngress']));
  expect(counts.cases).toBeGreaterThan(1000);
  expect(counts.errors).toBeGreaterThan(0);
  expect(counts.rendered).toBeGreaterThan(0);
});
