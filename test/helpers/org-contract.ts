import { beforeEach, describe, expect, it } from 'vitest';
import { countAudit, lastAuditId, listAudit, recordAudit } from '../../server/data/audit.js';
import { agencyTimeZone, getAgency } from '../../server/data/agency.js';
import type { Database } from '../../server/data/engine/index.js';
import { listPopulations, ownPopulation, servicesPopulation, setPopulation } from '../../server/data/populations.js';
import { ownTargetProfiles, setTargetProfile } from '../../server/data/profiles.js';
import { createService, getServiceByCode, listServices, serviceCodeTaken, subtreeServiceIds, updateService } from '../../server/data/services.js';
import { setPublished, setTarget } from '../../server/data/targets.js';
import {
  activeChildren,
  createUnit,
  getUnit,
  getUnitByCode,
  listUnits,
  rootUnit,
  subtreeUnitIds,
  unitChain,
  unitCodeTaken,
  updateUnit,
} from '../../server/data/units.js';
import { updateServiceAudited } from '../../server/manage/services/changes.js';
import { setPopulationAudited } from '../../server/manage/settings/changes.js';
import { createUnitAudited } from '../../server/manage/units/changes.js';

const actor = { userId: 7, email: 'admin@uji.go.id' };

/**
 * The organisation's data (units, services, targets, profiles, populations, the audit log) and the
 * audited management writes, run against each engine. `open` gives a fresh, migrated, empty database.
 */
