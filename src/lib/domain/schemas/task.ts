import { z } from 'zod';
import { FEED_PAGE_SIZE, TASK_CATEGORIES } from '../constants';
import { amount, id, mutationId, text } from './common';

export { TASK_CATEGORIES, type TaskCategory } from '../constants';

/** What a requester describes; shared by publishing and editing. */
const taskDetails = z.object({
	title: text(3, 120),
	description: text(1, 5000),
	category: z.enum(TASK_CATEGORIES),
	address: text(1, 300),
	lat: z.number().min(-90).max(90).optional(),
	lng: z.number().min(-180).max(180).optional(),
	startsAt: z.date().optional(),
	endsAt: z.date().optional(),
	conditions: text(0, 2000).optional()
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

export const feedInput = z.object({
	cursor: z.string().max(200).optional(),
	q: z.string().trim().max(100).optional(),
	category: z.enum(TASK_CATEGORIES).optional(),
	limit: z.number().int().min(1).max(50).default(FEED_PAGE_SIZE)
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
