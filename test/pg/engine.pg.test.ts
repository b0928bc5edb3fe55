import { engineContract } from '../helpers/engine-contract.js';
import { pgDatabases } from '../helpers/pg.js';

// Each test gets its own schema in the test database (DATABASE_URL), with the adapter's own pool.
engineContract('PostgreSQL', pgDatabases({ migrate: false }));
