/** The one error type routes throw; the error handler renders it as a translated page or JSON. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    /** i18n key of the message shown to the user */
    readonly messageKey: string = `errors.http_${status}`,
    readonly params: Record<string, unknown> = {},
  ) {
    super(messageKey);
  }
}

/** Seconds a client is asked to wait (Retry-After) when the database is briefly locked. */
export const BUSY_RETRY_AFTER_SECONDS = 5;

/**
 * Whether an error is SQLite saying another connection holds the lock (SQLITE_BUSY, SQLITE_LOCKED
 * and their extended codes) after the short busy timeout: nothing was written, and the same request
 * can succeed a moment later. The error handler answers it with 503 and Retry-After, never 500.
 */
export function isDbBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)(_|$)/.test(code);
}

/**
 * Whether an error is PostgreSQL refusing text it cannot store: a NUL character (22021) or one its
 * encoding lacks (22P05). Routes drop such characters from what they store; anything that slips
 * through is the request's fault, answered 400, never 500 (SQLite stores them as given).
 */
export function isUnstorableText(err: unknown): boolean {
  const code = (err as { code?: unknown } | null | undefined)?.code;
  return code === '22021' || code === '22P05';
}
