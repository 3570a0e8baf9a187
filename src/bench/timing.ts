/** Wall-clock and CPU milliseconds of one run. */
export interface Timing {
  /** Elapsed (wall-clock) time. */
  readonly ms: number;
  /** CPU time of the process (user + system, all threads, so garbage collection helpers count). */
  readonly cpuMs: number;
}

/** Options of {@link measure}. */
export interface MeasureOptions {
  /**
   * Whether to run a full garbage collection first (when node runs with `--expose-gc`), so that the run
   * does not pay for the previous one's garbage. A full collection also drops the optimized code that
   * depends on the shapes of short-lived objects, which the next run compiles again: `false` measures
   * the run as a process that keeps working sees it.
   * @default true
   */
  readonly collectFirst?: boolean;
}

/** Times `fn`, with the garbage of earlier work collected first when `--expose-gc` is on (see {@link MeasureOptions}). */
export function measure(fn: () => void, options: MeasureOptions = {}): Timing {
  if (options.collectFirst ?? true) collectGarbage();
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  fn();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

/** Milliseconds elapsed while `fn` runs (see {@link measure}). */
export function timeMs(fn: () => void): number {
  return measure(fn).ms;
}

/** Runs a full garbage collection when node runs with `--expose-gc`, so one measurement does not pay for the previous one's garbage. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
}

/** The median of the values (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The order of the measured variants in run `run`: rotated each run, so that drift of a shared
 * machine (other builds, page cache, heap growth) hits every variant alike.
 */
export function interleave<T>(variants: readonly T[], run: number): T[] {
  const shift = run % variants.length;
  return [...variants.slice(shift), ...variants.slice(0, shift)];
}