export function orgContract(name: string, open: () => Promise<Database>): void {
  describe(`organisation data: ${name}`, () => {
    let db: Database;
    let root: number;
    let unit: number;
    let service: number;
    beforeEach(async () => {
      db = await open();
      const agencyId = Number(
        await db.value("INSERT INTO agencies (code, name_id, name_en, time_zone) VALUES ('uji', 'Kabupaten Uji', 'Uji Regency', 'Asia/Makassar') RETURNING id"),
      );
      root = await createUnit(db, { agencyId, parentId: null, code: 'pemkab', nameId: 'Pemkab', nameEn: 'Regency' });
      unit = await createUnit(db, { agencyId, parentId: root, code: 'dukcapil', nameId: 'Dukcapil', nameEn: 'Registry', position: 1 });
      service = await createService(db, { unitId: unit, code: 'ktp', nameId: 'KTP', nameEn: 'ID card', embedOrigins: 'https://a.go.id' });
      return () => db.close();
    });

    it('creates and reads units and services, with their ids, flags and subtree', async () => {
      expect((await getAgency(db))?.code).toBe('uji');
      expect(await agencyTimeZone(db)).toBe('Asia/Makassar');
      const sub = await createUnit(db, { agencyId: (await getAgency(db))!.id, parentId: unit, code: 'loket', nameId: 'Loket', nameEn: 'Desk', active: false });
      expect(await getUnit(db, unit)).toEqual({
        id: unit,
        parent_id: root,
        code: 'dukcapil',
        name_id: 'Dukcapil',
        name_en: 'Registry',
        active: 1,
        published: 0,
        target_ikm: null,
        position: 1,
      });
      expect((await getUnitByCode(db, 'loket'))?.active).toBe(0);
      expect(await getUnitByCode(db, 'nope')).toBeUndefined();
      expect((await listUnits(db)).map((u) => u.code)).toEqual(['pemkab', 'loket', 'dukcapil']);
      expect((await subtreeUnitIds(db, unit)).sort((a, b) => a - b)).toEqual([unit, sub].sort((a, b) => a - b));
      expect((await subtreeUnitIds(db, root)).length).toBe(3);
      expect(await rootUnit(db)).toEqual({ id: root, code: 'pemkab' });
      expect(await subtreeServiceIds(db, root)).toEqual([service]);
      expect(await subtreeServiceIds(db, sub)).toEqual([]);
      expect(await activeChildren(db, unit)).toBe(1); // the service; the sub-unit is inactive
      expect(await activeChildren(db, root)).toBe(1);
      expect(await unitCodeTaken(db, 'dukcapil')).toBe(true);
      expect(await unitCodeTaken(db, 'dukcapil', unit)).toBe(false);
      expect(await unitCodeTaken(db, 'dukcapil', root)).toBe(true);
      expect(await unitCodeTaken(db, 'baru')).toBe(false);

      await updateUnit(db, unit, { parentId: root, code: 'capil', nameId: 'Capil', nameEn: 'Civil', active: true, published: true, targetIkm: 82.5 });
      expect(await getUnit(db, unit)).toMatchObject({ code: 'capil', published: 1, target_ikm: 82.5 });

      expect(await getServiceByCode(db, 'ktp')).toEqual({
        id: service,
        unit_id: unit,
        code: 'ktp',
        name_id: 'KTP',
        name_en: 'ID card',
        active: 1,
        published: 0,
        target_ikm: null,
        embed_origins: 'https://a.go.id',
        position: 0,
        ask_end_state: 0,
      });
      await updateService(db, service, {
        unitId: sub,
        code: 'ktp-el',
        nameId: 'KTP-el',
        nameEn: 'e-ID',
        active: false,
        published: true,
        targetIkm: 90,
        embedOrigins: '',
      });
      expect(await getServiceByCode(db, 'ktp-el')).toMatchObject({ unit_id: sub, active: 0, published: 1, target_ikm: 90, embed_origins: '' });
      expect(await serviceCodeTaken(db, 'ktp-el')).toBe(true);
      expect(await serviceCodeTaken(db, 'ktp-el', service)).toBe(false);
      expect((await listServices(db)).map((s) => s.id)).toEqual([service]);
    });

    it('sets targets and published flags on units and services', async () => {
      await setTarget(db, { unitId: unit }, 80);
      await setTarget(db, { serviceId: service }, 88.25);
      await setPublished(db, { serviceId: service }, true);
      expect(await getUnit(db, unit)).toMatchObject({ target_ikm: 80, published: 0 });
      expect(await getServiceByCode(db, 'ktp')).toMatchObject({ target_ikm: 88.25, published: 1 });
      expect(await unitChain(db, unit)).toEqual([
        { id: unit, parent_id: root, target_ikm: 80 },
        { id: root, parent_id: null, target_ikm: null },
      ]);
      await setTarget(db, { unitId: unit }, null);
      expect((await getUnit(db, unit))?.target_ikm).toBeNull();
    });

    it('keeps the profiles and populations of a unit and of a service apart', async () => {
      await db.transaction(async (tx) => {
        await setTargetProfile(tx, { unitId: unit }, 'gender', { L: 0.5, P: 0.5 });
        await setTargetProfile(tx, { serviceId: service }, 'gender', { L: 0.25, P: 0.75 });
        await setTargetProfile(tx, { serviceId: service }, 'disability', { yes: 0.1, no: 0.9 });
      });
      expect(await ownTargetProfiles(db, { unitId: unit })).toEqual({ gender: { L: 0.5, P: 0.5 } });
      expect(await ownTargetProfiles(db, { serviceId: service })).toEqual({ gender: { L: 0.25, P: 0.75 }, disability: { yes: 0.1, no: 0.9 } });
      await db.transaction((tx) => setTargetProfile(tx, { serviceId: service }, 'gender', {}));
      expect(await ownTargetProfiles(db, { serviceId: service })).toEqual({ disability: { yes: 0.1, no: 0.9 } });
      expect(await ownTargetProfiles(db, { unitId: root })).toEqual({});

      await db.transaction(async (tx) => {
        await setPopulation(tx, { unitId: unit }, '2026-01-01', '2026-12-31', 12000);
        await setPopulation(tx, { serviceId: service }, '2026-01-01', '2026-12-31', 5000);
        await setPopulation(tx, { serviceId: service }, '2026-07-01', '2026-09-30', 1500);
        await setPopulation(tx, { serviceId: service }, '2026-07-01', '2026-09-30', 1600);
      });
      expect(await ownPopulation(db, { unitId: unit }, '2026-01-01', '2026-12-31')).toBe(12000);
      expect(await ownPopulation(db, { serviceId: service }, '2026-01-01', '2026-12-31')).toBe(5000);
      expect(await ownPopulation(db, { unitId: root }, '2026-01-01', '2026-12-31')).toBeUndefined();
      expect(await listPopulations(db, { serviceId: service })).toEqual([
        { period_from: '2026-07-01', period_to: '2026-09-30', population: 1600 },
        { period_from: '2026-01-01', period_to: '2026-12-31', population: 5000 },
      ]);
      await db.transaction((tx) => setPopulation(tx, { serviceId: service }, '2026-07-01', '2026-09-30', null));
      expect(await ownPopulation(db, { serviceId: service }, '2026-07-01', '2026-09-30')).toBeUndefined();
      expect(await listPopulations(db, { unitId: unit })).toHaveLength(1);
      expect(await servicesPopulation(db, [service], '2026-01-01', '2026-12-31')).toBe(5000);
      expect(await servicesPopulation(db, [service, service + 1], '2026-01-01', '2026-12-31')).toBe(5000);
      expect(await servicesPopulation(db, [service], '2026-07-01', '2026-09-30')).toBeNull();
      expect(await servicesPopulation(db, [], '2026-01-01', '2026-12-31')).toBeNull();
    });

    it('lists and counts the audit log, newest first, by kind', async () => {
      expect(await lastAuditId(db)).toBe(0);
      const first = await db.transaction((tx) =>
        recordAudit(tx, actor, 'create', { kind: 'unit', id: unit, code: 'dukcapil' }, { after: { code: 'dukcapil' } }),
      );
      const second = await db.transaction((tx) => recordAudit(tx, null, 'update', { kind: 'service', id: service }));
      expect(second).toBeGreaterThan(first);
      expect(await lastAuditId(db)).toBe(second);
      expect(await countAudit(db)).toBe(2);
      expect(await countAudit(db, 'unit')).toBe(1);
      expect(await countAudit(db, 'token')).toBe(0);
      const rows = await listAudit(db, { limit: 10, offset: 0 });
      expect(rows.map((r) => r.id)).toEqual([second, first]);
      expect(rows[1]).toMatchObject({
        user_id: 7,
        user_email: 'admin@uji.go.id',
        action: 'create',
        entity_kind: 'unit',
        entity_id: unit,
        entity_code: 'dukcapil',
      });
      expect(JSON.parse(rows[1]!.details)).toEqual({ after: { code: 'dukcapil' } });
      expect(rows[0]).toMatchObject({ user_id: null, entity_code: null, details: '{}' });
      expect((await listAudit(db, { kind: 'service', limit: 10, offset: 0 })).map((r) => r.id)).toEqual([second]);
      expect((await listAudit(db, { limit: 1, offset: 1 })).map((r) => r.id)).toEqual([first]);
    });

    it('writes a management change and its audit row together, or neither', async () => {
      const id = await createUnitAudited(db, actor, {
        parentId: unit,
        code: 'loket',
        nameId: 'Loket',
        nameEn: 'Desk',
        active: false,
        published: true,
        targetIkm: null,
      });
      expect(await getUnit(db, id)).toMatchObject({ parent_id: unit, active: 0, published: 1 });
      const [row] = await listAudit(db, { limit: 1, offset: 0 });
      expect(row).toMatchObject({ action: 'create', entity_kind: 'unit', entity_id: id, entity_code: 'loket' });
      expect(JSON.parse(row!.details)).toMatchObject({ after: { parent: 'dukcapil', active: false } });

      const before = (await getServiceByCode(db, 'ktp'))!;
      const same = {
        unitId: unit,
        code: 'ktp',
        nameId: 'KTP',
        nameEn: 'ID card',
        active: true,
        published: false,
        targetIkm: null,
        embedOrigins: 'https://a.go.id',
      };
      expect(await updateServiceAudited(db, actor, before, same)).toBe(false);
      expect(await updateServiceAudited(db, actor, before, { ...same, unitId: id, targetIkm: 85 })).toBe(true);
      const [changed] = await listAudit(db, { kind: 'service', limit: 1, offset: 0 });
      expect(JSON.parse(changed!.details)).toEqual({ before: { unit: 'dukcapil', target_ikm: null }, after: { unit: 'loket', target_ikm: 85 } });

      // a population below zero breaks a CHECK: the audit row written before it in the transaction goes too
      const audited = await countAudit(db);
      const ref = { owner: { serviceId: service }, kind: 'service' as const, id: service, code: 'ktp' };
      await setPopulationAudited(db, actor, ref, { from: '2026-01-01', to: '2026-12-31', before: null, population: 100 });
      await expect(setPopulationAudited(db, actor, ref, { from: '2026-01-01', to: '2026-03-31', before: null, population: -1 })).rejects.toThrow();
      expect(await countAudit(db)).toBe(audited + 1);
      expect(await listPopulations(db, { serviceId: service })).toEqual([{ period_from: '2026-01-01', period_to: '2026-12-31', population: 100 }]);
    });

    it('keeps concurrent audited changes whole: each change with its own audit row', async () => {
      const ref = { owner: { unitId: unit }, kind: 'unit' as const, id: unit, code: 'dukcapil' };
      const months = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0'));
      await Promise.all([
        ...months.map((m) => setPopulationAudited(db, actor, ref, { from: `2026-${m}-01`, to: `2026-${m}-28`, before: null, population: Number(m) * 10 })),
        ...months.map((m) =>
          createUnitAudited(db, actor, { parentId: root, code: `u${m}`, nameId: m, nameEn: m, active: true, published: false, targetIkm: null }),
        ),
      ]);
      expect(await listPopulations(db, { unitId: unit })).toHaveLength(12);
      expect(await countAudit(db, 'unit')).toBe(24);
      const rows = await listAudit(db, { kind: 'unit', limit: 50, offset: 0 });
      const created = rows.filter((r) => r.action === 'create');
      expect(created.map((r) => r.entity_code).sort()).toEqual(months.map((m) => `u${m}`));
      for (const r of created) expect((await getUnit(db, r.entity_id!))?.code).toBe(r.entity_code);
      const set = rows
        .filter((r) => r.action === 'population_set')
        .map((r) => JSON.parse(r.details) as { period: { from: string }; after: { population: number } });
      expect(set.map((d) => [d.period.from, d.after.population]).sort()).toEqual(months.map((m) => [`2026-${m}-01`, Number(m) * 10]).sort());
    });
  });
}
