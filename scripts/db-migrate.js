// @ts-check
// npm run db:migrate — applies pending SQL migrations from prisma/migrations.
import { applyMigrations } from '../src/lib/server/db/migrations.js';
import { withDatabase } from './database.js';

const applied = await withDatabase((url) => applyMigrations(url, { log: console.log }));
console.log(applied.length ? `${applied.length} migration(s) applied.` : 'The database is up to date.');
process.exit(0);
