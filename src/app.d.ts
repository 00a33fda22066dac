import type { PublicUser } from '$lib/server/auth/users';

declare global {
	namespace App {
		interface Locals {
			user: PublicUser | null;
			sessionId: string | null;
		}
		interface Error {
			message: string;
			key?: string | null;
		}
	}
}

export {};
