import type { RequestHandler } from './$types';
import { contextFor } from '$lib/server/trpc/caller';
import { handleApiRequest } from '$lib/server/trpc/http';

const handler: RequestHandler = (event) => handleApiRequest(event.request, () => contextFor(event));

export const GET = handler;
export const POST = handler;
