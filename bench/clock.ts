/** What one measured run of a benchmark child cost. */
export interface RunCost {
  readonly wallMs: number;
  /** User + system CPU of the process (every thread, so parallel GC and background compilation count). */
  readonly cpuMs: number;
  /** Peak resident set size of the whole process, module loading included. */
  readonly peakRssMb: number;
}

/**
 * Runs `work` once and measures it, after a full GC when the child runs with
 * `--expose-gc`: garbage from loading modules and reading input is not part
 * of the measurement. Every child of `bench/run.ts` measures this way.
 */
export async function measured<T>(work: () => T | Promise<T>): Promise<{ readonly cost: RunCost; readonly result: T }> {
  (globalThis as { gc?: () => void }).gc?.();
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = await work();
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpuBefore);
  return { cost: { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, peakRssMb: process.resourceUsage().maxRSS / 1024 }, result };
}
