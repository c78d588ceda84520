import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { ApiObject, App, Chart } from 'cdk8s';
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

export interface SynthMeasurement {
  readonly wallMs: number;
  /** User + system CPU of the process (every thread, so parallel GC counts) during build + synth. */
  readonly cpuMs: number;
  /** Peak resident set size of the whole process. */
  readonly peakRssMb: number;
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

  // Garbage from loading modules and reading input is not part of the measurement.
  (globalThis as { gc?: () => void }).gc?.();
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  const app = build();
  const yaml = app.synthYaml();
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpuBefore);

  if (option === '--write-manifests') writeFileSync(manifestsFile, JSON.stringify(app.charts.flatMap((chart) => chart.toJson())));
  const measurement: SynthMeasurement = {
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    objects: yaml.split(/^---$/m).length,
    yamlSha256: createHash('sha256').update(yaml).digest('hex'),
  };
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
