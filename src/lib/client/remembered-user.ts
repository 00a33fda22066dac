// Who was signed in when this device was last online, so that the app opened offline still knows whose
// tasks are "yours". Not a credential: the server decides everything with the session cookie.
const KEY = 'jiedan:user';

export interface RememberedUser {
	id: string;
	email: string;
	displayName: string;
	kind: 'person' | 'organisation';
	isAdmin: boolean;
}

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
