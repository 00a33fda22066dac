import { z } from 'zod';
import { PASSWORD_MIN, USER_KINDS } from '../constants';
import { text } from './common';

export { PASSWORD_MIN, USER_KINDS } from '../constants';
export type UserKindInput = (typeof USER_KINDS)[number];

export const email = z
	.string()
	.trim()
	.toLowerCase()
	.max(254)
	.pipe(z.email({ error: 'Enter a valid email address.' }));

export const password = z
	.string()
	.min(PASSWORD_MIN, { error: `A password has at least ${PASSWORD_MIN} characters.` })
	.max(256, { error: 'A password has at most 256 characters.' });

export const registerInput = z.object({
	email,
	password,
	displayName: text(1, 60),
	kind: z.enum(USER_KINDS)
});
export type RegisterInput = z.infer<typeof registerInput>;

export const loginInput = z.object({
	email,
	// No length rules on login: an old password that predates a rule must still be checked.
	password: z.string().min(1).max(256)
});
export type LoginInput = z.infer<typeof loginInput>;
