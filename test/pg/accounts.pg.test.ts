import { accountsContract } from '../helpers/accounts-contract.js';
import { pgDatabases } from '../helpers/pg.js';

// Each test gets its own migrated schema in the test database (DATABASE_URL).
accountsContract('PostgreSQL', pgDatabases());
