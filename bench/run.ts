import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { ExplainMeasurement } from './explain-child';
import type { OperatorMeasurement } from './operator-child';
import type { PulumiMeasurement } from './pulumi-child';
import type { IngressMeasurement } from './ingress-child';
import { BENCH_APIS, BENCH_SCENARIOS, BenchApi, BenchScenario } from './scenario';
import { powerLawExponent, round, summarise, Summary } from './stats';
import type { SynthMeasurement } from './synth-child';

/**
 * `npm run bench`: how much our constructs add to cdk8s, and how that grows.
 * Every measurement runs in a fresh child process, ours and the baseline
 * alternating, so that neither inherits the other's JIT or heap and a burst
 * of load on a shared machine hits both; medians of REPETITIONS runs are
 * compared. Prints a table and writes bench/results.json.
 */

const ROOT = resolve(__dirname, '..', '..');
const SIZES = [10, 100, 1000, 5000];
const REPETITIONS = 5;
/** Services in the Pulumi comparison (through the Istio API). */
const PULUMI_SERVICES = 1000;
/** Services of the wildcard-host scaling runs (one gateway, Istio API: the Gateway API holds 64 listeners). */
const WILDCARD_SIZES = [1000, 2000, 4000, 8000];
/** Sizes of the comparison with cdk8s-plus-28's own Ingress construct. */
const INGRESS_SIZES = [1000, 5000];
const TARGETS = {
  /** Build + synth CPU time, ours / raw cdk8s ApiObjects of the same output, at 1000 and 5000 services; peak RSS at both. */
  cpuRatioAt1000: 1.2,
  cpuRatioAt5000: 1.15,
  rssRatio: 1.2,
  /** Wildcard hosts grow linearly, and cost about what concrete hosts cost. */
  wildcardExponent: 1.1,
  wildcardOverConcrete: 1.3,
  /** The Kubernetes Ingress flavour against cdk8s-plus-28's Ingress construct building the same Ingresses. */
  ingressVsKplus: 1,
  exponent: 1.1,
  cdk8sSynthRatio: 1.3,
  pulumiRatio: 1.3,
  /** The issue's targets for the sync hook, ExposedService with four routes, 50 clients. */
  operatorSyncsPerSecond: 200,
  operatorP99Ms: 50,
  /** Route explainer: build for 1000 services and answer 10,000 requests, ms. */
  explainMs: 2000,
};
/** Offered loads of the paced runs of the operator's hook: the target rate for a service, a quarter for a 100-service gateway. */
const OPERATOR_RATES = { service: TARGETS.operatorSyncsPerSecond, gateway: 50 };
const OPERATOR_CLIENTS = 50;

interface Side<T> {
  readonly wallMs: Summary;
  readonly cpuMs: Summary;
  readonly peakRssMb: Summary;
  readonly runs: readonly T[];
}

interface SynthResult {
  readonly scenario: BenchScenario;
  readonly api: BenchApi;
  readonly services: number;
  readonly objects: number;
  /** Ours and the baseline synthesised byte-identical YAML in every run. */
  readonly identicalYaml: boolean;
  readonly ours: Side<SynthMeasurement>;
  readonly baseline: Side<SynthMeasurement>;
  readonly ratio: { readonly wall: number; readonly cpu: number; readonly peakRss: number };
}

interface ScalingResult {
  readonly scenario: BenchScenario;
  readonly api: BenchApi;
  /** Exponent of the median wall time against the number of services, fitted over every size. */
  readonly ours: number;
  readonly baseline: number;
  /**
   * The same between the two largest sizes only: fixed costs (the proxy's
   * objects, JIT warm-up) flatten the fit over every size, this is the growth
   * where the services dominate.
   */
  readonly oursLargest: number;
  readonly baselineLargest: number;
}

interface CliResult {
  readonly command: string;
  readonly examples: { readonly command: string; readonly wallMs: Summary; readonly files: number };
  readonly trivial: { readonly command: string; readonly wallMs: Summary; readonly files: number };
  readonly ratio: number;
}

