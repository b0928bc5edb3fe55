import { followUpContract } from '../helpers/followup-contract.js';
import { pgDatabases } from '../helpers/pg.js';

// Follow-up plans and report drafts on PostgreSQL: each test in its own migrated schema.
followUpContract('PostgreSQL', pgDatabases());
