/**
 * What officers enter beside the responses: users served per period (for the Krejcie-Morgan sample
 * size) and the agency's target profile (kelompok sasaran) for the representation index.
 */
import type { Queryable } from '../../server/data/engine/index.js';
import { setPopulation } from '../../server/data/populations.js';
import { responseCountsByService } from '../../server/data/responses.js';
import { listServices } from '../../server/data/services.js';
import { setTargetProfile } from '../../server/data/profiles.js';
import type { Dimension } from '../../server/vocabulary/profile.js';

/** Users served per response, by service code: busy counters survey a small share of their users. */
const USERS_PER_RESPONSE: Record<string, number> = {
  'ktp-el': 9,
  'kartu-keluarga': 7,
  'akta-kelahiran': 5,
  'pindah-datang': 6,
  pbg: 3,
  'nib-umkm': 40,
  'izin-praktik-nakes': 2,
  sppirt: 4,
  'poli-umum': 12,
  imunisasi: 6,
  'rawat-jalan': 10,
  igd: 4,
  'rawat-inap': 2,
};

/** Census-style shares of the regency's adult service users (expected respondents). */
const TARGET_PROFILE = {
  gender: { L: 0.49, P: 0.51 },
  age: { lt25: 0.16, '25_34': 0.22, '35_44': 0.21, '45_54': 0.17, '55_64': 0.13, '65plus': 0.11 },
  disability: { yes: 0.09, no: 0.91 },
} satisfies Partial<Record<Dimension, Record<string, number>>>;

/** Quarters and years overlapping the span, as inclusive local dates. */
function periods(from: string, to: string): Array<{ from: string; to: string }> {
  const out: Array<{ from: string; to: string }> = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    out.push({ from: `${year}-01-01`, to: `${year}-12-31` });
    for (const [a, b] of [
      ['01-01', '03-31'],
      ['04-01', '06-30'],
      ['07-01', '09-30'],
      ['10-01', '12-31'],
    ]) {
      out.push({ from: `${year}-${a}`, to: `${year}-${b}` });
    }
  }
  return out;
}

/**
 * Enters, for every service with responses, its users served in each quarter and year of the span,
 * and the target profile of the root unit. Call it with the loading transaction, after the responses.
 */
export async function seedPlanning(tx: Queryable, rootUnitId: number, span: { from: string; to: string }): Promise<void> {
  const services = await listServices(tx);
  for (const p of periods(span.from, span.to)) {
    const counts = await responseCountsByService(tx, p.from, p.to);
    for (const s of services) {
      const n = counts.get(s.id) ?? 0;
      const factor = USERS_PER_RESPONSE[s.code];
      if (n > 0 && factor) await setPopulation(tx, { serviceId: s.id }, p.from, p.to, Math.round(n * factor));
    }
  }
  for (const [dimension, shares] of Object.entries(TARGET_PROFILE) as Array<[Dimension, Record<string, number>]>) {
    await setTargetProfile(tx, { unitId: rootUnitId }, dimension, shares);
  }
}
