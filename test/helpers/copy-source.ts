import { migrate, openDb } from '../../server/db.js';
import { createAgency } from '../../server/data/agency.js';
import { recordAudit } from '../../server/data/audit.js';
import { SqliteDatabase } from '../../server/data/engine/index.js';
import { setPopulation } from '../../server/data/populations.js';
import { setTargetProfile } from '../../server/data/profiles.js';
import { submitResponse } from '../../server/data/responses.js';
import { createService } from '../../server/data/services.js';
import { insertSession } from '../../server/data/sessions.js';
import { ensureSetting } from '../../server/data/settings.js';
import { countSignInFailure } from '../../server/data/sign-ins.js';
import { freezeMonths } from '../../server/data/snapshots.js';
import { addAction } from '../../server/data/followup.js';
import { saveDraft } from '../../server/data/report-drafts.js';
import { setPublished, setTarget } from '../../server/data/targets.js';
import { addApiToken, revokeToken } from '../../server/data/tokens.js';
import { createUnit, updateUnit } from '../../server/data/units.js';
import { addUser, noteSignIn, setPasswordHash, setUserActive } from '../../server/data/users.js';
import { ELEMENT_CODES } from '../../server/indicators/types.js';
import { addPublication, recordRepublication } from '../../server/data/publications.js';
import { ageBand, CHANNELS, PROFILE_OPTIONS } from '../../server/vocabulary/profile.js';
import type { SurveySubmission } from '../../server/vocabulary/submission.js';
import { savePendingUpload, storeEntry } from '../../server/data/assisted.js';
import { decide } from '../../server/data/quarantine.js';
import { storeSubmission } from '../../server/data/unrated-visits.js';

/** A deterministic pseudo-random sequence (the same installation on every run). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const COMMENTS = [
  'Pelayanan cepat, petugas ramah.',
  "It's fine? \"Quoted\" and 'single' ? marks, ünïcödé, emoji 🚀\nand a second line",
  'Antrean terlalu panjang; mohon ditambah loket.\r\nTerima kasih',
  '?',
  '$1 -- not a placeholder, not a comment',
];

/** Responses made by the issue-10 part (an officer's entry, two suspicious posts). */
const ISSUE10_RESPONSES = 3;

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA';

/**
 * Builds a realistic installation in a new SQLite file through the async data layer: an agency, a
 * unit tree (one unit moved under a unit created after it), services, officers, API tokens, targets,
 * populations, extra questions with answers, `responses` survey posts with profiles and comments
 * (with their running totals), audit rows, published snapshots, a setting, a session and a sign-in
 * failure. Returns the file closed.
 */
