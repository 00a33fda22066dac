// Every admin page answers 403 to everyone but admins (each page's own load checks again: loads run in
// parallel, and the API refuses non-admins whatever a page does).
import { requireAdminPage } from '$lib/server/access/pages';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = (event) => {
	requireAdminPage(event);
	return {};
};
