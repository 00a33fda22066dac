#!/bin/sh
# Stand-in for Prisma's native schema engine, which cannot be downloaded here. `prisma generate` only
# needs the path to exist; migrations go through scripts/db-migration.js and scripts/db-migrate.js.
echo "The native Prisma schema engine is not used in this project: use npm run db:migration / db:migrate." >&2
exit 1
