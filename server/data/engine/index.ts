export { dialect, type Database, type Queryable } from './types.js';
export { inList } from './sql.js';
export { PostgresDatabase } from './postgres.js';
export { SqliteDatabase } from './sqlite.js';
export { countersOf } from './counters.js';
