// Bad input never answers 5xx and never changes anything. fast-check derives, from each procedure's own zod
// input schema, a realistic input (real ids of the world below, where the field names one) and then spoils
// it: a field gets NUL or another control character, a date outside PostgreSQL's range, a number past its
// column, an id of 36 dashes, a forged cursor, the wrong type; or the whole input is junk. Every procedure
// of the app router is called that way by someone signed out, the requester, the worker and an admin.
// Afterwards no table (sign-in throttles included) and no balance has changed, no answer was ≥ 500, and no
// input slipped past a schema to be refused by the database instead (the error net in trpc/init.ts warns).
import { randomUUID } from 'node:crypto';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPCError } from '@trpc/server';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { ZodType } from 'zod';
import type { PublicUser } from '$lib/server/auth/users';
import { appRouter } from '$lib/server/router';
import { createTestApp, type Caller, type TestApp } from './support/app';
import { chunkForm, pngBytes, sha256Hex, uploadFile } from './support/files';
import { ledgerAudit } from './support/ledger';
import { snapshot, withThrottles } from './support/snapshot';
import { taskInput } from './fixtures';

const RUNS = 2_400;

interface World {
	requester: PublicUser;
	worker: PublicUser;
	admin: PublicUser;
	/** Real ids by the field names that carry them. */
	ids: Record<string, string[]>;
}

let app: TestApp;
let world: World;

beforeAll(async () => {
	app = await createTestApp({
		BANK_NAME: 'China Merchants Bank',
		BANK_ACCOUNT_NAME: 'Jiedan Technology Co., Ltd.',
		BANK_ACCOUNT_NUMBER: '6214 8301 2345 6789'
	});
	const requester = await app.user({ displayName: 'Requester' });
	const worker = await app.user({ displayName: 'Worker' });
	const admin = await app.admin();
	const [R, W] = [app.as(requester), app.as(worker)];
	await app.fund(requester, 500_000n);
	await app.fund(worker, 50_000n);
	const open = await R.task.publish(taskInput({ bounty: 10_000n }));
	const claimed = await R.task.publish(taskInput({ bounty: 10_000n }));
	await W.task.claim({ taskId: claimed.id });
	const submitted = await R.task.publish(taskInput({ bounty: 10_000n }));
	await W.task.claim({ taskId: submitted.id });
	const file = (await uploadFile(W, pngBytes(30), 'work.png')).fileId;
	const handover = await W.handover.submit({ taskId: submitted.id, report: 'Done.', fileIds: [file] });
	const disputed = await R.task.publish(taskInput({ bounty: 10_000n }));
	await W.task.claim({ taskId: disputed.id });
	const dispute = await R.dispute.open({ taskId: disputed.id, statement: 'Nobody came to the site.' });
	const message = await W.message.send({ taskId: claimed.id, body: 'On my way.' });
	const withdrawal = await W.wallet.withdraw({ amount: 2_000n, destination: 'ICBC 6222 0000 1111' });
	const deposit = await R.wallet.deposit({ provider: 'bank_transfer', amount: 5_000n });
	const identity = (await uploadFile(W, pngBytes(31), 'id.png')).fileId;
	const verification = await W.verification.submit({ fileIds: [identity] });
	const bytes = pngBytes(300);
	const upload = await W.upload.begin({
		name: 'part.png',
		size: bytes.byteLength,
		type: 'image/png',
		sha256: sha256Hex(bytes)
	});
	await W.upload.chunk(chunkForm(upload.uploadId, 0, bytes.subarray(0, 64)));
	const notifications = await app.db.notification.findMany({ select: { id: true } });
	const accounts = await app.db.account.findMany({ select: { id: true } });
	const tasks = [open.id, claimed.id, submitted.id, disputed.id];
	world = {
		requester,
		worker,
		admin,
		ids: {
			taskId: tasks,
			id: tasks,
			handoverId: [handover.id],
			disputeId: [dispute.id],
			userId: [requester.id, worker.id, admin.id],
			actorId: [admin.id],
			withdrawalId: [withdrawal.id],
			depositId: [deposit.deposit.id],
			verificationId: [verification.id],
			uploadId: [upload.uploadId],
			fileIds: [file, identity],
			ids: notifications.map((n) => n.id),
			accountId: accounts.map((a) => a.id),
			messageId: [message.id]
		}
	};
}, 120_000);
afterAll(() => app.close());

// ---------------------------------------------------------------------------------------------------------
// Inputs from schemas
// ---------------------------------------------------------------------------------------------------------

