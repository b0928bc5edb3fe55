import { submissionContract } from '../helpers/submissions.js';
import { pgDatabases } from '../helpers/pg.js';
import { groupCommitContract } from '../helpers/group-commit-contract.js';

// Each test gets its own migrated schema; the adapter's pool lets submissions really run concurrently.
submissionContract('PostgreSQL', pgDatabases({ max: 8 }));
groupCommitContract('PostgreSQL', pgDatabases({ max: 8 }));