type PulumiResult =
  | { readonly available: false; readonly reason: string }
  | {
      readonly available: true;
      readonly api: BenchApi;
      readonly services: number;
      readonly ours: Side<PulumiMeasurement>;
      readonly baseline: Side<PulumiMeasurement>;
      readonly ratio: { readonly wall: number; readonly cpu: number };
    };

interface OperatorResult {
  /** As fast as answers come: the hook's throughput (latency is then 50 calls queueing). */
  readonly saturated: OperatorMeasurement;
  /** Paced at a fixed offered load: the latency of a call. */
  readonly paced: OperatorMeasurement;
}

interface ExplainerResult {
  readonly services: number;
  readonly requests: number;
  readonly apis: readonly { readonly api: BenchApi; readonly objects: number; readonly buildMs: Summary; readonly requestsMs: Summary; readonly totalMs: Summary; readonly perRequestUs: Summary }[];
  /** Per request, by number of services (two routes per host): flat when a request only looks at its host. */
  readonly byServices: readonly { readonly services: number; readonly perRequestUs: Summary }[];
  /** Per request, by number of routes of the request's host (a request that tries them all), among 1000 other services. */
  readonly byHostRoutes: readonly { readonly routes: number; readonly perRequestUs: Summary }[];
  /** Added microseconds per request for each route of the request's host, and for each route of other hosts (medians, largest sizes). */
  readonly marginalUs: { readonly perHostRoute: number; readonly perOtherRoute: number };
}

interface Target {
  readonly name: string;
  readonly limit: number;
  readonly value: number | null;
  readonly met: boolean | null;
}

