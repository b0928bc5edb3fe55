import { kioskContract } from '../helpers/kiosk-contract.js';
import { pgDatabases } from '../helpers/pg.js';

// Each test gets its own migrated schema; two resent answers really race on the pool.
kioskContract('PostgreSQL', pgDatabases({ max: 4 }));
