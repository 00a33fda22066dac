import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';

// The CLI is used only for `prisma generate`, which needs no engine but insists on a path to one; the
// native engine cannot be downloaded here. Migrations are run by scripts/db-migrate.js instead.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(
	new URL('./scripts/no-schema-engine.sh', import.meta.url)
);

export default defineConfig({
	schema: 'prisma/schema.prisma',
	migrations: { path: 'prisma/migrations' }
});
