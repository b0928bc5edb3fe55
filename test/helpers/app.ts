import { load, type CheerioAPI } from 'cheerio';
import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../server/app.js';
import { testConfig, type Config } from '../../server/config.js';
import { migrate, openDb, type Db } from '../../server/db.js';
import { createAgency } from '../../server/data/agency.js';
import type { Queryable } from '../../server/data/engine/index.js';
import { createService } from '../../server/data/services.js';
import { createUnit } from '../../server/data/units.js';
import type { SurveyLimits } from '../../server/routes/survey.js';
import type { ApiLimits } from '../../server/routes/api.js';

/**
 * A fresh in-memory database with every migration applied: the raw connection (for SQL that
 * inspects it, and for testApp). Its async store, which the data functions and these helpers take,
 * is SqliteDatabase.of(db).
 */
export function testDb(): Db {
  const db = openDb(':memory:');
  migrate(db);
  return db;
}

export interface SmallOrg {
  agencyId: number;
  rootId: number;
  unitId: number;
  serviceId: number;
  inactiveServiceId: number;
}

/** A small agency: root -> one unit with an active service `ktp` and an inactive `lama`. */
export async function seedSmall(store: Queryable, timeZone = 'Asia/Jakarta'): Promise<SmallOrg> {
  const agencyId = await createAgency(store, { code: 'uji', name_id: 'Kabupaten Uji', name_en: 'Uji Regency', time_zone: timeZone });
  const rootId = await createUnit(store, { agencyId, parentId: null, code: 'pemkab', nameId: 'Pemerintah Kabupaten Uji', nameEn: 'Uji Regency Government' });
  const unitId = await createUnit(store, { agencyId, parentId: rootId, code: 'dukcapil', nameId: 'Dinas Dukcapil', nameEn: 'Population Registry' });
  const serviceId = await createService(store, {
    unitId,
    code: 'ktp',
    nameId: 'Perekaman KTP-el',
    nameEn: 'Electronic ID card',
    embedOrigins: 'https://portal.uji.go.id',
  });
  const inactiveServiceId = await createService(store, { unitId, code: 'lama', nameId: 'Layanan Lama', nameEn: 'Old Service', active: false });
  return { agencyId, rootId, unitId, serviceId, inactiveServiceId };
}

export function testApp(db: Db, opts: { config?: Partial<Config>; surveyLimits?: Partial<SurveyLimits>; apiLimits?: Partial<ApiLimits> } = {}): Express {
  return createApp({ db, config: testConfig(opts.config), surveyLimits: opts.surveyLimits, apiLimits: opts.apiLimits });
}

export async function getPage(
  app: Express,
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; $: CheerioAPI; res: request.Response }> {
  const res = await request(app).get(url).set(headers);
  return { status: res.status, $: load(res.text), res };
}

/** The survey form's fields as a browser would post them (hidden fields included), merged with `fields`. */
export async function formFields(app: Express, url: string): Promise<Record<string, string>> {
  const { $ } = await getPage(app, url);
  const out: Record<string, string> = {};
  $('form input[type=hidden]').each((_, el) => {
    out[$(el).attr('name') as string] = $(el).attr('value') ?? '';
  });
  return out;
}

/** GET over a real socket, returning the bytes as sent on the wire (no decompression). */
export async function rawGet(
  app: Express,
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  const { get } = await import('node:http');
  const server = app.listen(0);
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const port = (server.address() as { port: number }).port;
  try {
    return await new Promise((resolve, reject) => {
      get({ host: '127.0.0.1', port, path: url, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
  } finally {
    server.close();
  }
}
