import type { RequestHandler } from './$types';
import { contextFor } from '$lib/server/caller';
import { handleApiRequest } from '$lib/server/http';

const handler: RequestHandler = (event) => handleApiRequest(event.request, () => contextFor(event));

export const GET = handler;
export const POST = handler;
