import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

// GET /metrics: Prometheus' text format (docs/operations.md, "What to watch"). Requests by route
// kind and status class, submissions stored, 5xx errors, request durations, the process (memory,
// CPU, event loop lag), and the depth of the group-commit queue. Not public: loopback only (the
// client address as `trust proxy` sees it, and never a request relayed by a proxy), or with
// METRICS_TOKEN as a bearer token; anything else gets a 404, as if there were no such page.
//
// The middleware is on every request's path (the survey is benchmarked): one hrtime at the start,
// and at the finish a few additions to plain arrays (class Counts), which a scrape hands on.

export const ROUTE_KINDS = ['survey', 'kiosk', 'results', 'api', 'officer', 'static', 'other'] as const;
export type RouteKind = (typeof ROUTE_KINDS)[number];
const CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

/** The first path segment's kind (counter links /k/ are the survey's). */
const KIND_OF_SEGMENT = new Map<string, RouteKind>([
  ['s', 'survey'],
  ['k', 'survey'],
  ['kiosk', 'kiosk'],
  ['results', 'results'],
  ['api', 'api'],
  ['static', 'static'],
  ...['manage', 'dashboard', 'login', 'logout', 'account', 'exports', 'report', 'followup', 'assisted', 'publication-log'].map((s): [string, RouteKind] => [
    s,
    'officer',
  ]),
]);

export function routeKind(path: string): RouteKind {
  const end = path.indexOf('/', 1);
  return KIND_OF_SEGMENT.get(end === -1 ? path.slice(1) : path.slice(1, end)) ?? 'other';
}

/** The process's own metrics (memory, CPU, event loop lag, handles): one registry per process, made at the first scrape. */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) collectDefaultMetrics({ register: (processRegistry = new Registry()) });
  return processRegistry;
}

/** The group commit as the metrics read it (server/data/group-commit.ts): posts waiting, and counts so far. */
export interface GroupCommitSource {
  readonly depth: number;
  readonly stats: { readonly batches: number; readonly posts: number };
}

export interface Metrics {
  registry: Registry;
  /** counts and times every request: mount it first */
  middleware: RequestHandler;
  /** GET /metrics, guarded */
  route: RequestHandler;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

function allowed(req: Request, token: string | undefined): boolean {
  const auth = req.get('authorization');
  if (token && auth?.startsWith('Bearer ')) {
    const [given, want] = [Buffer.from(auth.slice(7)), Buffer.from(token)];
    return given.length === want.length && timingSafeEqual(given, want);
  }
  // a request relayed by a proxy is not local, even when the proxy is (and TRUST_PROXY was forgotten)
  return req.headers['x-forwarded-for'] === undefined && req.headers.forwarded === undefined && LOOPBACK.test(req.ip ?? '');
}

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];
const DURATION = 'mutu_http_request_duration_seconds';

/**
 * Plain numbers on the request path: prom-client's labelled children hash their labels on every
 * call (measured: about 4 µs a request for the four series). They are handed to prom-client when
 * scraped; the histogram is written out here (prom-client has no way to set a histogram's counts).
 */
class Counts {
  readonly requests = new Float64Array(ROUTE_KINDS.length * CLASSES.length);
  readonly errors = new Float64Array(ROUTE_KINDS.length);
  readonly submissions = new Float64Array(ROUTE_KINDS.length);
  readonly buckets = new Float64Array(ROUTE_KINDS.length * BUCKETS.length);
  readonly sums = new Float64Array(ROUTE_KINDS.length);
  readonly counts = new Float64Array(ROUTE_KINDS.length);

  observe(kind: number, seconds: number): void {
    this.sums[kind]! += seconds;
    this.counts[kind]! += 1;
    const b = BUCKETS.findIndex((le) => seconds <= le);
    if (b !== -1) this.buckets[kind * BUCKETS.length + b]! += 1;
  }

