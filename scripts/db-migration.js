// @ts-check
// npm run db:migration -- NAME — writes a migration from the difference between the last migration's
// schema snapshot and prisma/schema.prisma. Review the SQL (and add what Prisma cannot express, such as
// CHECK constraints) before committing it.
import { createMigration } from '../src/lib/server/db/migrations.js';
import { withDatabase } from './database.js';

const name = process.argv[2];
if (!name) {
	console.error('Usage: npm run db:migration -- NAME   (NAME: a-z, 0-9 and _)');
	process.exit(2);
}
const folder = await withDatabase((url) => createMigration(url, name));
console.log(
	folder ? `Wrote ${folder}/migration.sql` : 'The schema has not changed since the last migration.'
);
process.exit(0);
