import { GatewayModel, modelOf, renderGateway } from 'cdk8s-istio-ingress/model';
import { IIngressGateway } from '../src';
import { assertValidManifests } from './support/schema-validator';
import { assertSecure, Manifest } from './support/synth';
import { APIS, build, createFixtures, isShortMessage, Junk, JUNK, jsonKindOf, jsonPaths, jsonWithJunk, programs } from './support/sweep';

/**
 * The junk sweep of the `cdk8s-istio-ingress/model` entry point: the model of each rich program of
 * the construct sweep (one per API, listeners left to derive), with each junk value at each of its
 * value positions, given to `renderGateway()`. It must never throw: either it names problems
 * (short, with a source and a field), or the objects it renders pass the strict validation.
 * Every position of every model meets every junk class; with `SWEEP_SAMPLE=1`, a position the
 * three models share meets each junk class once, in one of them (quicker, for local iteration).
 */
const FULL = process.env.SWEEP_SAMPLE !== '1';
type Json = unknown;

/** One value position of one of the models. */
interface Member {
  readonly api: string;
  readonly model: GatewayModel;
  readonly path: (string | number)[];
  readonly value: Json;
}

let models: { api: string; model: GatewayModel }[];

beforeAll(async () => {
  const all = programs(await createFixtures('model-sweep-'));
  models = all
    .filter((p) => p.name.endsWith(' rich'))
    .map((program) => {
      const app = build(program);
      const gateway = app.node.findAll().find((c) => c.node.path === 'sweep/gw') as unknown as IIngressGateway;
      const { listeners: _derived, ...model } = JSON.parse(JSON.stringify(modelOf(gateway)));
      return { api: program.api!, model: model as GatewayModel };
    });
});

test('the models as the constructs make them render without problems', () => {
  // One model for each API: the sweep below would pass on none.
  expect(models.map(({ api }) => api)).toStrictEqual([...APIS]);
  for (const { api, model } of models) expect([api, renderGateway(model).problems]).toStrictEqual([api, []]);
});

test('every junk value at every position of a gateway model: problems, or valid output, never a throw', () => {
  const groups = new Map<string, Member[]>();
  for (const { api, model } of models) {
    for (const { path, value } of jsonPaths(model)) {
      const key = path.join('.');
      groups.set(key, [...(groups.get(key) ?? []), { api, model, path, value }]);
    }
  }
  const counts = { cases: 0, positions: groups.size, modelPositions: 0, problems: 0, rendered: 0, failed: 0 };
  const failures: string[] = [];
  let turn = 0;
  const started = Date.now();
  const cases: { key: string; member: Member; junk: Junk }[] = [];
  for (const [key, members] of groups) {
    counts.modelPositions += members.length;
    for (const junk of JUNK) {
      if (FULL) for (const member of members) cases.push({ key, member, junk });
      else cases.push({ key, member: members[turn++ % members.length], junk });
    }
  }
  for (const { key, member, junk } of cases) {
    const { api, model, path, value } = member;
    const junkValue = junk.value(jsonKindOf(value), value);
    counts.cases++;
    const label = `${api} model.${key} = ${junk.name}`;
    try {
      const { problems, objects } = renderGateway(jsonWithJunk(model, path, junkValue) as GatewayModel);
      if (problems.length > 0) {
        const bad = problems.find((p) => typeof p.source !== 'string' || p.source === '' || typeof p.field !== 'string' || p.field === '' || !isShortMessage(p.message));
        if (bad) throw new Error(`a problem without source or field, or too long: ${JSON.stringify(bad).slice(0, 300)}`);
        counts.problems++;
        continue;
      }
      const manifests = objects.map((o) => o.manifest as Manifest);
      assertValidManifests(manifests);
      assertSecure(manifests);
      counts.rendered++;
    } catch (e) {
      counts.failed++;
      failures.push(`${label}: ${(e as Error)?.constructor?.name}: ${String((e as Error)?.message).slice(0, 300)}`);
    }
  }
  // The counts README.md "What the tests guarantee" reports.
  console.log(`model sweep: ${JSON.stringify(counts)} in ${Date.now() - started}ms`);
  if (process.env.SWEEP_REPORT) require('fs').writeFileSync(`${process.env.SWEEP_REPORT}.model`, failures.join('\n'));
  expect(failures.slice(0, 40)).toStrictEqual([]);
  // The sweep checked something: the three models, every junk value at each of their positions (470 position shapes today).
  expect(counts.positions).toBeGreaterThan(400);
  expect(counts.cases).toBe((FULL ? counts.modelPositions : counts.positions) * JUNK.length);
  expect(counts.cases).toBeGreaterThan(5000);
  expect(counts.problems).toBeGreaterThan(0);
  expect(counts.rendered).toBeGreaterThan(0);
});