  histogramText(): string {
    const lines = [`# HELP ${DURATION} Time from a request to its response, by route kind`, `# TYPE ${DURATION} histogram`];
    ROUTE_KINDS.forEach((kind, k) => {
      let cumulative = 0;
      BUCKETS.forEach((le, b) => {
        cumulative += this.buckets[k * BUCKETS.length + b]!;
        lines.push(`${DURATION}_bucket{le="${le}",kind="${kind}"} ${cumulative}`);
      });
      lines.push(`${DURATION}_bucket{le="+Inf",kind="${kind}"} ${this.counts[k]}`, `${DURATION}_sum{kind="${kind}"} ${this.sums[k]}`);
      lines.push(`${DURATION}_count{kind="${kind}"} ${this.counts[k]}`);
    });
    return `${lines.join('\n')}\n`;
  }
}

const KIND_INDEX = new Map<RouteKind, number>(ROUTE_KINDS.map((k, i) => [k, i]));
const SURVEY = KIND_INDEX.get('survey') as number;
const KIOSK = KIND_INDEX.get('kiosk') as number;

/** A registry of its own per app (tests make several apps in one process). */
export function createMetrics({ token, groupCommit }: { token?: string | undefined; groupCommit?: GroupCommitSource } = {}): Metrics {
  const registry = new Registry();
  const c = new Counts();
  /** A counter whose values are copied from `values` (indexed by kind, or kind and status class) when scraped. */
  const counter = (name: string, help: string, values: Float64Array, byClass: boolean, kinds: readonly RouteKind[] = ROUTE_KINDS): void => {
    new Counter({
      name,
      help,
      labelNames: byClass ? ['kind', 'status'] : ['kind'],
      registers: [registry],
      collect() {
        this.reset();
        ROUTE_KINDS.forEach((kind, k) => {
          if (!kinds.includes(kind)) return;
          if (!byClass) return this.inc({ kind }, values[k]);
          CLASSES.forEach((status, j) => {
            const v = values[k * CLASSES.length + j]!;
            if (v) this.inc({ kind, status }, v);
          });
        });
      },
    });
  };
  counter('mutu_http_requests_total', 'HTTP requests answered, by route kind and status class', c.requests, true);
  counter('mutu_http_errors_total', 'HTTP requests answered 5xx, by route kind', c.errors, false);
  counter(
    'mutu_submissions_total',
    'Survey posts answered 303 (stored after their commit) and kiosk answers stored (201), by route kind',
    c.submissions,
    false,
    ['survey', 'kiosk'],
  );
  new Gauge({
    name: 'mutu_group_commit_queue',
    help: 'Submissions waiting for the next group commit',
    registers: [registry],
    collect() {
      this.set(groupCommit?.depth ?? 0);
    },
  });
  for (const [name, help, read] of [
    ['mutu_group_commit_batches_total', 'Group commits: transactions that stored posts, one sync to disk each', () => groupCommit?.stats.batches ?? 0],
    ['mutu_group_commit_posts_total', 'Posts written by group commits (divided by the batches: posts per sync)', () => groupCommit?.stats.posts ?? 0],
  ] as const) {
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  }

  const middleware = (req: Request, res: Response, next: NextFunction): void => {
    const start = process.hrtime.bigint();
    const k = KIND_INDEX.get(routeKind(req.path)) as number; // here, at the app's level: the whole path
    res.once('finish', () => {
      const status = res.statusCode;
      c.requests[k * CLASSES.length + Math.min(Math.max(Math.floor(status / 100), 1), 5) - 1]! += 1;
      if (status >= 500) c.errors[k]! += 1;
      else if (req.method === 'POST' && (status === 303 ? k === SURVEY : status === 201 && k === KIOSK)) c.submissions[k]! += 1;
      c.observe(k, Number(process.hrtime.bigint() - start) / 1e9);
    });
    next();
  };

  const route = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (!allowed(req, token)) return next(); // on to the 404
    res.set({ 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' });
    res.send((await processMetrics().metrics()) + (await registry.metrics()) + c.histogramText());
  };
  return { registry, middleware, route };
}
