import pg from 'pg';
import { databaseUrl } from './pg.js';

/**
 * globalSetup of vitest.pg.config.ts: the PostgreSQL suite fails (never skips) when it has no
 * database, so a CI run without PostgreSQL cannot pass by testing nothing.
 */
export default async function setup(): Promise<void> {
  const url = databaseUrl();
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw new Error(`npm run test:pg cannot reach the PostgreSQL database at DATABASE_URL (${redact(url)}): ${(err as Error).message}`, { cause: err });
  } finally {
    await client.end().catch(() => undefined);
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
