import type { Database } from '../../server/data/engine/index.js';
import { createCounterLink, revokeCounter } from '../../server/data/counters.js';
import { createKiosk, revokeKiosk } from '../../server/data/kiosk-tokens.js';
import { createService } from '../../server/data/services.js';
import type { FuzzTargets } from './fuzz-requests.js';
import { seedLoadOrg } from './load.js';

/**
 * The agency the fuzz runs against: the load services (kk asks how the visit ended, akta is not
 * published), an inactive service, a counter link and a kiosk, each also revoked.
 */
export async function seedFuzzTargets(store: Database): Promise<FuzzTargets> {
  const { unitId, services } = await seedLoadOrg(store);
  await store.run("UPDATE services SET ask_end_state = 1 WHERE code = 'kk'");
  await store.run("UPDATE services SET published = 0 WHERE code = 'akta'");
  await createService(store, { unitId, code: 'lama', nameId: 'Layanan Lama', nameEn: 'Old service', active: false, published: true });
  const ktp = services.get('ktp')!;
  const kk = services.get('kk')!;
  const counter = await createCounterLink(store, { serviceId: ktp, place: 'Loket 1' });
  const oldCounter = await createCounterLink(store, { serviceId: kk, place: 'Loket 2' });
  await revokeCounter(store, oldCounter.id);
  const kiosk = await store.transaction((tx) => createKiosk(tx, { unitId, place: 'Lobi', serviceIds: [ktp, kk] }));
  const oldKiosk = await store.transaction((tx) => createKiosk(tx, { unitId, place: 'Lobi lama', serviceIds: [ktp] }));
  await revokeKiosk(store, oldKiosk.id);
  return { services: [...services.keys(), 'lama'], counters: [counter.token, oldCounter.token], kiosks: [kiosk.token, oldKiosk.token] };
}
