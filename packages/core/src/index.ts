export { FicError, isFicError } from './errors.js';
export type { FicErrorCode, FicErrorOptions } from './errors.js';
export { openDatabase } from './db/open-database.js';
export type { FicDatabase, OpenDatabaseOptions } from './db/open-database.js';
export type * from './db/database-schema.js';
