import { exportsContract } from '../helpers/exports-contract.js';
import { pgDatabases } from '../helpers/pg.js';

// The paged reads behind the exports, and the files through the app, on PostgreSQL: each test in its own migrated schema.
exportsContract('PostgreSQL', pgDatabases());