export async function buildCopySource(file: string, opts: { responses: number }): Promise<void> {
  const raw = openDb(file);
  migrate(raw);
  const db = SqliteDatabase.of(raw);
  try {
    const agencyId = await createAgency(db, { code: 'kab-uji', name_id: 'Kabupaten Uji', name_en: 'Uji Regency', time_zone: 'Asia/Makassar' });
    const unit = (code: string, parentId: number | null, extra: { targetIkm?: number; published?: boolean; active?: boolean } = {}) =>
      createUnit(db, { agencyId, parentId, code, nameId: `Unit ${code}`, nameEn: `Unit ${code} (en)`, ...extra });
    const root = await unit('pemkab', null, { targetIkm: 80, published: true });
    const dinasA = await unit('dinas-a', root, { published: true });
    const dinasB = await unit('dinas-b', root);
    const bidang = await unit('bidang-a1', dinasA, { targetIkm: 87.25 });
    await unit('lama', root, { active: false });
    // a reorganisation: dinas-b moves under a unit created after it (its parent's id is higher than its own)
    const sekretariat = await unit('sekretariat', root, { published: true });
    await updateUnit(db, dinasB, {
      parentId: sekretariat,
      code: 'dinas-b',
      nameId: 'Dinas B',
      nameEn: 'Agency B',
      active: true,
      published: true,
      targetIkm: 76.5,
    });

    const service = (unitId: number, code: string, extra: { targetIkm?: number; published?: boolean; active?: boolean; embedOrigins?: string } = {}) =>
      createService(db, { unitId, code, nameId: `Layanan ${code}`, nameEn: `Service ${code}`, ...extra });
    const services = [
      await service(dinasA, 'ktp', { published: true, targetIkm: 82.5, embedOrigins: 'https://portal.example.go.id https://x.example' }),
      await service(dinasA, 'kk', { published: true }),
      await service(bidang, 'izin-usaha', { targetIkm: 90 }),
      await service(dinasB, 'akta', { published: true }),
    ];
    await service(dinasB, 'tutup', { active: false });

    const admin = await addUser(db, { email: 'admin@uji.go.id', name: 'Admin Uji', role: 'admin', unitId: root, passwordHash: HASH });
    const manager = await addUser(db, { email: 'manajer@uji.go.id', name: 'Manajer Ä', role: 'manager', unitId: dinasA, passwordHash: HASH });
    const viewer = await addUser(db, { email: 'lihat@uji.go.id', name: 'Pelihat', role: 'viewer', unitId: dinasB, passwordHash: HASH });
    await setPasswordHash(db, manager, HASH.replace('aGFz', 'bmV3'), { mustChange: true });
    await setUserActive(db, viewer, false);
    await noteSignIn(db, admin);

    await addApiToken(db, root, 'Dasbor provinsi');
    const revoked = await addApiToken(db, dinasA, 'Lama');
    await revokeToken(db, revoked.id);

    await setTarget(db, { serviceId: services[1] as number }, 77.75);
    await setPublished(db, { unitId: bidang }, true);
    await db.transaction(async (tx) => {
      await setTargetProfile(tx, { unitId: root }, 'gender', { L: 0.48, P: 0.52 });
      await setTargetProfile(tx, { serviceId: services[0] as number }, 'education', { sma: 0.4, s1: 0.35, sd: 0.125, s2: 0.125 });
      await setPopulation(tx, { unitId: dinasA }, '2025-01-01', '2025-12-31', 125_000);
      await setPopulation(tx, { serviceId: services[2] as number }, '2026-01-01', '2026-03-31', 4321);
    });

    // extra questions have no data module yet: written as the schema has them
    const question = await db.value<number>(
      "INSERT INTO extra_questions (agency_id, service_id, kind, code, texts, required, position) VALUES (?, NULL, 'rating', 'kebersihan', ?, 1, 1) RETURNING id",
      [agencyId, JSON.stringify({ id: { label: 'Kebersihan' }, en: { label: 'Cleanliness' } })],
    );
    const textQuestion = await db.value<number>(
      "INSERT INTO extra_questions (agency_id, service_id, kind, code, texts, position) VALUES (?, ?, 'text', 'saran', ?, 2) RETURNING id",
      [agencyId, services[0] as number, JSON.stringify({ id: { label: 'Saran' }, en: { label: 'Suggestion' } })],
    );
    // an element text the agency reworded: the copy must carry it, not the migration's seed
    await db.run("UPDATE element_texts SET question = 'How quickly were you served? (reworded)' WHERE element_code = 'WAKTU' AND lang = 'en'");

    const rnd = random(20260105);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const days = ['2025-11-03', '2025-11-30', '2025-12-01', '2025-12-15', '2025-12-31', '2026-01-01', '2026-01-20', '2026-02-02', '2026-02-27'];
    // `responses` in all: the survey posts below, and ISSUE10_RESPONSES more further down
    for (let i = 0; i < opts.responses - ISSUE10_RESPONSES; i++) {
      const answers = Object.fromEntries(ELEMENT_CODES.map((c) => [c, rnd() < 0.08 ? null : 1 + Math.floor(rnd() * 4)])) as SurveySubmission['answers'];
      if (ELEMENT_CODES.every((c) => answers[c] === null)) answers.WAKTU = 3;
      const age = rnd() < 0.15 ? null : 17 + Math.floor(rnd() * 60);
      const maybe = <T>(xs: readonly T[]): T | 'na' | null => (rnd() < 0.1 ? null : rnd() < 0.05 ? 'na' : pick(xs));
      const s: SurveySubmission = {
        answers,
        profile: {
          gender: maybe(PROFILE_OPTIONS.gender),
          education: maybe(PROFILE_OPTIONS.education),
          occupation: maybe(PROFILE_OPTIONS.occupation),
          disability: maybe(PROFILE_OPTIONS.disability),
        },
        age,
        ageBand: age === null ? null : ageBand(age),
        comment: rnd() < 0.3 ? pick(COMMENTS) : null,
        idempotencyKey: rnd() < 0.7 ? `idem-${i.toString(36).padStart(16, '0')}` : null,
      };
      const localDate = pick(days);
      const { id } = await submitResponse(db, s, {
        serviceId: pick(services),
        channel: pick(CHANNELS),
        lang: rnd() < 0.8 ? 'id' : 'en',
        submittedAt: new Date(`${localDate}T0${Math.floor(rnd() * 10)}:${10 + Math.floor(rnd() * 50)}:07.${100 + (i % 900)}Z`),
        localDate,
      });
      if (i % 7 === 0) {
        await db.run('INSERT INTO response_extras (response_id, question_id, value_num, value_text) VALUES (?, ?, ?, NULL)', [
          id,
          Number(question),
          1 + (i % 4),
        ]);
      }
      if (i % 11 === 0) {
        await db.run('INSERT INTO response_extras (response_id, question_id, value_num, value_text) VALUES (?, ?, NULL, ?)', [
          id,
          Number(textQuestion),
          pick(COMMENTS),
        ]);
      }
    }

    // reach: a counter link (one revoked, one with an expiry) and a kiosk of two services, each with its
    // own kiosk counter; some responses came through them (written as the schema has them)
    const counterSql = 'INSERT INTO counters (service_id, place, kind, token, created_by, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id';
    const loket = await db.value<number>(counterSql, [
      services[0] as number,
      'Loket 2',
      'link',
      'tok-loket-2-aaaaaaaaaaaaaaaa',
      admin,
      '2027-01-01T00:00:00.000Z',
      null,
    ]);
    await db.value<number>(counterSql, [
      services[1] as number,
      'Kantor Desa Sukamaju',
      'link',
      'tok-desa-bbbbbbbbbbbbbbbbbbbbb',
      manager,
      null,
      '2026-02-01T03:04:05.678Z',
    ]);
    const kioskA = await db.value<number>(counterSql, [services[0] as number, 'Ruang tunggu', 'kiosk', null, admin, null, null]);
    const kioskB = await db.value<number>(counterSql, [services[1] as number, 'Ruang tunggu', 'kiosk', null, admin, null, null]);
    const kiosk = await db.value<number>('INSERT INTO kiosks (unit_id, place, token, pin_hash, created_by) VALUES (?, ?, ?, ?, ?) RETURNING id', [
      dinasA,
      'Ruang tunggu',
      'tok-kiosk-ccccccccccccccccccccc',
      HASH,
      admin,
    ]);
    await db.run('INSERT INTO kiosk_services (kiosk_id, service_id, counter_id, position) VALUES (?, ?, ?, 0), (?, ?, ?, 1)', [
      Number(kiosk),
      services[0] as number,
      Number(kioskA),
      Number(kiosk),
      services[1] as number,
      Number(kioskB),
    ]);
    await db.run("UPDATE responses SET counter_id = ? WHERE service_id = ? AND channel = 'qr'", [Number(loket), services[0] as number]);
    await db.run("UPDATE responses SET counter_id = ? WHERE service_id = ? AND channel = 'kiosk'", [Number(kioskB), services[1] as number]);

    await db.transaction(async (tx) => {
      const actor = { userId: admin, email: 'admin@uji.go.id' };
      await recordAudit(tx, actor, 'create', { kind: 'unit', id: dinasB, code: 'dinas-b' }, { after: { name_id: 'Dinas B', target_ikm: 76.5 } });
      await recordAudit(tx, actor, 'update', { kind: 'unit', id: dinasB, code: 'dinas-b' }, { before: { parent_id: root }, after: { parent_id: sekretariat } });
      await recordAudit(tx, null, 'republish', { kind: 'period', code: '2025-11' }, { months: ['2025-11'], note: 'ünïcödé "quoted" ?' });
      await recordAudit(tx, actor, 'revoke', { kind: 'token', id: revoked.id });
    });
    await freezeMonths(db, services, ['2025-11', '2025-12'], '2026-01-02T01:02:03.456Z');
    // a follow-up plan (one action done, one open) and an edited report chapter (migration 015)
    const rtl = {
      element: 'WAKTU',
      activity: 'Antrean daring "baru"',
      person: 'Rina',
      responsible: 'Bidang Pelayanan',
      plannedQuarter: '2026-Q1',
      evidenceNote: '',
      evidenceUrl: '',
    };
    await addAction(
      db,
      { kind: 'service', id: services[0] as number },
      '2025-Q4',
      { ...rtl, status: 'done', doneDate: '2026-02-03', evidenceUrl: 'https://uji.go.id/b' },
      admin,
    );
    await addAction(db, { kind: 'unit', id: dinasA }, '2025-Q4', { ...rtl, element: 'SARANA', status: 'in_progress', doneDate: null }, null);
    await saveDraft(db, { kind: 'agency', id: root }, '2025-Q4', 'introduction', 'id', 'Pendahuluan yang disunting.\n\nParagraf kedua – ünïcödé.', admin);
    // the publication log (a unit's and a service's) and a republication with its reason
    await db.transaction(async (tx) => {
      const q4 = { period: '2025-Q4', periodFrom: '2025-10-01', periodTo: '2025-12-31', createdBy: admin };
      await addPublication(tx, {
        ...q4,
        scope: { unitId: dinasA },
        channel: 'website',
        electronic: true,
        publishedOn: '2026-01-05',
        url: 'https://uji.go.id/skm?t=1&x="q"',
        note: null,
      });
      await addPublication(tx, {
        ...q4,
        scope: { serviceId: services[0] as number },
        channel: 'other',
        electronic: false,
        publishedOn: '2026-01-06',
        url: null,
        note: 'Radio ünïcödé "FM" ?',
      });
      await recordRepublication(tx, {
        period: '2025-11',
        monthFrom: '2025-11',
        monthTo: '2025-11',
        at: '2026-01-03T04:05:06.789Z',
        reason: 'late kiosk answers included',
        createdBy: admin,
      });
    });

    // issue 10 (migration 013): an end state, an officer's phone entry, a visit without ratings, two
    // suspicious responses (one excluded, one kept: totals follow), and an import waiting (not copied)
    const none = Object.fromEntries(ELEMENT_CODES.map((c) => [c, null])) as SurveySubmission['answers'];
    const plain = {
      profile: { gender: 'P', education: null, occupation: null, disability: 'yes' },
      age: 70,
      ageBand: '65plus',
      comment: null,
      idempotencyKey: null,
    };
    const svc = services[0] as number;
    await storeEntry(
      db,
      { submission: { ...plain, answers: { ...none, WAKTU: 2 }, endState: 'partial' }, way: 'phone', date: '2026-02-02' },
      {
        serviceId: svc,
        officerId: admin,
        lang: 'id',
        enteredAt: new Date('2026-02-03T02:00:00.000Z'),
      },
    );
    const at = { serviceId: svc, channel: 'link' as const, lang: 'id', submittedAt: new Date('2026-02-27T03:00:00.000Z'), localDate: '2026-02-27' };
    await storeSubmission(db, { ...plain, answers: none, endState: 'not_served', comment: 'Loket tutup "lebih awal" – ünïcödé' }, at);
    for (const key of ['flood-aaaaaaaaaaaaaaaa', 'flood-bbbbbbbbbbbbbbbb']) {
      await storeSubmission(db, { ...plain, answers: { ...none, SARANA: 1 }, idempotencyKey: key }, { ...at, suspicion: 'client_burst' });
    }
    const flagged = await db.all<{ id: number }>('SELECT id FROM responses WHERE suspicion IS NOT NULL ORDER BY id');
    const actor = { userId: admin, email: 'admin@uji.go.id' };
    await decide(db, actor, 'response', Number(flagged[0]?.id), 'exclude', services);
    await decide(db, actor, 'response', Number(flagged[1]?.id), 'restore', services);
    await savePendingUpload(db, { id: 'u'.repeat(22), userId: admin, serviceId: svc, fileName: 'kertas.csv', rows: [] }, 1_767_225_600_000, 4_102_444_800_000);

    await ensureSetting(db, 'session_secret', () => 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA');
    await insertSession(db, {
      id_hash: 'a'.repeat(64),
      user_id: admin,
      csrf_token: 'csrf',
      created_at: 1_767_225_600_000,
      last_seen_at: 1_767_225_600_000,
      expires_at: 1_767_254_400_000,
      absolute_expires_at: 1_767_268_800_000,
    });
    await countSignInFailure(db, 'b'.repeat(64), 1_767_225_600_000, { maxFailures: 5, windowMs: 900_000, lockMs: 900_000 });
  } finally {
    await db.close();
  }
}