function progress(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** Runs a measurement child and returns the JSON line it prints. */
function measure<T>(script: string, args: string[]): T {
  const child = spawnSync(process.execPath, ['--expose-gc', join(__dirname, script), ...args], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const line = child.stdout?.split('\n').find((l) => l.startsWith('{'));
  if (child.status !== 0 || line === undefined) {
    throw new Error(`${script} ${args.join(' ')} failed (exit ${child.status}):\n${child.stderr}${child.stdout}`);
  }
  return JSON.parse(line) as T;
}

function side<T extends { wallMs: number; cpuMs: number; peakRssMb: number }>(runs: T[]): Side<T> {
  return {
    wallMs: summarise(runs.map((r) => r.wallMs)),
    cpuMs: summarise(runs.map((r) => r.cpuMs)),
    peakRssMb: summarise(runs.map((r) => r.peakRssMb)),
    runs,
  };
}

/** Ours and the baseline alternately, ours first the first time (it writes the baseline's input). */
function interleaved<T>(first: () => T, second: () => T): { first: T[]; second: T[] } {
  const results = { first: [] as T[], second: [] as T[] };
  for (let i = 0; i < REPETITIONS; i++) {
    if (i % 2 === 0) {
      results.first.push(first());
      results.second.push(second());
    } else {
      results.second.push(second());
      results.first.push(first());
    }
  }
  return results;
}

function synthesis(workdir: string): SynthResult[] {
  const results: SynthResult[] = [];
  for (const scenario of BENCH_SCENARIOS) {
    for (const api of BENCH_APIS) {
      for (const services of SIZES) results.push(synthesisAt(workdir, scenario, api, services));
    }
  }
  return results;
}

/** Ours against the baseline for one scenario, API and size. */
function synthesisAt(workdir: string, scenario: BenchScenario, api: BenchApi, services: number): SynthResult {
  const manifests = join(workdir, `${scenario}-${api}-${services}.json`);
  let written = false;
  const runs = interleaved(
    () => {
      const args = ['ours', scenario, api, String(services), manifests, ...(written ? [] : ['--write-manifests'])];
      written = true;
      return measure<SynthMeasurement>('synth-child.js', args);
    },
    () => measure<SynthMeasurement>('synth-child.js', ['baseline', scenario, api, String(services), manifests]),
  );
  const ours = side(runs.first);
  const baseline = side(runs.second);
  const hashes = new Set([...runs.first, ...runs.second].map((r) => r.yamlSha256));
  progress(`  ${scenario} ${api} ${services} services: CPU ours ${Math.round(ours.cpuMs.median)} ms, baseline ${Math.round(baseline.cpuMs.median)} ms`);
  return {
    scenario,
    api,
    services,
    objects: runs.first[0].objects,
    identicalYaml: hashes.size === 1,
    ours,
    baseline,
    ratio: {
      wall: round(ours.wallMs.median / baseline.wallMs.median),
      cpu: round(ours.cpuMs.median / baseline.cpuMs.median),
      peakRss: round(ours.peakRssMb.median / baseline.peakRssMb.median),
    },
  };
}

interface WildcardResult {
  /** Ours, wildcard hosts (`*.svc-<i>.example.com`), by number of services. */
  readonly sizes: readonly { readonly services: number; readonly cpuMs: Summary }[];
  readonly exponent: number;
  /** CPU at the largest size with concrete hosts, for comparison. */
  readonly concreteCpuMs: Summary;
  readonly wildcardOverConcrete: number;
}

/** Wildcard hosts on one gateway (Istio API): linear, and about as cheap as concrete hosts. */
function wildcards(workdir: string): WildcardResult {
  const run = (scenario: BenchScenario, services: number) =>
    summarise(Array.from({ length: REPETITIONS }, () => measure<SynthMeasurement>('synth-child.js', ['ours', scenario, 'istio', String(services), join(workdir, 'unused.json')]).cpuMs));
  const sizes = WILDCARD_SIZES.map((services) => ({ services, cpuMs: run('wildcard', services) }));
  const largest = WILDCARD_SIZES[WILDCARD_SIZES.length - 1];
  const concreteCpuMs = run('simple', largest);
  const exponent = round(powerLawExponent(sizes.map((s) => ({ x: s.services, y: s.cpuMs.median }))));
  progress(`  wildcard hosts: exponent ${exponent}, ${largest} services ${Math.round(sizes[sizes.length - 1].cpuMs.median)} ms CPU (concrete: ${Math.round(concreteCpuMs.median)} ms)`);
  return { sizes, exponent, concreteCpuMs, wildcardOverConcrete: round(sizes[sizes.length - 1].cpuMs.median / concreteCpuMs.median) };
}

interface IngressResult {
  readonly services: number;
  readonly ours: Side<IngressMeasurement>;
  readonly kplus: Side<IngressMeasurement>;
  readonly ratio: { readonly wall: number; readonly cpu: number };
}

/** The Kubernetes Ingress flavour against cdk8s-plus-28's Ingress construct (bench/ingress-child.ts). */
function ingresses(): IngressResult[] {
  return INGRESS_SIZES.map((services) => {
    const runs = interleaved(
      () => measure<IngressMeasurement>('ingress-child.js', ['ours', String(services)]),
      () => measure<IngressMeasurement>('ingress-child.js', ['kplus', String(services)]),
    );
    // The comparison only holds if both sides built the same Ingresses, every time.
    const all = [...runs.first, ...runs.second];
    if (all.some((m) => m.ingresses !== services || m.ingressesSha256 !== all[0].ingressesSha256)) {
      throw new Error(`the Ingress comparison at ${services} built different Ingresses: ${JSON.stringify(all.map((m) => [m.ingresses, m.ingressesSha256.slice(0, 12)]))}`);
    }
    const ours = side(runs.first);
    const kplus = side(runs.second);
    progress(`  ${services} Ingresses: ours ${Math.round(ours.cpuMs.median)} ms CPU, cdk8s-plus ${Math.round(kplus.cpuMs.median)} ms`);
    return { services, ours, kplus, ratio: { wall: round(ours.wallMs.median / kplus.wallMs.median), cpu: round(ours.cpuMs.median / kplus.cpuMs.median) } };
  });
}

function scaling(results: readonly SynthResult[]): ScalingResult[] {
  return BENCH_SCENARIOS.flatMap((scenario) => BENCH_APIS.map((api) => ({ scenario, api }))).map(({ scenario, api }) => {
    const rows = results.filter((r) => r.api === api && r.scenario === scenario);
    const exponent = (points: readonly SynthResult[], pick: (r: SynthResult) => Summary) =>
      round(powerLawExponent(points.map((r) => ({ x: r.services, y: pick(r).median }))));
    const largest = rows.slice(-2);
    return {
      scenario,
      api,
      ours: exponent(rows, (r) => r.ours.wallMs),
      baseline: exponent(rows, (r) => r.baseline.wallMs),
      oursLargest: exponent(largest, (r) => r.ours.wallMs),
      baselineLargest: exponent(largest, (r) => r.baseline.wallMs),
    };
  });
}

/** `npx cdk8s synth` of the precompiled examples (cdk8s.yaml) against a trivial precompiled app, through the same CLI. */
function cdk8sSynth(workdir: string): CliResult {
  const base = ['cdk8s', 'synth', '--no-check-upgrade'];
  const trivialApp = `node ${relative(ROOT, join(__dirname, 'trivial-app.js'))}`;
  const run = (args: string[], outdir: string) => {
    const start = process.hrtime.bigint();
    const child = spawnSync('npx', [...args, '--output', outdir], { cwd: ROOT, encoding: 'utf8' });
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    if (child.status !== 0) throw new Error(`npx ${args.join(' ')} failed (exit ${child.status}):\n${child.stderr}${child.stdout}`);
    return { wallMs, files: readdirSync(outdir).length };
  };
  const examplesDir = join(workdir, 'examples');
  const trivialDir = join(workdir, 'trivial');
  const runs = interleaved(
    () => run(base, examplesDir),
    () => run([...base, '--app', trivialApp], trivialDir),
  );
  const examples = summarise(runs.first.map((r) => r.wallMs));
  const trivial = summarise(runs.second.map((r) => r.wallMs));
  return {
    command: `npx ${base.join(' ')}`,
    examples: { command: `npx ${base.join(' ')} (app: cdk8s.yaml)`, wallMs: examples, files: runs.first[0].files },
    trivial: { command: `npx ${base.join(' ')} --app "${trivialApp}"`, wallMs: trivial, files: runs.second[0].files },
    ratio: round(examples.median / trivial.median),
  };
}

function pulumiAvailability(): string | undefined {
  if (!existsSync(join(ROOT, 'packages', 'pulumi', 'lib', 'index.js'))) return 'the Pulumi adapter (packages/pulumi) is not built: npm run build:pulumi';
  for (const name of ['@pulumi/pulumi', '@pulumi/kubernetes', 'cdk8s-istio-ingress-pulumi']) {
    try {
      require.resolve(name, { paths: [ROOT] });
    } catch {
      return `${name} is not installed (npm ci installs it with the workspace packages/pulumi)`;
    }
  }
  return undefined;
}

function pulumiAdapter(workdir: string): PulumiResult {
  const reason = pulumiAvailability();
  if (reason !== undefined) return { available: false, reason };
  const api: BenchApi = 'istio';
  const manifests = join(workdir, `simple-${api}-${PULUMI_SERVICES}.json`);
  const runs = interleaved(
    () => measure<PulumiMeasurement>('pulumi-child.js', ['ours', api, String(PULUMI_SERVICES)]),
    () => measure<PulumiMeasurement>('pulumi-child.js', ['baseline', api, String(PULUMI_SERVICES), manifests]),
  );
  const ours = side(runs.first);
  const baseline = side(runs.second);
  return {
    available: true,
    api,
    services: PULUMI_SERVICES,
    ours,
    baseline,
    ratio: { wall: round(ours.wallMs.median / baseline.wallMs.median), cpu: round(ours.cpuMs.median / baseline.cpuMs.median) },
  };
}

/**
 * The operator's sync hook under load from 50 concurrent clients, each
 * scenario twice: saturated (throughput) and paced (latency at a load).
 */
function operatorHooks(): Record<'service' | 'gateway', OperatorResult> {
  const run = (scenario: 'service' | 'gateway', requests: number, rate?: number) =>
    measure<OperatorMeasurement>('operator-child.js', [scenario, String(requests), String(OPERATOR_CLIENTS), ...(rate === undefined ? [] : [String(rate)])]);
  const results = {
    service: { saturated: run('service', 4000), paced: run('service', OPERATOR_RATES.service * 15, OPERATOR_RATES.service) },
    gateway: { saturated: run('gateway', 1000), paced: run('gateway', OPERATOR_RATES.gateway * 15, OPERATOR_RATES.gateway) },
  };
  for (const [scenario, r] of Object.entries(results)) {
    progress(`  ${scenario}: ${Math.round(r.saturated.syncsPerSecond)} syncs/s saturated (p99 ${Math.round(r.saturated.p99Ms)} ms); at ${r.paced.offeredPerSecond}/s p50 ${r.paced.p50Ms.toFixed(1)} ms, p99 ${r.paced.p99Ms.toFixed(1)} ms`);
  }
  return results;
}

/** The operator part alone (`npm run bench -- --only operator`): printed, results.json left as it is. */
function renderOperator(results: Record<'service' | 'gateway', OperatorResult>): string {
  const row = (name: string, m: OperatorMeasurement) =>
    `| ${name} | ${m.offeredPerSecond === undefined ? 'saturated' : `${m.offeredPerSecond}/s`} | ${m.requests} | ${Math.round(m.syncsPerSecond)} | ${m.p50Ms.toFixed(1)} | ${m.p99Ms.toFixed(1)} | ${m.maxMs.toFixed(1)} | ${m.errors} |`;
  return [
    `Operator sync hook, ${OPERATOR_CLIENTS} concurrent clients on one hook process (ms):`,
    '',
    '| scenario | load | calls | syncs/s | p50 | p99 | max | errors |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    row('ExposedService, 4 routes', results.service.saturated),
    row('ExposedService, 4 routes', results.service.paced),
    row('IngressGateway, 100 services', results.gateway.saturated),
    row('IngressGateway, 100 services', results.gateway.paced),
  ].join('\n');
}

/** The route explainer: build and answer at 1000 services, and how a request's cost grows (bench/explain-child.ts). */
function explainerBench(): ExplainerResult {
  const runs = Array.from({ length: REPETITIONS }, () => measure<ExplainMeasurement>('explain-child.js', []));
  const first = runs[0];
  const apis = first.runs.map((r, i) => ({
    api: r.api,
    objects: r.objects,
    buildMs: summarise(runs.map((m) => m.runs[i].buildMs)),
    requestsMs: summarise(runs.map((m) => m.runs[i].requestsMs)),
    totalMs: summarise(runs.map((m) => m.runs[i].buildMs + m.runs[i].requestsMs)),
    perRequestUs: summarise(runs.map((m) => m.runs[i].perRequestUs)),
  }));
  const byServices = first.byServices.map((b, i) => ({ services: b.services, perRequestUs: summarise(runs.map((m) => m.byServices[i].perRequestUs)) }));
  const byHostRoutes = first.byHostRoutes.map((b, i) => ({ routes: b.routes, perRequestUs: summarise(runs.map((m) => m.byHostRoutes[i].perRequestUs)) }));
  // Two routes per service in bench/scenario.ts.
  const slope = (rows: readonly { x: number; y: Summary }[]) => round((rows[rows.length - 1].y.median - rows[0].y.median) / (rows[rows.length - 1].x - rows[0].x), 4);
  return {
    services: first.runs[0].services,
    requests: first.runs[0].requests,
    apis,
    byServices,
    byHostRoutes,
    marginalUs: {
      perHostRoute: slope(byHostRoutes.map((r) => ({ x: r.routes, y: r.perRequestUs }))),
      perOtherRoute: slope(byServices.map((r) => ({ x: r.services * 2, y: r.perRequestUs }))),
    },
  };
}

function targets(
  synth: readonly SynthResult[],
  scalingResults: readonly ScalingResult[],
  cli: CliResult,
  pulumi: PulumiResult,
  operator: Record<'service' | 'gateway', OperatorResult>,
  explainer: ExplainerResult,
  wildcard: WildcardResult,
  ingress: readonly IngressResult[],
): Target[] {
  const check = (name: string, limit: number, value: number | null): Target => ({ name, limit, value, met: value === null ? null : value <= limit });
  const atLeast = (name: string, limit: number, value: number): Target => ({ name, limit, value, met: value >= limit });
  return [
    atLeast('operator: ExposedService syncs/s, 50 clients, saturated (at least)', TARGETS.operatorSyncsPerSecond, round(operator.service.saturated.syncsPerSecond)),
    check(`operator: ExposedService p99 ms at ${OPERATOR_RATES.service} syncs/s`, TARGETS.operatorP99Ms, round(operator.service.paced.p99Ms)),
    ...synth
      .filter((r) => r.services === 1000 || r.services === 5000)
      .flatMap((r) => [
        check(`CPU ours / baseline, ${r.scenario}, ${r.api}, ${r.services} services`, r.services === 1000 ? TARGETS.cpuRatioAt1000 : TARGETS.cpuRatioAt5000, r.ratio.cpu),
        check(`peak RSS ours / baseline, ${r.scenario}, ${r.api}, ${r.services} services`, TARGETS.rssRatio, r.ratio.peakRss),
      ]),
    ...scalingResults.map((s) => check(`scaling exponent, ours, ${s.scenario}, ${s.api}`, TARGETS.exponent, s.ours)),
    check(`wildcard hosts: scaling exponent, ${WILDCARD_SIZES[0]}–${WILDCARD_SIZES[WILDCARD_SIZES.length - 1]} services`, TARGETS.wildcardExponent, wildcard.exponent),
    check(`wildcard hosts / concrete hosts, ${WILDCARD_SIZES[WILDCARD_SIZES.length - 1]} services (CPU)`, TARGETS.wildcardOverConcrete, wildcard.wildcardOverConcrete),
    ...ingress.map((r) => check(`Kubernetes Ingress flavour / cdk8s-plus-28 Ingress, ${r.services} Ingresses (CPU)`, TARGETS.ingressVsKplus, r.ratio.cpu)),
    check('cdk8s synth of the examples / trivial app', TARGETS.cdk8sSynthRatio, cli.ratio),
    check('Pulumi adapter / plain CustomResources (wall)', TARGETS.pulumiRatio, pulumi.available ? pulumi.ratio.wall : null),
    ...explainer.apis.map((a) => check(`explainer: build for ${explainer.services} services + ${explainer.requests} requests, ${a.api} (ms)`, TARGETS.explainMs, round(a.totalMs.median))),
  ];
}

/** The results as Markdown tables, for the terminal and the README. */
function renderTables(results: Results): string {
  const ms = (s: Summary) => `${Math.round(s.median)} (${Math.round(s.min)}–${Math.round(s.max)})`;
  const lines = [
    `Build + synth (\`app.synthYaml()\`), wall ms, median (min–max) of ${results.method.repetitions} fresh processes each:`,
    '',
    '| scenario | API | services | objects | ours | baseline | wall ratio | CPU ours / baseline (ms) | CPU ratio | peak RSS ours / baseline (MB) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.synthesis.map(
      (r) =>
        `| ${r.scenario} | ${r.api} | ${r.services} | ${r.objects} | ${ms(r.ours.wallMs)} | ${ms(r.baseline.wallMs)} | ${r.ratio.wall.toFixed(2)} | ${Math.round(r.ours.cpuMs.median)} / ${Math.round(r.baseline.cpuMs.median)} | ${r.ratio.cpu.toFixed(2)} | ${Math.round(r.ours.peakRssMb.median)} / ${Math.round(r.baseline.peakRssMb.median)} |`,
    ),
    '',
    `Wildcard hosts (\`*.svc-<i>.example.com\`) on one gateway, Istio API, CPU ms, median (min–max):`,
    '',
    `| services | ${results.wildcard.sizes.map((w) => String(w.services)).join(' | ')} | concrete hosts, ${results.wildcard.sizes[results.wildcard.sizes.length - 1].services} |`,
    `| --- |${' ---: |'.repeat(results.wildcard.sizes.length + 1)}`,
    `| CPU | ${results.wildcard.sizes.map((w) => ms(w.cpuMs)).join(' | ')} | ${ms(results.wildcard.concreteCpuMs)} |`,
    '',
    'The Kubernetes Ingress flavour against cdk8s-plus-28\'s `Ingress` construct building the same Ingresses (and the same cdk8s-plus Services), CPU ms:',
    '',
    '| Ingresses | ours | cdk8s-plus-28 | ratio |',
    '| ---: | ---: | ---: | ---: |',
    ...results.ingress.map((r) => `| ${r.services} | ${ms(r.ours.cpuMs)} | ${ms(r.kplus.cpuMs)} | ${r.ratio.cpu.toFixed(2)} |`),
    '',
    `| scaling exponent of wall time | ours, ${SIZES[0]}–${SIZES[SIZES.length - 1]} services | baseline | ours, ${SIZES[SIZES.length - 2]}–${SIZES[SIZES.length - 1]} | baseline |`,
    '| --- | ---: | ---: | ---: | ---: |',
    ...results.scaling.map((s) => `| ${s.scenario}, ${s.api} | ${s.ours.toFixed(2)} | ${s.baseline.toFixed(2)} | ${s.oursLargest.toFixed(2)} | ${s.baselineLargest.toFixed(2)} |`),
    '',
    '| end to end | ours | floor | ratio |',
    '| --- | ---: | ---: | ---: |',
    `| \`${results.cdk8sSynth.command}\`: examples (${results.cdk8sSynth.examples.files} files) vs trivial app, ms | ${ms(results.cdk8sSynth.examples.wallMs)} | ${ms(results.cdk8sSynth.trivial.wallMs)} | ${results.cdk8sSynth.ratio.toFixed(2)} |`,
    results.pulumi.available
      ? `| Pulumi adapter, ${results.pulumi.services} services under mocks vs plain CustomResources, ms | ${ms(results.pulumi.ours.wallMs)} | ${ms(results.pulumi.baseline.wallMs)} | ${results.pulumi.ratio.wall.toFixed(2)} |`
      : `| Pulumi adapter | not available: ${results.pulumi.reason} | | |`,
    '',
    renderOperator(results.operator),
    `Route explainer, ${results.explainer.services} services, ${results.explainer.requests} requests, ms, median (min–max) of ${results.method.repetitions} fresh processes:`,
    '',
    '| API | objects | build | answer all requests | per request (µs) |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...results.explainer.apis.map((a) => `| ${a.api} | ${a.objects} | ${ms(a.buildMs)} | ${ms(a.requestsMs)} | ${a.perRequestUs.median.toFixed(1)} |`),
    '',
    '| per request (µs), by | ' + results.explainer.byServices.map((b) => `${b.services} services`).join(' | ') + ' | ' + results.explainer.byHostRoutes.map((b) => `${b.routes} routes on the host`).join(' | ') + ' |',
    '| --- |' + ' ---: |'.repeat(results.explainer.byServices.length + results.explainer.byHostRoutes.length),
    '| median | ' + [...results.explainer.byServices, ...results.explainer.byHostRoutes].map((b) => b.perRequestUs.median.toFixed(1)).join(' | ') + ' |',
    '',
    `Each route of the request's host adds ${(results.explainer.marginalUs.perHostRoute * 1000).toFixed(0)} ns to a request; each route of another host ${(results.explainer.marginalUs.perOtherRoute * 1000).toFixed(1)} ns.`,
    '',
    '',
    '| target | value | limit | met |',
    '| --- | ---: | ---: | --- |',
    ...results.targets.map((t) => `| ${t.name} | ${t.value === null ? 'n/a' : t.value.toFixed(2)} | ${t.limit.toFixed(2)} | ${t.met === null ? 'n/a' : t.met ? 'yes' : 'NO'} |`),
  ];
  return lines.join('\n');
}

interface Results {
  readonly date: string;
  readonly machine: { readonly node: string; readonly cpus: number; readonly cpuModel: string; readonly loadAverageBefore: number[]; readonly loadAverageAfter: number[] };
  readonly method: Record<string, string | number | number[]>;
  readonly synthesis: SynthResult[];
  readonly scaling: ScalingResult[];
  readonly cdk8sSynth: CliResult;
  readonly pulumi: PulumiResult;
  readonly operator: Record<'service' | 'gateway', OperatorResult>;
  readonly explainer: ExplainerResult;
  readonly wildcard: WildcardResult;
  readonly ingress: IngressResult[];
  readonly targets: Target[];
  readonly durationSeconds: number;
}

function main(): void {
  if (process.argv.includes('--only') && process.argv[process.argv.indexOf('--only') + 1] === 'operator') {
    progress('operator: the sync hook under load');
    process.stdout.write(`${renderOperator(operatorHooks())}\n`);
    return;
  }
  const started = process.hrtime.bigint();
  const loadAverageBefore = loadavg().map((l) => round(l));
  const workdir = mkdtempSync(join(tmpdir(), 'cdk8s-istio-ingress-bench-'));
  try {
    progress('build + synth and its scaling: ours vs raw ApiObjects');
    const synth = synthesis(workdir);
    const scalingResults = scaling(synth);
    progress('wildcard hosts');
    const wildcard = wildcards(workdir);
    progress('Kubernetes Ingress vs cdk8s-plus-28 Ingress');
    const ingress = ingresses();
    progress('npx cdk8s synth: the examples vs a trivial app');
    const cli = cdk8sSynth(workdir);
    progress('Pulumi adapter vs plain CustomResources');
    const pulumi = pulumiAdapter(workdir);
    progress('operator: the sync hook under load');
    const operator = operatorHooks();
    progress('route explainer: build for 1000 services, 10,000 requests');
    const explainer = explainerBench();
    const results: Results = {
      date: new Date().toISOString(),
      machine: {
        node: process.version,
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        loadAverageBefore,
        loadAverageAfter: loadavg().map((l) => round(l)),
      },
      method: {
        repetitions: REPETITIONS,
        sizes: SIZES,
        buildAndSynth:
          'new App and Chart, every construct (ours: the scenario of bench/scenario.ts — simple: one IngressGateway and N ExposedServices, each on its own host with two path rules; ' +
          'rich: four routes per service (a 90/10 split with a timeout, an exact path, a header match, a regex), a TlsIngress every tenth, an HttpbinApp every fiftieth; ' +
          'baseline: one raw ApiObject per object of our output), then app.synthYaml() (dependencies, every validation, every object rendered, YAML). ' +
          'Node start, module loading and reading the baseline input are excluded; a full GC runs just before.',
        processes: 'one fresh child process per measurement, ours and baseline alternating; medians compared; YAML hashes compared to prove identical output',
        scaling: 'least-squares slope of log(median wall time) against log(services), over every size and over the two largest',
        cdk8sSynth: 'wall time of the CLI command, examples (cdk8s.yaml) and the trivial app alternating',
        pulumi: 'pulumi.runtime.setMocks; from the first resource until every URN is known',
        operator:
          'one hook process (the bin, logging to /dev/null), 50 keep-alive raw HTTP/1.1 clients in another process sending the sync request Metacontroller would send; ' +
          'saturated: each client sends its next call when the answer arrives; paced: calls scheduled at the offered rate, latency counted from the scheduled time; a warm-up of a tenth first',
        explainer:
          'RouteExplainer.fromManifests on the synthesised objects of N services (synthesis not timed), then explain() of 10,000 requests (hits, misses, unknown hosts); ' +
          'per-request cost by number of services and by number of routes of the request\'s host (a request that misses them all), after 500 warm-up requests',
      },
      synthesis: synth,
      scaling: scalingResults,
      cdk8sSynth: cli,
      pulumi,
      operator,
      explainer,
      wildcard,
      ingress,
      targets: targets(synth, scalingResults, cli, pulumi, operator, explainer, wildcard, ingress),
      durationSeconds: round(Number(process.hrtime.bigint() - started) / 1e9, 1),
    };
    const out = join(ROOT, 'bench');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`${renderTables(results)}\n\nWritten to bench/results.json (${results.durationSeconds} s).\n`);
    if (synth.some((r) => !r.identicalYaml)) throw new Error('ours and the baseline synthesised different YAML: the comparison is void');
  } finally {
    rmSync(workdir, { recursive: true, force: true });
  }
}

if (require.main === module) main();
