import { resultsContract } from '../helpers/results-contract.js';
import { pgDatabases } from '../helpers/pg.js';

// The read side of results on PostgreSQL: each test in its own migrated schema.
resultsContract('PostgreSQL', pgDatabases());
