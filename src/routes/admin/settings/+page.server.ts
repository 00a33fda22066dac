// Platform settings, one small form each. The form sends the value as typed (percent, yuan, hours); the
// action turns it into the setting's unit and the API validates and audits the change.
import { fail } from '@sveltejs/kit';
import { requireAdminPage } from '$lib/server/access/pages';
import { callerFor, errorKeyOf, errorStatusOf } from '$lib/server/caller';
import { formatField, isSettingKey, parseField } from './fields';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdminPage(event);
	const view = await callerFor(event).admin.settings();
	return {
		items: view.items.map((item) => ({
			...item,
			value: formatField(item.key, view.values[item.key]),
			defaultValue: formatField(item.key, view.defaults[item.key])
		}))
	};
};

export const actions: Actions = {
	update: async (event) => {
		requireAdminPage(event);
		const form = await event.request.formData();
		const key = String(form.get('key') ?? '');
		const text = String(form.get('value') ?? '');
		if (!isSettingKey(key)) return fail(400, { key, value: text, error: 'invalid_input' });
		const value = parseField(key, text);
		if (value === null) return fail(400, { key, value: text, error: 'invalid_input' });
		const mutationId = String(form.get('mutationId') ?? '') || undefined;
		try {
			await callerFor(event).admin.updateSettings({ mutationId, patch: { [key]: value } });
			return { saved: { key, value: formatField(key, value) } };
		} catch (error) {
			const errorKey = errorKeyOf(error);
			if (!errorKey || errorKey === 'internal') throw error;
			return fail(errorStatusOf(error), { key, value: text, error: errorKey });
		}
	}
};
