// Signing out is a plain form post from the header, so it works before (or without) any JavaScript.
import { redirect } from '@sveltejs/kit';
import { callerFor } from '$lib/server/caller';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async (event) => {
	if (event.locals.user) await callerFor(event).auth.logout();
	redirect(303, '/');
};
