import { z } from 'zod';
import { FEED_PAGE_SIZE, TASK_CATEGORIES } from '../constants';
import { FEED_SORTS, RADIUS_MAX_KM, RADIUS_MIN_KM } from '../feed';
import { amount, cursor, id, instant, longText, MAX_AMOUNT, mutationId, searchText, text } from './common';

export { TASK_CATEGORIES, type TaskCategory } from '../constants';

/** What a requester describes; shared by publishing and editing. */
const taskDetails = z.object({
	title: text(3, 120),
	description: longText(1, 5000),
	category: z.enum(TASK_CATEGORIES),
	address: text(1, 300),
	lat: z.number().min(-90).max(90).optional(),
	lng: z.number().min(-180).max(180).optional(),
	startsAt: instant.optional(),
	endsAt: instant.optional(),
	conditions: longText(0, 2000).optional()
});

type Place = { lat?: number | undefined; lng?: number | undefined };
type Window = { startsAt?: Date | undefined; endsAt?: Date | undefined };
const bothCoordinatesOrNeither = (task: Place) => (task.lat === undefined) === (task.lng === undefined);
const coordinatesError = { error: 'Give both latitude and longitude, or neither.', path: ['lng'] };
const windowInOrder = (task: Window) => !task.startsAt || !task.endsAt || task.startsAt < task.endsAt;
const windowError = { error: 'The time window must end after it starts.', path: ['endsAt'] };

export const publishInput = taskDetails
	.extend({
		mutationId,
		bounty: amount,
		/** Hours a claimant has to hand over; the platform's default when left out. */
		claimHours: z.number().int().min(1).max(720).optional(),
		/** Only workers whose identity the platform verified may claim. */
		requireVerified: z.boolean().optional()
	})
	.refine(bothCoordinatesOrNeither, coordinatesError)
	.refine(windowInOrder, windowError);
export type PublishInput = z.infer<typeof publishInput>;

const bountyBound = z
	.bigint({ error: 'A bounty bound is a whole number of minor units (bigint).' })
	.min(0n, { error: 'A bounty bound cannot be negative.' })
	.max(MAX_AMOUNT, { error: 'That amount is larger than the platform accepts.' });

export const feedInput = z
	.object({
		cursor: cursor(300),
		q: searchText().optional(),
		category: z.enum(TASK_CATEGORIES).optional(),
		minBounty: bountyBound.optional(),
		maxBounty: bountyBound.optional(),
		/** Only tasks with coordinates within `radiusKm` of the point. */
		near: z
			.object({
				lat: z.number().min(-90).max(90),
				lng: z.number().min(-180).max(180),
				radiusKm: z
					.number()
					.min(RADIUS_MIN_KM, { error: `The radius is at least ${RADIUS_MIN_KM} km.` })
					.max(RADIUS_MAX_KM, { error: `The radius is at most ${RADIUS_MAX_KM} km.` })
			})
			.optional(),
		/** Only tasks whose window starts at or after this moment. */
		startsAfter: instant.optional(),
		/** Only tasks whose window ends at or before this moment. */
		endsBefore: instant.optional(),
		sort: z.enum(FEED_SORTS).default('newest'),
		limit: z.number().int().min(1).max(50).default(FEED_PAGE_SIZE)
	})
	.refine((f) => f.minBounty === undefined || f.maxBounty === undefined || f.minBounty <= f.maxBounty, {
		error: 'The lowest bounty must not be above the highest.',
		path: ['maxBounty']
	})
	.refine((f) => !f.startsAfter || !f.endsBefore || f.startsAfter < f.endsBefore, {
		error: 'The end of the time window must come after its start.',
		path: ['endsBefore']
	})
	.refine((f) => f.sort !== 'nearest' || f.near, {
		error: 'Sorting by distance needs a place: give near (lat, lng, radiusKm).',
		path: ['sort']
	});
export type FeedInput = z.infer<typeof feedInput>;

export const taskIdInput = z.object({ id });

export const claimInput = z.object({ mutationId, taskId: id });
export const cancelInput = z.object({ mutationId, taskId: id });
export const releaseInput = z.object({ mutationId, taskId: id });
/** Cancelling a claimed task takes both sides: the requester asks, the worker consents or declines. */
export const requestCancelInput = z.object({ mutationId, taskId: id });
export const consentCancelInput = z.object({ mutationId, taskId: id });
export const declineCancelInput = z.object({ mutationId, taskId: id });

/** Changes to an open task's details; what is left out stays as it is. */
export const updateInput = taskDetails
	.partial()
	.extend({ mutationId, taskId: id })
	.refine(bothCoordinatesOrNeither, coordinatesError)
	.refine(windowInOrder, windowError);
export type UpdateInput = z.infer<typeof updateInput>;

export const raiseBountyInput = z.object({ mutationId, taskId: id, bounty: amount });
