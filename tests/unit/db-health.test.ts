// The app's view of whether its database answers: which errors mean "unreachable", the probe that notices
// it is back, and the exit (for a supervisor) when it stays away too long.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DatabaseHealth, isUnavailableError } from '$lib/server/db/health';

const adapterError = (cause: Record<string, unknown>, code = 'P2010') => ({
	code,
	meta: { driverAdapterError: { name: 'DriverAdapterError', cause } }
});

describe('isUnavailableError', () => {
	it.each([
		['the server killed under a connection', adapterError({ originalCode: '57P01', kind: 'postgres' })],
		['the server starting up', adapterError({ originalCode: '57P03', kind: 'postgres' })],
		['a connection failure', adapterError({ originalCode: '08006', kind: 'postgres' })],
		['nobody listening', adapterError({ kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 1 })],
		["Prisma's can't reach", { code: 'P1001', message: "Can't reach database server" }],
		['a refused socket', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
		['a dropped connection', new Error('Connection terminated unexpectedly')]
	])('%s: unavailable', (_name, error) => {
		expect(isUnavailableError(error)).toBe(true);
	});

	it.each([
		['a NUL in text', adapterError({ originalCode: '22021', kind: 'postgres' }, 'P2039')],
		['a unique violation', { code: 'P2002' }],
		['a deadlock', adapterError({ originalCode: '40P01', kind: 'postgres' })],
		['a plain bug', new TypeError('x is undefined')],
		['nothing', null]
	])('%s: not unavailable', (_name, error) => {
		expect(isUnavailableError(error)).toBe(false);
	});
});

describe('DatabaseHealth', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	const make = (probe: () => Promise<unknown>) => {
		const exits: number[] = [];
		const health = new DatabaseHealth({
			probe,
			exitAfterMs: 10_000,
			probeEveryMs: 1_000,
			log: () => {},
			exit: (code) => exits.push(code)
		});
		return { health, exits };
	};

	it('is down after an unavailable error, probes every second, and is up once the probe answers', async () => {
		let answers = false;
		const probe = vi.fn(async () => {
			if (!answers) throw new Error('ECONNREFUSED');
		});
		const { health, exits } = make(probe);
		expect(health.report(new TypeError('a bug'))).toBe(false);
		expect(health.isDown).toBe(false);
		expect(health.report({ code: 'P1001' })).toBe(true);
		expect(health.isDown).toBe(true);
		await vi.advanceTimersByTimeAsync(3_000);
		expect(probe).toHaveBeenCalledTimes(3);
		answers = true;
		await vi.advanceTimersByTimeAsync(1_000);
		expect(health.isDown).toBe(false);
		await vi.advanceTimersByTimeAsync(20_000);
		expect(probe).toHaveBeenCalledTimes(4);
		expect(exits).toEqual([]);
	});

	it('exits non-zero once the database has stayed away longer than allowed, and only once', async () => {
		const { health, exits } = make(async () => {
			throw new Error('ECONNREFUSED');
		});
		health.markDown();
		await vi.advanceTimersByTimeAsync(9_000);
		expect(exits).toEqual([]);
		await vi.advanceTimersByTimeAsync(3_000);
		expect(exits).toEqual([1]);
		await vi.advanceTimersByTimeAsync(30_000);
		expect(exits).toEqual([1]);
	});

	it('an embedded server back before the probe runs is up at once; stop ends the probing', async () => {
		const probe = vi.fn(async () => {
			throw new Error('down');
		});
		const { health, exits } = make(probe);
		health.markDown();
		health.markUp();
		expect(health.isDown).toBe(false);
		health.markDown();
		health.stop();
		await vi.advanceTimersByTimeAsync(60_000);
		expect(probe).not.toHaveBeenCalled();
		expect(exits).toEqual([]);
	});

	it('watching, notices a database that went away while nobody asked, and ignores other failures', async () => {
		let failure: unknown = null;
		const probe = vi.fn(async () => {
			if (failure) throw failure;
		});
		const health = new DatabaseHealth({
			probe,
			exitAfterMs: 60_000,
			watchEveryMs: 15_000,
			log: () => {},
			exit: () => {}
		});
		health.watch();
		await vi.advanceTimersByTimeAsync(30_000);
		expect(probe).toHaveBeenCalledTimes(2);
		failure = new Error('password authentication failed');
		await vi.advanceTimersByTimeAsync(15_000);
		expect(health.isDown).toBe(false);
		failure = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
		await vi.advanceTimersByTimeAsync(15_000);
		expect(health.isDown).toBe(true);
		failure = null;
		await vi.advanceTimersByTimeAsync(1_000);
		expect(health.isDown).toBe(false);
		health.stop();
	});
});
