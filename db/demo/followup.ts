/**
 * The demo's follow-up plans (Rencana Tindak Lanjut). KTP-el is the service that improves (its
 * trend steps up at the middle of the span, org.ts): its plan is made from a quarter well before the
 * step, targets its weak elements (waiting time first), and its main action is done just before the
 * step, so the quarter after it shows the effect. Beside it: an action done late, one still open
 * after its quarter (overdue), one planned ahead, and an overdue action in the hospital's plan.
 */
import type { Queryable } from '../../server/data/engine/index.js';
import { addAction, type ActionFields } from '../../server/data/followup.js';
import { nextPeriod } from '../../server/followup/timing.js';
import { periodOf } from '../../server/indicators/periods.js';
import { formatDay, parseDay } from './time.js';

/** The local date at fraction t (0..1) of the span. */
const at = (span: { from: string; to: string }, t: number): string => {
  const a = parseDay(span.from);
  return formatDay(a + Math.round((parseDay(span.to) - a) * t));
};

const quarter = (date: string) => ({ ...periodOf('quarter', date), kind: 'quarter' as const });

type Action = Omit<ActionFields, 'evidenceNote' | 'evidenceUrl'> & Partial<Pick<ActionFields, 'evidenceNote' | 'evidenceUrl'>>;

/** Plans of the demo; call it in the loading transaction, with the ids of the demo's services and units by code. */
export async function seedFollowUp(
  tx: Queryable,
  span: { from: string; to: string },
  services: ReadonlyMap<string, number>,
  units: ReadonlyMap<string, number>,
): Promise<void> {
  const plan = quarter(at(span, 0.2));
  const next = nextPeriod(plan);
  const afterEnd = nextPeriod(quarter(span.to)).label;
  const ktp = services.get('ktp-el');
  const rsud = units.get('rsud');
  if (ktp === undefined || rsud === undefined) throw new Error('demo follow-up: ktp-el or rsud missing');
  const add = (key: { kind: 'service' | 'unit'; id: number }, a: Action) => addAction(tx, key, plan.label, { evidenceNote: '', evidenceUrl: '', ...a }, null);

  const service = { kind: 'service' as const, id: ktp };
  await add(service, {
    element: 'WAKTU',
    activity: 'Antrean daring lewat situs Disdukcapil dan dua loket tambahan pada jam sibuk (08.00-11.00)',
    responsible: 'Bidang Pelayanan Pendaftaran Penduduk',
    person: 'Rina Kusumawati',
    plannedQuarter: next.label,
    status: 'done',
    doneDate: at(span, 0.42),
    evidenceNote: 'SK Kepala Dinas tentang antrean daring; foto loket tambahan',
    evidenceUrl: 'https://mekarsari.example/berita/antrean-daring-ktp-el',
  });
  await add(service, {
    element: 'SARANA',
    activity: 'Kursi tunggu tambahan, pendingin ruangan, dan pasokan blangko KTP-el yang tetap',
    responsible: 'Sekretariat Disdukcapil (Subbagian Umum)',
    person: 'Agus Salim',
    plannedQuarter: next.label,
    status: 'done',
    doneDate: at(span, 0.72),
    evidenceNote: 'Berita acara serah terima barang',
  });
  await add(service, {
    element: 'PENGADUAN',
    activity: 'Kanal pengaduan WhatsApp dengan jawaban paling lambat dua hari kerja',
    responsible: 'Kepala Seksi Pelayanan',
    person: 'Dewi Lestari',
    plannedQuarter: next.label,
    status: 'in_progress',
    doneDate: null,
  });
  await add(service, {
    element: 'PROSEDUR',
    activity: 'Papan alur layanan dan daftar persyaratan di setiap loket, juga dalam huruf besar',
    responsible: 'Bidang Pelayanan Pendaftaran Penduduk',
    person: 'Rina Kusumawati',
    plannedQuarter: afterEnd,
    status: 'planned',
    doneDate: null,
  });
  await add(
    { kind: 'unit', id: rsud },
    {
      element: 'PENGADUAN',
      activity: 'Petugas pengaduan di ruang tunggu poliklinik dan rapat tindak lanjut mingguan',
      responsible: 'Bagian Humas dan Pengaduan RSUD',
      person: 'dr. Hendra Wijaya',
      plannedQuarter: next.label,
      status: 'planned',
      doneDate: null,
    },
  );
}
