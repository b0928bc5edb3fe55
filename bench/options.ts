/** Settings of a bench run, from the environment (see bench/README.md). */
export interface BenchOptions {
  quick: boolean;
  /** responses in the results database */
  responses: number;
  services: number;
  seed: number;
  /** run ANALYZE after building the results database (the app itself never does) */
  analyze: boolean;
  /** timed repetitions after one warm-up: at least min, at most max, stopping once a case has run for budgetMs */
  reps: { min: number; max: number; budgetMs: number };
  /** slow (raw scan) cases: at least this many timed repetitions */
  rawMinReps: number;
  http: { connections: number; seconds: number; warmupSeconds: number; rounds: number };
  /** parts to run (BENCH_ONLY=results,demo,weight,http,api,pg; default all) */
  only: ReadonlySet<Part>;
}

export const PARTS = ['results', 'demo', 'weight', 'http', 'api', 'pg'] as const;
export type Part = (typeof PARTS)[number];

function parts(raw: string | undefined): ReadonlySet<Part> {
  if (!raw) return new Set(PARTS);
  const list = raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const bad = list.filter((p) => !(PARTS as readonly string[]).includes(p));
  if (bad.length || list.length === 0) throw new Error(`BENCH_ONLY takes a comma list of ${PARTS.join(', ')}; got ${raw}`);
  return new Set(list as Part[]);
}

function intEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, got ${raw}`);
  return value;
}

const flag = (name: string): boolean => ['1', 'true', 'yes'].includes(process.env[name] ?? '');

export function benchOptions(): BenchOptions {
  const quick = flag('BENCH_QUICK');
  return {
    quick,
    responses: intEnv('BENCH_RESPONSES', quick ? 100_000 : 1_000_000, 1_000),
    services: 200,
    seed: intEnv('BENCH_SEED', 20260101, 0),
    analyze: flag('BENCH_ANALYZE'),
    reps: quick ? { min: 3, max: 15, budgetMs: 300 } : { min: 5, max: 40, budgetMs: 800 },
    rawMinReps: quick ? 2 : 3,
    http: quick
      ? { connections: 50, seconds: 2, warmupSeconds: 1, rounds: intEnv('BENCH_ROUNDS', 1, 1) }
      : { connections: 50, seconds: 4, warmupSeconds: 2, rounds: intEnv('BENCH_ROUNDS', 3, 1) },
    only: parts(process.env.BENCH_ONLY),
  };
}
