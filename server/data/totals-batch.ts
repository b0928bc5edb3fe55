import type { Queryable } from './engine/index.js';
import type { Param } from './engine/types.js';
import { DAY_KEYS, GROUP_KEYS, MONTH_KEYS, totalsParams, type TotalsKey } from './totals.js';
import { upsertSql } from './totals-sql.js';

// The running totals of a batch of responses (group commit, server/data/group-commit.ts; a response
// stored alone is a batch of one): summed in memory per totals row, then each row upserted once. A
// batch of fifty posts to one service on one day becomes one day row, one month row and a few group
// rows instead of 400 upserts. Every writer of the totals goes through here, so all lock rows in
// one global order.

/** One totals row being summed: its key values and its metrics, in METRICS order. */
interface Pending {
  keys: Param[];
  metrics: number[];
}

/** Rows per multi-row upsert on PostgreSQL (48 parameters a row: far below its limit of 65,535). */
const PG_CHUNK = 200;

const statements = new Map<string, string>();
/** The upsert of `rows` rows of a table, built once per shape (a batch makes several per table). */
function upsertOf(table: string, keys: readonly string[], rows: number): string {
  const id = `${table}:${rows}`;
  let sql = statements.get(id);
  if (!sql) statements.set(id, (sql = upsertSql(table, [...keys], rows)));
  return sql;
}

class TableSums {
  private readonly rows = new Map<string, Pending>();

  constructor(
    readonly table: string,
    readonly keys: readonly string[],
  ) {}

  /** `params`: the key values then the metrics, as totalsParams gives them. */
  add(params: Param[]): void {
    const keys = params.slice(0, this.keys.length);
    const metrics = params.slice(this.keys.length) as number[];
    const id = JSON.stringify(keys);
    const row = this.rows.get(id);
    if (!row) this.rows.set(id, { keys, metrics: [...metrics] });
    else for (let i = 0; i < metrics.length; i++) row.metrics[i] = (row.metrics[i] as number) + (metrics[i] as number);
  }

  /**
   * Upserts the summed rows in key order: every transaction locks totals rows in one global order
   * (table, then key), so concurrent batches of several PostgreSQL processes never deadlock.
   * SQLite runs cached one-row statements (cheaper there than one long statement); PostgreSQL one
   * statement per chunk of rows (one round trip).
   */
  async writeTo(tx: Queryable): Promise<void> {
    const rows = [...this.rows.values()].sort((a, b) => compareKeys(a.keys, b.keys));
    if (tx.engine === 'sqlite') {
      const sql = upsertOf(this.table, this.keys, 1);
      for (const r of rows) await tx.run(sql, [...r.keys, ...r.metrics]);
      return;
    }
    for (let i = 0; i < rows.length; i += PG_CHUNK) {
      const chunk = rows.slice(i, i + PG_CHUNK);
      await tx.run(
        upsertOf(this.table, this.keys, chunk.length),
        chunk.flatMap((r) => [...r.keys, ...r.metrics]),
      );
    }
  }
}

function compareKeys(a: readonly Param[], b: readonly Param[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export class TotalsBatch {
  private readonly day = new TableSums('totals_day', DAY_KEYS);
  private readonly month = new TableSums('totals_month', MONTH_KEYS);
  private readonly groups = new TableSums('totals_group_month', GROUP_KEYS);

  /** Adds one response's metrics to the rows it counts in. */
  add(key: TotalsKey, answers: ReadonlyArray<number | null>): void {
    const p = totalsParams(key, answers);
    this.day.add(p.day);
    this.month.add(p.month);
    for (const g of p.groups) this.groups.add(g);
  }

  /** Upserts every summed row, table by table (day, month, groups). */
  async writeTo(tx: Queryable): Promise<void> {
    await this.day.writeTo(tx);
    await this.month.writeTo(tx);
    await this.groups.writeTo(tx);
  }
}
