// Whether the database answers, as the running app sees it: a failed query tells, and so does a probe
// every `watchEveryMs` while all is quiet. While it does not answer (PostgreSQL restarting, an external
// server unreachable), requests are answered 503 with a Retry-After hint instead of 500s, and the probe
// asks every second until it answers again. Down for longer than `exitAfterMs`, the app exits non-zero,
// so that whatever supervises it (systemd, a container runtime) notices and starts it again.
import pg from 'pg';
import { sqlStateOf } from './errors';

/** PostgreSQL SQLSTATEs that mean "the server is not there right now", not "your query is wrong". */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** Prisma's codes for the same. */
const UNAVAILABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** The driver adapter's kinds for the same. */
const UNAVAILABLE_KINDS = new Set([
	'DatabaseNotReachable',
	'ConnectionClosed',
	'SocketTimeout',
	'TooManyConnections'
]);

interface MaybeDatabaseError {
	code?: unknown;
	message?: unknown;
	meta?: { driverAdapterError?: { cause?: { kind?: string } } };
}

/** Whether an error means the database cannot be reached (as opposed to refusing a query). */
export function isUnavailableError(error: unknown): boolean {
	if (!error || typeof error !== 'object') return false;
	const { code, message, meta } = error as MaybeDatabaseError;
	const state = sqlStateOf(error);
	if (state && (state.startsWith('08') || UNAVAILABLE_STATES.has(state))) return true;
	if (
		typeof code === 'string' &&
		(UNAVAILABLE_CODES.has(code) || /^E(CONNREFUSED|CONNRESET|PIPE)$/.test(code))
	)
		return true;
	if (UNAVAILABLE_KINDS.has(meta?.driverAdapterError?.cause?.kind ?? '')) return true;
	return typeof message === 'string' && /Connection terminated|connection timeout/i.test(message);
}

/** Asks the database at `url` for `SELECT 1` on a connection of its own (not a pool's, which may be stale). */
export async function ping(url: string | undefined): Promise<void> {
	if (!url) throw new Error('No database yet.');
	const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
	client.on('error', () => {});
	try {
		await client.connect();
		await client.query('SELECT 1');
	} finally {
		await client.end().catch(() => {});
	}
}

export interface HealthOptions {
	/** A query that succeeds when the database answers. */
	probe: () => Promise<unknown>;
	/** Down this long: exit non-zero. */
	exitAfterMs: number;
	probeEveryMs?: number;
	/** How often the probe runs while the database answers (0: never; failed queries still tell). */
	watchEveryMs?: number;
	log?: (message: string) => void;
	exit?: (code: number) => void;
}

/** Seconds a client is told to wait before trying again while the database is down. */
export const RETRY_AFTER_SECONDS = 5;

export class DatabaseHealth {
	#downSince: number | null = null;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#stopped = false;
	readonly #options: Required<HealthOptions>;

	constructor(options: HealthOptions) {
		this.#options = {
			probeEveryMs: 1_000,
			watchEveryMs: 0,
			log: (message) => console.error(message),
			exit: (code) => process.exit(code),
			...options
		};
	}

	get isDown(): boolean {
		return this.#downSince !== null;
	}

	/** Reports an error a query raised: true (and the database counts as down) if it means unreachable. */
	report(error: unknown): boolean {
		if (!isUnavailableError(error)) return false;
		this.markDown();
		return true;
	}

	markDown(): void {
		if (this.#downSince !== null || this.#stopped) return;
		this.#downSince = Date.now();
		this.#options.log('The database is not answering: answering 503 until it is back.');
		this.#schedule();
	}

	markUp(): void {
		if (this.#downSince === null) return;
		const seconds = ((Date.now() - this.#downSince) / 1000).toFixed(1);
		this.#downSince = null;
		this.#options.log(`The database answers again (after ${seconds} s).`);
		this.#schedule();
	}

	/** Starts watching while all is well (see `watchEveryMs`). */
	watch(): void {
		if (this.#downSince === null) this.#schedule();
	}

	stop(): void {
		this.#stopped = true;
		clearTimeout(this.#timer);
	}

	#schedule(): void {
		clearTimeout(this.#timer);
		if (this.#stopped) return;
		const down = this.#downSince !== null;
		if (!down && this.#options.watchEveryMs === 0) return;
		const delay = down ? this.#options.probeEveryMs : this.#options.watchEveryMs;
		this.#timer = setTimeout(() => void this.#check(), delay);
		this.#timer.unref?.();
	}

	async #check(): Promise<void> {
		if (this.#stopped) return;
		try {
			await this.#options.probe();
			if (this.#downSince !== null) this.markUp();
			else this.#schedule();
			return;
		} catch (error) {
			if (this.#downSince === null) {
				// All seemed well: down only if the probe could not reach it (not for, say, a bad password).
				if (isUnavailableError(error)) this.markDown();
				else this.#schedule();
				return;
			}
		}
		const down = Date.now() - this.#downSince;
		if (down > this.#options.exitAfterMs) {
			this.#options.log(
				`The database has not answered for ${Math.round(down / 1000)} s: exiting, so that the app is started again.`
			);
			this.#stopped = true;
			this.#options.exit(1);
			return;
		}
		this.#schedule();
	}
}
