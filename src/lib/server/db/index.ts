// The Prisma client over node-postgres (no Prisma engines). One client per process, made on first use so
// that `vite build` never touches a database.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, Prisma } from './generated/client';

export { Prisma };
export type Db = PrismaClient;
/** A client inside an interactive transaction. */
export type Tx = Prisma.TransactionClient;

export function createDb(databaseUrl: string, poolSize = 10): Db {
	return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: poolSize }) });
}
