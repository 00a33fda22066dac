// The Prisma client over node-postgres (no Prisma engines). One client per process, made on first use so
// that `vite build` never touches a database.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, Prisma } from './generated/client';

export { Prisma };
export type Db = PrismaClient;
/** A client inside an interactive transaction. */
export type Tx = Prisma.TransactionClient;
/** A task's row, as lockTask reads it. */
export type { Task } from './generated/client';

export function createDb(databaseUrl: string, poolSize = 10): Db {
	return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: poolSize }) });
}
