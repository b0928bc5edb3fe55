import { submissionContract } from '../helpers/submissions.js';
import { pgDatabases } from '../helpers/pg.js';

// Each test gets its own migrated schema; the adapter's pool lets submissions really run concurrently.
submissionContract('PostgreSQL', pgDatabases({ max: 8 }));
