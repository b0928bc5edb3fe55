import type { Writable } from 'node:stream';

// A download the client abandons (a closed tab, a lost connection) must stop the export: a writer
// waiting for the client to read would otherwise wait for ever, holding its page of rows.

/** Thrown into an export whose client went away; the route drops it quietly. */
export class ClientGone extends Error {
  constructor() {
    super('the client closed the connection before the file was complete');
  }
}

/** `wait(p)` resolves when p does, or throws ClientGone once `out` closed before it finished. */
export function clientWatch(out: Writable) {
  let gone = false;
  const closed = new Promise<void>((resolve) =>
    out.once('close', () => {
      gone = !out.writableFinished;
      resolve();
    }),
  );
  return {
    async wait(p: Promise<unknown>): Promise<void> {
      await Promise.race([p, closed]);
      if (gone) throw new ClientGone();
    },
  };
}
