import { pgDatabases } from '../helpers/pg.js';
import { reportPublishedContract } from '../helpers/report-published-contract.js';

// The report of a published period, kept as published (issue 11), on PostgreSQL.
reportPublishedContract('PostgreSQL', pgDatabases());
