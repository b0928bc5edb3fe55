import { orgContract } from '../helpers/org-contract.js';
import { pgDatabases } from '../helpers/pg.js';

// The organisation's data layer on PostgreSQL: each test in its own migrated schema.
orgContract('PostgreSQL', pgDatabases());
