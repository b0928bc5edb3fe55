import { z } from 'zod';
import { floodPolicyFrom, type FloodPolicy } from './vocabulary/flood-policy.js';

const bool = z.enum(['0', '1', 'true', 'false', 'yes', 'no']).transform((v) => v === '1' || v === 'true' || v === 'yes');

const schema = z.object({
  NODE_ENV: z.enum(['production', 'development', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_PATH: z.string().min(1).default('./data/mutu.db'),
  // set: PostgreSQL instead of the SQLite file (contract: "Storage engines")
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || /^postgres(ql)?:\/\/./.test(v), 'DATABASE_URL must be a postgres:// URL (unset: the SQLite file at DATABASE_PATH)'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  WEB_CONCURRENCY: z.coerce.number().int().min(1, 'WEB_CONCURRENCY must be 1 or more').max(64).default(1),
  // unset: on in development and test, off in production (there only MUTU_DEMO=1 loads it)
  MUTU_DEMO: bool.optional(),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  TZ_DEFAULT: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'TZ_DEFAULT must be an IANA time zone such as Asia/Jakarta')
    .default('Asia/Jakarta'),
  TRUST_PROXY: z.string().default('false'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // a bearer token that opens GET /metrics to a Prometheus elsewhere (unset: loopback only)
  METRICS_TOKEN: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || v.length >= 16, 'METRICS_TOKEN must be at least 16 characters'),
  // the absolute address printed in QR codes, posters and snippets (contract "Reach"); unset: http://localhost:PORT
  PUBLIC_URL: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine(
      (v) => v === undefined || publicBase(v) !== null,
      'PUBLIC_URL must be an http(s) address such as https://survei.example.go.id (no query or fragment)',
    ),
});

/** The canonical form of a PUBLIC_URL (origin and path, no trailing slash), or null when it is not one. */
function publicBase(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash || url.username || url.password) return null;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export interface Config {
  readonly env: 'production' | 'development' | 'test';
  readonly port: number;
  readonly databasePath: string;
  /** postgres:// URL: PostgreSQL; undefined: SQLite at databasePath. */
  readonly databaseUrl: string | undefined;
  /** Connections per app process to PostgreSQL. */
  readonly databasePoolMax: number;
  /** App processes (node cluster workers); more than 1 needs PostgreSQL. */
  readonly webConcurrency: number;
  /** Load the demo agency into a brand-new database: MUTU_DEMO, else on unless NODE_ENV=production. */
  readonly demo: boolean;
  /** Unset: generated once and kept in the database. */
  readonly sessionSecret: string | undefined;
  readonly timeZone: string;
  /** Express "trust proxy" value: false, true, a hop count or a list of addresses. */
  readonly trustProxy: boolean | number | string;
  readonly logLevel: string;
  /** The absolute base of links printed in QR codes, posters and snippets, without a trailing slash. */
  readonly publicUrl: string;
  /** Whether PUBLIC_URL was set (unset: http://localhost:PORT, which citizens' phones cannot reach). */
  readonly publicUrlSet: boolean;
  /** Bearer token for GET /metrics from elsewhere than loopback (undefined: loopback only). */
  readonly metricsToken: string | undefined;
  /** Flood thresholds that mark citizens' posts suspicious (FLOOD_*; server/data/floods.ts). */
  readonly floods: FloodPolicy;
}

function parseTrustProxy(raw: string): boolean | number | string {
  if (raw === 'false' || raw === '0' || raw === '') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw;
}

/** Typed, frozen configuration from the environment; throws one readable error listing every bad setting. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.WEB_CONCURRENCY > 1 && !e.DATABASE_URL) {
    throw new Error(
      'Invalid configuration:\n  WEB_CONCURRENCY: several app processes need PostgreSQL (DATABASE_URL); one process serves a SQLite database (README "Several processes")',
    );
  }
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    databasePath: e.DATABASE_PATH,
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    webConcurrency: e.WEB_CONCURRENCY,
    demo: e.MUTU_DEMO ?? e.NODE_ENV !== 'production',
    sessionSecret: e.SESSION_SECRET,
    timeZone: e.TZ_DEFAULT,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    logLevel: e.LOG_LEVEL,
    publicUrl: e.PUBLIC_URL ? (publicBase(e.PUBLIC_URL) as string) : `http://localhost:${e.PORT}`,
    publicUrlSet: e.PUBLIC_URL !== undefined,
    metricsToken: e.METRICS_TOKEN,
    floods: floodPolicyFrom(env),
  });
}

/**
 * What to warn about at start-up in a configuration that loads. TRUST_PROXY=true trusts every
 * X-Forwarded-For hop, so any client picks its own address and escapes every per-client limit.
 */
export function configWarnings(config: Config): string[] {
  const warnings: string[] = [];
  if (config.trustProxy === true) {
    warnings.push(
      'TRUST_PROXY=true trusts any X-Forwarded-For header: every client can pick its own address and escape the ' +
        'sign-in and survey rate limits. Set TRUST_PROXY=1 (one proxy hop), the number of proxies, or their addresses.',
    );
  }
  return warnings;
}

/** Defaults for tests: an in-memory database, no demo, silent logs. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return Object.freeze({ ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MUTU_DEMO: '0' }), ...overrides });
}
