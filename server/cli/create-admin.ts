/**
 * Creates the first agency admin of a real installation:
 *
 *   MUTU_ADMIN_PASSWORD=... npm run create-admin -- --email admin@example.go.id --name "Nama Admin"
 *
 * Without MUTU_ADMIN_PASSWORD it asks for the password on the terminal (twice, not echoed). It opens
 * the configured database (DATABASE_URL, else DATABASE_PATH), applies migrations and puts the admin on the root unit. A database without an agency
 * needs one first: pass --agency-code and --agency-name (and optionally --agency-name-en) to create a
 * minimal agency with its root unit.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { hashPassword, newPasswordProblem, PASSWORD_MAX, PASSWORD_MIN } from '../auth/passwords.js';
import { loadConfig } from '../config.js';
import { createAgency } from '../data/agency.js';
import type { Queryable } from '../data/engine/index.js';
import { openStore } from '../data/open.js';
import { createUnit, rootUnit } from '../data/units.js';
import { addUser, normalizeEmail, userByEmail } from '../data/users.js';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Asks for a secret on the terminal; undefined when there is no terminal. */
  askSecret?: (prompt: string) => Promise<string>;
}

const USAGE = `Usage: npm run create-admin -- --email EMAIL --name "NAME" [--agency-code CODE --agency-name "NAME" [--agency-name-en "NAME"]]
The password comes from MUTU_ADMIN_PASSWORD or is asked for on the terminal (at least ${PASSWORD_MIN} characters).`;

const MESSAGES = {
  'auth.errors.new_password_required': 'the password is empty',
  'auth.errors.new_password_short': `the password needs at least ${PASSWORD_MIN} characters`,
  'auth.errors.new_password_long': `the password can have at most ${PASSWORD_MAX} characters`,
  'auth.errors.new_password_email': 'the password must not be the email address',
} as Record<string, string>;

/** Runs the command; returns the process exit code (0 done, 1 refused, 2 bad usage). */
export async function main(argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        'agency-code': { type: 'string' },
        'agency-name': { type: 'string' },
        'agency-name-en': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    io.err(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const email = normalizeEmail(String(values.email ?? ''));
  const name = String(values.name ?? '').trim();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) return usage(io, '--email needs a valid email address');
  if (!name) return usage(io, '--name is required');
  const agencyCode = values['agency-code'] as string | undefined;
  const agencyName = (values['agency-name'] as string | undefined)?.trim();
  if ((agencyCode === undefined) !== (agencyName === undefined)) return usage(io, '--agency-code and --agency-name go together');
  if (agencyCode !== undefined && !/^[a-z0-9][a-z0-9-]{0,39}$/.test(agencyCode)) return usage(io, '--agency-code: lowercase letters, digits and hyphens');

  const config = loadConfig(env);
  // beside a running app: the SQLite lock file is the app's, the database itself stays open to tools
  const { store, where, close } = await openStore(config, { lock: false });
  try {
    if (await userByEmail(store, email)) {
      io.err(`An account with the email ${email} already exists; nothing was changed.`);
      return 1;
    }
    let root = await rootUnit(store);
    if (!root && !agencyCode) {
      io.err(
        `The database at ${where} has no agency yet. An admin belongs to the agency's root unit:\n` +
          'add --agency-code CODE --agency-name "NAME" to create a minimal agency and its root unit.',
      );
      return 1;
    }
    const password = await readPassword(env, io);
    if (password === undefined) return 1;
    const problem = newPasswordProblem(password, email);
    if (problem) {
      io.err(`Refused: ${MESSAGES[problem] ?? problem}.`);
      return 1;
    }
    const passwordHash = await hashPassword(password); // before the transaction, never inside it
    const nameEn = (values['agency-name-en'] as string | undefined)?.trim() || agencyName!;
    const created = await store.transaction(async (tx) => {
      const agencyCreated = !root;
      root ??= await createRoot(tx, agencyCode!, agencyName!, nameEn, config.timeZone);
      await addUser(tx, { email, name, role: 'admin', unitId: root.id, passwordHash });
      return { agencyCreated, unit: root.code };
    });
    if (created.agencyCreated) io.out(`Created the agency "${agencyName}" with its root unit "${created.unit}".`);
    io.out(`Created the agency admin ${email} on the root unit "${created.unit}". Sign in at /login.`);
    return 0;
  } finally {
    await close();
  }
}

function usage(io: CliIo, message: string): number {
  io.err(`${message}\n${USAGE}`);
  return 2;
}

async function createRoot(tx: Queryable, code: string, name: string, nameEn: string, timeZone: string): Promise<{ id: number; code: string }> {
  const agencyId = await createAgency(tx, { code, name_id: name, name_en: nameEn, time_zone: timeZone });
  return { id: await createUnit(tx, { agencyId, parentId: null, code, nameId: name, nameEn }), code };
}

async function readPassword(env: Record<string, string | undefined>, io: CliIo): Promise<string | undefined> {
  const fromEnv = env.MUTU_ADMIN_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!io.askSecret) {
    io.err('Set MUTU_ADMIN_PASSWORD or run this command in a terminal to type the password.');
    return undefined;
  }
  const first = await io.askSecret(`Password for the new admin (at least ${PASSWORD_MIN} characters): `);
  const again = await io.askSecret('The same password again: ');
  if (first !== again) {
    io.err('The two passwords differ; nothing was changed.');
    return undefined;
  }
  return first;
}

/** Asks on the terminal without echoing what is typed (readline, in raw mode, writing to nowhere). */
function terminalSecrets(): { ask: (prompt: string) => Promise<string>; close: () => void } {
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  rl.on('SIGINT', () => {
    rl.close();
    process.stdout.write('\n');
    process.exit(130);
  });
  const lines = rl[Symbol.asyncIterator]();
  return {
    async ask(prompt) {
      process.stdout.write(prompt);
      const line = await lines.next();
      process.stdout.write('\n');
      if (line.done) throw new Error('no password was typed');
      return line.value;
    },
    close: () => rl.close(),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const tty = process.stdin.isTTY && process.stdout.isTTY ? terminalSecrets() : undefined;
  const io: CliIo = { out: (line) => console.log(line), err: (line) => console.error(line), askSecret: tty?.ask };
  main(process.argv.slice(2), process.env, io).then(
    (code) => {
      tty?.close();
      process.exit(code);
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
