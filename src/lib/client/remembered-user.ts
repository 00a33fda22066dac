// Who was signed in when this device was last online, so that the app opened offline still knows whose
// tasks are "yours". Not a credential: the server decides everything with the session cookie.
import type { PublicUser } from '$lib/server/auth/users';

const KEY = 'jiedan:user';

/** The API's user, as the device last saw it. */
export type RememberedUser = PublicUser;

export function rememberUser(user: RememberedUser | null): void {
	try {
		if (user) localStorage.setItem(KEY, JSON.stringify(user));
		else localStorage.removeItem(KEY);
	} catch {
		// Storage can be full or disabled (private mode): the app then just forgets offline.
	}
}

export function rememberedUser(): RememberedUser | null {
	try {
		const text = localStorage.getItem(KEY);
		return text ? (JSON.parse(text) as RememberedUser) : null;
	} catch {
		return null;
	}
}

const TEST_MONEY_KEY = 'jiedan:test-money';

/** Whether the platform ran on test money (the sandbox) when this device last asked. */
export function rememberTestMoney(testMoney: boolean): void {
	try {
		if (testMoney) localStorage.setItem(TEST_MONEY_KEY, '1');
		else localStorage.removeItem(TEST_MONEY_KEY);
	} catch {
		// Storage full or disabled: offline, the banner is then not shown.
	}
}

export function rememberedTestMoney(): boolean {
	try {
		return localStorage.getItem(TEST_MONEY_KEY) === '1';
	} catch {
		return false;
	}
}
