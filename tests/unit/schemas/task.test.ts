// Checks the task inputs: publish/update refinements with their paths and messages, feed filters and bounds.
import { describe, expect, it } from 'vitest';
import {
	cancelInput,
	claimInput,
	consentCancelInput,
	declineCancelInput,
	feedInput,
	publishInput,
	raiseBountyInput,
	releaseInput,
	requestCancelInput,
	taskIdInput,
	updateInput
} from '$lib/domain/schemas/task';
import { refusal, uuid, other } from './support';

const MAX = 10_000_000_000n;
const jan1 = new Date('2026-01-01T00:00:00.000Z');
const jan2 = new Date('2026-01-02T00:00:00.000Z');
const task = {
	title: 'Carry boxes',
	description: 'Twelve boxes.',
	category: 'errand',
	address: 'Beijing',
	bounty: 5000n
};

const coordinates = { path: 'lng', message: 'Give both latitude and longitude, or neither.' };
const window = { path: 'endsAt', message: 'The time window must end after it starts.' };

describe('publishInput', () => {
	it('returns every field it was given', () => {
		const full = { ...task, mutationId: uuid, lat: 39.9, lng: 116.4, startsAt: jan1, endsAt: jan2 };
		const extra = { conditions: 'Gloves.', claimHours: 24, requireVerified: true };
		expect(publishInput.parse({ ...full, ...extra })).toEqual({ ...full, ...extra });
	});

	it('refuses one coordinate without the other on lng', () => {
		expect(refusal(publishInput, { ...task, lat: 10 })).toEqual([coordinates]);
		expect(refusal(publishInput, { ...task, lng: 10 })).toEqual([coordinates]);
	});

	it('accepts an open-ended window on either side', () => {
		expect(publishInput.parse({ ...task, startsAt: jan1 }).startsAt).toEqual(jan1);
		expect(publishInput.parse({ ...task, endsAt: jan2 }).endsAt).toEqual(jan2);
	});

	it('refuses a window that ends when or before it starts, on endsAt', () => {
		expect(refusal(publishInput, { ...task, startsAt: jan1, endsAt: jan1 })).toEqual([window]);
		expect(refusal(publishInput, { ...task, startsAt: jan2, endsAt: jan1 })).toEqual([window]);
	});

	it('bounds the claim hours at 1 and 720', () => {
		expect(publishInput.parse({ ...task, claimHours: 1 }).claimHours).toBe(1);
		expect(publishInput.parse({ ...task, claimHours: 720 }).claimHours).toBe(720);
		expect(publishInput.safeParse({ ...task, claimHours: 0 }).success).toBe(false);
		expect(publishInput.safeParse({ ...task, claimHours: 721 }).success).toBe(false);
		expect(publishInput.safeParse({ ...task, claimHours: 1.5 }).success).toBe(false);
	});
});

describe('updateInput', () => {
	it('accepts just the task and keeps what changes', () => {
		expect(updateInput.parse({ taskId: uuid })).toEqual({ taskId: uuid });
		expect(updateInput.parse({ taskId: uuid, mutationId: other, title: ' New title ' })).toEqual({
			taskId: uuid,
			mutationId: other,
			title: 'New title'
		});
	});

	it('applies the same coordinate and window rules', () => {
		expect(refusal(updateInput, { taskId: uuid, lat: 1 })).toEqual([coordinates]);
		expect(refusal(updateInput, { taskId: uuid, startsAt: jan1, endsAt: jan1 })).toEqual([window]);
		expect(updateInput.parse({ taskId: uuid, lat: 1, lng: 2 })).toEqual({ taskId: uuid, lat: 1, lng: 2 });
	});
});

describe('feedInput bounty bounds', () => {
	it('accepts 0 and MAX_AMOUNT', () => {
		expect(feedInput.parse({ minBounty: 0n, maxBounty: MAX })).toMatchObject({
			minBounty: 0n,
			maxBounty: MAX
		});
	});

	it('refuses out-of-range or non-bigint bounds with their messages', () => {
		expect(refusal(feedInput, { minBounty: -1n })).toEqual([
			{ path: 'minBounty', message: 'A bounty bound cannot be negative.' }
		]);
		expect(refusal(feedInput, { maxBounty: MAX + 1n })).toEqual([
			{ path: 'maxBounty', message: 'That amount is larger than the platform accepts.' }
		]);
		expect(refusal(feedInput, { minBounty: 10 })).toEqual([
			{ path: 'minBounty', message: 'A bounty bound is a whole number of minor units (bigint).' }
		]);
	});

	it('accepts one bound alone and equal bounds', () => {
		expect(feedInput.parse({ minBounty: 5n }).minBounty).toBe(5n);
		expect(feedInput.parse({ maxBounty: 5n }).maxBounty).toBe(5n);
		expect(feedInput.parse({ minBounty: 5n, maxBounty: 5n })).toMatchObject({ minBounty: 5n, maxBounty: 5n });
	});

	it('refuses a lowest bounty above the highest on maxBounty', () => {
		expect(refusal(feedInput, { minBounty: 6n, maxBounty: 5n })).toEqual([
			{ path: 'maxBounty', message: 'The lowest bounty must not be above the highest.' }
		]);
	});
});

