import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { ApiObject, App, Chart } from 'cdk8s';
import { measured, RunCost } from './clock';
import type { BenchApi, BenchScenario } from './scenario';

/**
 * One measurement of "build + synth" in a fresh process, run by the harness:
 *
 *   node --expose-gc lib/bench/synth-child.js ours <scenario> <api> <count> <manifests.json> [--write-manifests]
 *   node --expose-gc lib/bench/synth-child.js baseline <scenario> <api> <count> <manifests.json>
 *
 * Build + synth is: a new App and Chart, every construct (ours: the
 * scenario's gateways, services and TLS (bench/scenario.ts); baseline: one raw
 * ApiObject per object of our output, read from the manifests file beforehand), then
 * `app.synthYaml()`, which resolves dependencies, runs every construct's
 * validation, renders every object and serialises the YAML. Module loading
 * and reading the baseline's input come before the clock starts.
 *
 * Prints one JSON line (SynthMeasurement). The YAML's hash lets the harness
 * check that both sides produced exactly the same output.
 */

/** What build + synth cost (RunCost), and what it wrote. */
export interface SynthMeasurement extends RunCost {
  readonly objects: number;
  readonly yamlSha256: string;
}

async function main(): Promise<void> {
  const [variant, scenario, api, countText, manifestsFile, option] = process.argv.slice(2);
  const count = Number(countText);
  let build: () => App;
  if (variant === 'ours') {
    // Loaded only here, so that the baseline's process never holds our library.
    const { exposeServices } = await import('./scenario');
    build = () => {
      const app = new App();
      exposeServices(app, api as BenchApi, count, scenario as BenchScenario);
      return app;
    };
  } else if (variant === 'baseline') {
    const manifests: { apiVersion: string; kind: string }[] = JSON.parse(readFileSync(manifestsFile, 'utf8'));
    build = () => {
      const app = new App();
      const chart = new Chart(app, 'bench');
      manifests.forEach((manifest, i) => new ApiObject(chart, `o${i}`, manifest));
      return app;
    };
  } else {
    throw new Error(`unknown variant ${JSON.stringify(variant)}: expected ours or baseline`);
  }

  const { cost, result: { app, yaml } } = await measured(() => {
    const built = build();
    return { app: built, yaml: built.synthYaml() };
  });

  if (option === '--write-manifests') writeFileSync(manifestsFile, JSON.stringify(app.charts.flatMap((chart) => chart.toJson())));
  const measurement: SynthMeasurement = {
    ...cost,
    objects: yaml.split(/^---$/m).length,
    yamlSha256: createHash('sha256').update(yaml).digest('hex'),
  };
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
