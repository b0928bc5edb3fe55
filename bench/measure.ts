import { performance } from 'node:perf_hooks';

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export interface Timing<T> {
  /** median of the timed repetitions, ms */
  ms: number;
  min: number;
  max: number;
  reps: number;
  /** what the last call returned */
  result: T;
}

export interface RepeatOptions {
  minReps: number;
  maxReps: number;
  /** stop once minReps are done and the timed repetitions took this long */
  budgetMs: number;
  /** when the warm-up alone took longer than budgetMs, this many repetitions are enough (default 3) */
  slowMinReps?: number;
}

/** A warm-up call this long is dominated by the work itself, not by first-call effects: it counts as a sample. */
const WARMUP_COUNTS_MS = 1000;

/**
 * Times an async fn: one warm-up call (untimed unless it took over a second), then repetitions, each
 * awaited before the next (as a request awaits its reads); returns the median.
 */
export async function timeIt<T>(fn: () => Promise<T>, o: RepeatOptions): Promise<Timing<T>> {
  const w0 = performance.now();
  let result = await fn(); // warm-up: page cache, JIT
  const warm = performance.now() - w0;
  const minReps = warm > o.budgetMs ? Math.min(o.minReps, o.slowMinReps ?? 3) : o.minReps;
  const times: number[] = warm >= WARMUP_COUNTS_MS ? [warm] : [];
  let spent = times.length ? warm : 0;
  while (times.length < o.maxReps && (times.length < minReps || spent < o.budgetMs)) {
    const t0 = performance.now();
    result = await fn();
    const dt = performance.now() - t0;
    times.push(dt);
    spent += dt;
  }
  return { ms: median(times), min: Math.min(...times), max: Math.max(...times), reps: times.length, result };
}

/** Wall-clock of one call, ms (awaited when it returns a promise). */
export async function once<T>(fn: () => T | Promise<T>): Promise<{ ms: number; result: T }> {
  const t0 = performance.now();
  const result = await fn();
  return { ms: performance.now() - t0, result };
}

export const fmtMs = (ms: number): string =>
  ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`;
export const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');
export const fmtRatio = (x: number): string => (x >= 100 ? `${x.toFixed(0)}x` : x >= 10 ? `${x.toFixed(1)}x` : `${x.toFixed(2)}x`);
export const fmtPct = (x: number): string => `${(x * 100).toFixed(0)}%`;
export const fmtBytes = (n: number): string => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(2)} KB` : `${n} B`);

/** A plain-text table: the first row is the header; numeric-looking cells are right-aligned. */
export function table(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const numeric = (s: string): boolean => /^[-+]?[\d.,]+\s?(x|%|ms|s|KB|MB|B|k)?$/.test(s.trim());
  const line = (row: ReadonlyArray<string>): string =>
    row
      .map((cell, i) => (numeric(cell) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const [head, ...body] = rows;
  if (!head) return '';
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export function heading(title: string): void {
  console.log(`\n=== ${title} ${'='.repeat(Math.max(3, 76 - title.length))}`);
}

/** One line of the final summary: a budget and how the run measured against it. */
export interface BudgetLine {
  budget: string;
  measured: string;
  limit: string;
  pass: boolean | null; // null: not measured / not applicable
  note?: string;
}

export const verdict = (pass: boolean | null): string => (pass === null ? 'n/a' : pass ? 'PASS' : 'MISS');