describe('feedInput time window', () => {
	it('accepts one side alone and a window in order', () => {
		expect(feedInput.parse({ startsAfter: jan1 }).startsAfter).toEqual(jan1);
		expect(feedInput.parse({ endsBefore: jan2 }).endsBefore).toEqual(jan2);
		expect(feedInput.parse({ startsAfter: jan1, endsBefore: jan2 })).toMatchObject({
			startsAfter: jan1,
			endsBefore: jan2
		});
	});

	it('refuses an empty or backwards window on endsBefore', () => {
		const error = { path: 'endsBefore', message: 'The end of the time window must come after its start.' };
		expect(refusal(feedInput, { startsAfter: jan1, endsBefore: jan1 })).toEqual([error]);
		expect(refusal(feedInput, { startsAfter: jan2, endsBefore: jan1 })).toEqual([error]);
	});
});

describe('feedInput place, sort and page', () => {
	const near = { lat: 39.9, lng: 116.4, radiusKm: 5 };

	it('defaults the sort and the page size', () => {
		expect(feedInput.parse({})).toEqual({ sort: 'newest', limit: 20 });
	});

	it('sorts by distance only around a place, on sort', () => {
		expect(refusal(feedInput, { sort: 'nearest' })).toEqual([
			{ path: 'sort', message: 'Sorting by distance needs a place: give near (lat, lng, radiusKm).' }
		]);
		expect(feedInput.parse({ sort: 'nearest', near })).toMatchObject({ sort: 'nearest', near });
	});

	it('bounds the radius at 0.1 and 500 km with its messages', () => {
		expect(feedInput.parse({ near: { ...near, radiusKm: 0.1 } }).near?.radiusKm).toBe(0.1);
		expect(feedInput.parse({ near: { ...near, radiusKm: 500 } }).near?.radiusKm).toBe(500);
		expect(refusal(feedInput, { near: { ...near, radiusKm: 0.09 } })).toEqual([
			{ path: 'near.radiusKm', message: 'The radius is at least 0.1 km.' }
		]);
		expect(refusal(feedInput, { near: { ...near, radiusKm: 500.1 } })).toEqual([
			{ path: 'near.radiusKm', message: 'The radius is at most 500 km.' }
		]);
	});

	it('bounds the page size at 1 and 50', () => {
		expect(feedInput.parse({ limit: 1 }).limit).toBe(1);
		expect(feedInput.parse({ limit: 50 }).limit).toBe(50);
		expect(feedInput.safeParse({ limit: 0 }).success).toBe(false);
	});
});

describe('task actions', () => {
	it('taskIdInput keeps the id', () => {
		expect(taskIdInput.parse({ id: uuid })).toEqual({ id: uuid });
		expect(taskIdInput.safeParse({ id: 'x' }).success).toBe(false);
	});

	it.each([
		['claimInput', claimInput],
		['cancelInput', cancelInput],
		['releaseInput', releaseInput],
		['requestCancelInput', requestCancelInput],
		['consentCancelInput', consentCancelInput],
		['declineCancelInput', declineCancelInput]
	])('%s keeps the task and the mutation id', (_name, schema) => {
		expect(schema.parse({ mutationId: other, taskId: uuid })).toEqual({ mutationId: other, taskId: uuid });
		expect(schema.safeParse({ mutationId: other }).success).toBe(false);
	});

	it('raiseBountyInput keeps the new bounty', () => {
		expect(raiseBountyInput.parse({ taskId: uuid, bounty: 7000n })).toEqual({ taskId: uuid, bounty: 7000n });
		expect(raiseBountyInput.safeParse({ taskId: uuid, bounty: 0n }).success).toBe(false);
	});
});
