export { dialect, type Database } from './types.js';
export { PostgresDatabase } from './postgres.js';
export { SqliteDatabase } from './sqlite.js';
