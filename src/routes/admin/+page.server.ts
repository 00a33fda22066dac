// Admin console overview (what waits for an admin, the ledger check) and "record a deposit": the form takes the customer's email, which this action turns
// into the user id the API expects.
import { fail } from '@sveltejs/kit';
import { parseMajorAmount } from '$lib/domain/money';
import { email as emailSchema } from '$lib/domain/schemas/auth';
import { amount as amountSchema } from '$lib/domain/schemas/common';
import { requireAdminPage } from '$lib/server/access/pages';
import { getRuntime } from '$lib/server/runtime';
import { callerFor, errorKeyOf, errorStatusOf } from '$lib/server/caller';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdminPage(event);
	const caller = callerFor(event);
	const [counts, ledger] = await Promise.all([caller.admin.overview(), caller.admin.ledgerVerify()]);
	return { counts, currency: getRuntime().config.currency, ledger };
};

type DepositField = 'email' | 'amount' | 'reference';

export const actions: Actions = {
	deposit: async (event) => {
		requireAdminPage(event);
		const form = await event.request.formData();
		const values = {
			email: String(form.get('email') ?? ''),
			amount: String(form.get('amount') ?? ''),
			reference: String(form.get('reference') ?? '')
		};
		// Error keys; the page turns them into sentences in the admin's language.
		const errors: Partial<Record<DepositField, string>> = {};
		const email = emailSchema.safeParse(values.email);
		if (!email.success) errors.email = 'email_invalid';
		const minor = parseMajorAmount(values.amount);
		if (minor === null || !amountSchema.safeParse(minor).success) errors.amount = 'amount_invalid';
		const reference = values.reference.trim();
		if (reference.length < 3 || reference.length > 100) errors.reference = 'reference_invalid';
		if (!email.success || minor === null || Object.keys(errors).length > 0)
			return fail(400, { values, errors });

		const user = await getRuntime().db.user.findUnique({
			where: { email: email.data },
			select: { id: true, displayName: true, email: true }
		});
		if (!user) return fail(400, { values, errors: { email: 'unknown_user' } });
		try {
			const result = await callerFor(event).admin.recordDeposit({
				userId: user.id,
				amount: minor,
				reference
			});
			return {
				deposited: {
					amount: result.amount,
					currency: getRuntime().config.currency,
					email: user.email,
					displayName: user.displayName,
					duplicate: result.duplicate
				}
			};
		} catch (error) {
			const key = errorKeyOf(error);
			if (!key || key === 'internal') throw error;
			return fail(errorStatusOf(error), { values, errors: {}, formError: key });
		}
	}
};
