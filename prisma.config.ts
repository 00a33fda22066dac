import { defineConfig } from 'prisma/config';

// The CLI is used only for `prisma generate`; migrations are run by scripts/db-migrate.js.
export default defineConfig({
	schema: 'prisma/schema.prisma',
	migrations: { path: 'prisma/migrations' }
});
