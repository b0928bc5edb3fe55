import { publicationContract } from '../helpers/publication-contract.js';
import { pgDatabases } from '../helpers/pg.js';

// The publication log and republications (migration 014) on PostgreSQL: each test in its own migrated schema.
publicationContract('PostgreSQL', pgDatabases());
