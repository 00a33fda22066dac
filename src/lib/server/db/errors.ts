// What the driver says about a failed query, read off the errors Prisma wraps around it.

export interface PrismaLikeError {
	code?: string;
	meta?: { driverAdapterError?: { cause?: { originalCode?: string } } };
}

/**
 * PostgreSQL's SQLSTATE for an error a query raised, if it came from the server: Prisma's driver adapter
 * keeps it on the error it wraps (as P2010 for raw queries, P20xx for the others).
 */
export function sqlStateOf(error: unknown): string | null {
	return (error as PrismaLikeError | null)?.meta?.driverAdapterError?.cause?.originalCode ?? null;
}