/** zod 4 keeps each schema's shape on `_zod.def`; only what the generator needs is typed here. */
interface Def {
	type: string;
	shape?: Record<string, ZodType>;
	innerType?: ZodType;
	in?: ZodType;
	element?: ZodType;
	entries?: Record<string, string>;
	options?: ZodType[];
	format?: string;
	checks?: { _zod: { def: { check: string; minimum?: unknown; maximum?: unknown } } }[];
}
const defOf = (schema: ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;
const bound = (def: Def, check: string) => def.checks?.find((c) => c._zod.def.check === check)?._zod.def;

/** A value the leaf would accept: real ids where the field names them, small sane values elsewhere. */
function validValue(schema: ZodType, key: string): unknown {
	const def = defOf(schema);
	switch (def.type) {
		case 'object':
			return Object.fromEntries(
				Object.entries(def.shape ?? {}).map(([name, field]) => [name, validValue(field, name)])
			);
		case 'optional':
		case 'nullable':
		case 'default':
		case 'prefault':
			return validValue(def.innerType!, key);
		case 'pipe':
			return validValue(def.in!, key);
		case 'string': {
			if (def.format === 'uuid')
				return key === 'mutationId' ? randomUUID() : (world.ids[key]?.[0] ?? randomUUID());
			if (def.format === 'email') return 'someone@example.com';
			const min = Number(bound(def, 'min_length')?.minimum ?? 0);
			return 'valid text '.repeat(Math.ceil(Math.max(min, 1) / 11)).slice(0, Math.max(min, 11));
		}
		case 'number':
			return Number(bound(def, 'greater_than')?.minimum ?? 1);
		case 'bigint':
			return 1_000n;
		case 'date':
			return new Date();
		case 'boolean':
			return true;
		case 'enum':
			return Object.values(def.entries ?? {})[0];
		case 'array': {
			const element = defOf(def.element!);
			return element.format === 'uuid' && world.ids[key] ? world.ids[key].slice(0, 1) : [];
		}
		case 'record':
			return {};
		default:
			return undefined;
	}
}

const forgedKeyset = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const FORGED_CURSORS = [
	forgedKeyset(['2026-12-01T00:00:00.000Z', '-'.repeat(36)]),
	forgedKeyset(['0000-01-01T00:00:00.000Z', randomUUID()]),
	forgedKeyset(['newest', '-271821-04-20T00:00:00.000Z', randomUUID()]),
	forgedKeyset(['bounty', '9999999999999999999', randomUUID()]),
	forgedKeyset(['nearest', 1e300, randomUUID()]),
	forgedKeyset({ from: '5:3:', to: '5:3:', after: null }),
	forgedKeyset({ from: '0:0:', to: '1:2:', after: null }),
	forgedKeyset({ from: null, to: '1:99999999999999999999:', after: null }),
	forgedKeyset({ from: '1:5:7', to: '1:5:', after: ['99999999999999999999', randomUUID()] }),
	forgedKeyset({ from: '1:9:3,2', to: '1:9:', after: null }),
	`0000-01-01T00:00:00.000Z_${randomUUID()}`,
	`2026-12-01T00:00:00.000Z_${'-'.repeat(36)}`,
	'\u0000',
	'%%%',
	''
];

/** A spoiled value; `always`: no correct schema accepts it anywhere, so a mutation is called with it. */
interface Bad {
	value: unknown;
	always: boolean;
}
const always = (...values: unknown[]): Bad[] => values.map((value) => ({ value, always: true }));
/** Bad for most fields, fine for some (an optional note may be empty): mutations skip what they accept. */
const sometimes = (...values: unknown[]): Bad[] => values.map((value) => ({ value, always: false }));

const CONTROLS = ['\u0000', 'before\u0000after', 'bell\u0007', 'escape\u001b[31m', 'del\u007f'];
const BAD_STRINGS = [
	...always(...CONTROLS, 42, null, { nested: true }),
	...sometimes('\ud800 lone surrogate', '-'.repeat(36), 'x'.repeat(20_001), '', '   ')
];
const BAD_NUMBERS = [
	...always(Number.NaN, Number.POSITIVE_INFINITY, -1e308, 1e308, '5', null),
	...sometimes(-1, 2 ** 53 + 2, 2 ** 31, 0.5)
];
const BAD_BIGINTS = [
	...always(2n ** 63n, 2n ** 64n, 10n ** 30n, -(2n ** 63n) - 1n, 5, '5'),
	...sometimes(-1n, 0n)
];
const BAD_DATES = [
	...always(
		new Date('0000-01-01T00:00:00Z'),
		new Date(-8.64e15),
		new Date(8.64e15),
		new Date(Number.NaN),
		'2026-12-01',
		0
	),
	...sometimes(new Date('1900-01-01T00:00:00Z'))
];
const BAD_IDS = always(
	'-'.repeat(36),
	'not-an-id',
	`${randomUUID()}\u0000`,
	randomUUID().replace(/-/g, ''),
	7,
	null
);

/** Values the leaf refuses (or, for cursors, that only a cursor parser can tell are forged). */
function badValues(schema: ZodType, key: string): Bad[] {
	const def = defOf(schema);
	switch (def.type) {
		case 'optional':
		case 'nullable':
		case 'default':
		case 'prefault':
			return badValues(def.innerType!, key);
		case 'pipe':
			return badValues(def.in!, key);
		case 'string':
			if (def.format === 'uuid') return BAD_IDS;
			return key === 'cursor' ? [...sometimes(...FORGED_CURSORS), ...BAD_STRINGS] : BAD_STRINGS;
		case 'number':
			return BAD_NUMBERS;
		case 'bigint':
			return BAD_BIGINTS;
		case 'date':
			return BAD_DATES;
		case 'boolean':
			return always('true', 1, null);
		case 'enum':
			return always('NOT_A_VALUE', '', '\u0000', null, 3);
		case 'array':
			return [
				...always('not an array', [badValues(def.element!, key).find((bad) => bad.always)?.value ?? null]),
				...sometimes(Array.from({ length: 600 }, () => validValue(def.element!, key)))
			];
		case 'object':
		case 'record':
			return always(null, [], 'x', 12);
		default:
			return always(null, '\u0000');
	}
}

/** Every path to a leaf of the input's shape, with the leaf's schema. */
function leaves(schema: ZodType, path: string[] = []): { path: string[]; schema: ZodType }[] {
	const def = defOf(schema);
	if (['optional', 'nullable', 'default', 'prefault'].includes(def.type)) return leaves(def.innerType!, path);
	if (def.type === 'pipe') return leaves(def.in!, path);
	if (def.type === 'object') {
		return Object.entries(def.shape ?? {}).flatMap(([name, field]) => leaves(field, [...path, name]));
	}
	return [{ path, schema }];
}

function withValue(base: unknown, path: string[], value: unknown): unknown {
	if (path.length === 0) return value;
	const [head, ...rest] = path as [string, ...string[]];
	const object = (typeof base === 'object' && base !== null ? base : {}) as Record<string, unknown>;
	return { ...object, [head]: withValue(object[head], rest, value) };
}

interface Procedure {
	path: string;
	type: 'query' | 'mutation';
	input: ZodType | null;
}

const procedures: Procedure[] = Object.entries(
	appRouter._def.procedures as unknown as Record<
		string,
		{ _def: { type: 'query' | 'mutation'; inputs: ZodType[] } }
	>
).map(([path, procedure]) => ({ path, type: procedure._def.type, input: procedure._def.inputs[0] ?? null }));

/** `upload.chunk` takes multipart form data; its bad forms are made by hand. */
function badChunkForms(): FormData[] {
	const uploadId = world.ids.uploadId![0]!;
	const make = (fields: Record<string, string | Blob>) => {
		const form = new FormData();
		for (const [name, value] of Object.entries(fields)) form.set(name, value);
		return form;
	};
	const chunk = new Blob([new Uint8Array(10)]);
	return [
		make({ uploadId: '-'.repeat(36), offset: '64', chunk }),
		make({ uploadId, offset: '-1', chunk }),
		make({ uploadId, offset: '1e30', chunk }),
		make({ uploadId, offset: 'NaN', chunk }),
		make({ uploadId, offset: '9007199254740993', chunk }),
		make({ uploadId, offset: '64\u0000', chunk }),
		make({ uploadId, offset: '64', chunk: 'not a file' }),
		make({ uploadId, offset: '64' }),
		make({ uploadId: `${uploadId}\u0000`, offset: '64', chunk }),
		make({})
	];
}

interface Spoiled {
	input: unknown;
	how: string;
	/** Refused by any correct schema, so a mutation is called with it whatever its schema says. */
	alwaysBad: boolean;
}

const inputArbitrary = (procedure: Procedure): fc.Arbitrary<Spoiled> => {
	if (procedure.path === 'upload.chunk') {
		return fc.constantFrom(
			...badChunkForms().map((form, i) => ({ input: form, how: `form ${i}`, alwaysBad: true }))
		);
	}
	// Dates are left out: zod reads a Date as an empty object, which an input of optional fields accepts.
	const junk = fc
		.constantFrom(...CONTROLS, 42, null, [], 0, true)
		.map((input) => ({ input, how: 'junk', alwaysBad: true }));
	if (!procedure.input) return junk;
	const schema = procedure.input;
	const base = validValue(schema, '');
	const spots = leaves(schema).filter((leaf) => leaf.path.length > 0);
	if (spots.length === 0) return junk;
	const spoiled = fc.constantFrom(...spots).chain((leaf) =>
		fc.constantFrom(...badValues(leaf.schema, leaf.path.at(-1) ?? '')).map((bad) => ({
			input: withValue(base, leaf.path, bad.value),
			how: `${leaf.path.join('.')} = ${JSON.stringify(String(bad.value).slice(0, 40))}`,
			alwaysBad: bad.always
		}))
	);
	return fc.oneof({ weight: 9, arbitrary: spoiled }, { weight: 1, arbitrary: junk });
};

/**
 * Who calls: admins for the console (others are refused before input is read), anyone otherwise. A
 * mutation without input (signing out) reads none, so only someone signed out calls it: refused.
 */
function callerFor(procedure: Procedure, pick: number): { who: string; caller: Caller } {
	if (procedure.type === 'mutation' && !procedure.input) return { who: 'signed out', caller: app.as(null) };
	const people: [string, PublicUser | null][] = procedure.path.startsWith('admin.')
		? [
				['admin', world.admin],
				['admin', world.admin],
				['admin', world.admin],
				['worker', world.worker]
			]
		: [
				['signed out', null],
				['requester', world.requester],
				['worker', world.worker],
				['admin', world.admin]
			];
	const [who, user] = people[pick % people.length]!;
	return { who, caller: app.as(user) };
}

async function call(caller: Caller, path: string, input: unknown): Promise<unknown> {
	const target = path
		.split('.')
		.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
	return (target as (input: unknown) => Promise<unknown>)(input);
}

it(`${RUNS} bad inputs across every procedure: no 5xx, no change, nothing left for the database to refuse`, async () => {
	expect(procedures.length).toBeGreaterThan(60);
	const before = await snapshot(app, null, withThrottles);
	const ledgerBefore = await ledgerAudit(app.db);
	const warn = vi.spyOn(console, 'warn');
	const statuses = new Map<number, number>();
	const failures: string[] = [];
	const perProcedure = new Map<string, number>();

	const cases = fc
		.constantFrom(...procedures)
		.chain((procedure) =>
			fc.record({ procedure: fc.constant(procedure), spoiled: inputArbitrary(procedure), pick: fc.nat(3) })
		);
	await fc.assert(
		fc.asyncProperty(cases, async ({ procedure, spoiled, pick }) => {
			// A value that is only sometimes bad (an empty note) could rightly be taken by a mutation: those run
			// only where the schema refuses them. Values bad everywhere run always.
			if (procedure.type === 'mutation' && procedure.input && !spoiled.alwaysBad) {
				fc.pre(!procedure.input.safeParse(spoiled.input).success);
			}
			perProcedure.set(procedure.path, (perProcedure.get(procedure.path) ?? 0) + 1);
			const { who, caller } = callerFor(procedure, pick);
			let status = 200;
			try {
				await call(caller, procedure.path, spoiled.input);
			} catch (error) {
				status = error instanceof TRPCError ? getHTTPStatusCodeFromError(error) : 500;
				if (status >= 500) failures.push(`${procedure.path} as ${who} with ${spoiled.how}: ${String(error)}`);
			}
			statuses.set(status, (statuses.get(status) ?? 0) + 1);
			if (procedure.type === 'mutation' && status < 400) {
				failures.push(`${procedure.path} as ${who} accepted ${spoiled.how}`);
			}
		}),
		{ numRuns: RUNS }
	);

	const netHits = warn.mock.calls.filter((args) =>
		String(args[0]).includes('refused input the schema accepted')
	);
	warn.mockRestore();
	expect(failures).toEqual([]);
	expect(netHits.map((args) => String(args[0]))).toEqual([]);
	const total = [...statuses.values()].reduce((a, b) => a + b, 0);
	expect(total).toBeGreaterThanOrEqual(2_000);
	expect([...statuses.keys()].filter((status) => status >= 500)).toEqual([]);
	// Every procedure was tried, most of them many times.
	expect(procedures.filter((p) => !perProcedure.has(p.path)).map((p) => p.path)).toEqual([]);
	expect(await snapshot(app, null, withThrottles)).toEqual(before);
	expect(await ledgerAudit(app.db)).toEqual(ledgerBefore);
}, 600_000);
