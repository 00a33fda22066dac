import { describe, expect, it } from 'vitest';
import { cookieIsSecure } from '$lib/server/auth/sessions';

describe('cookieIsSecure', () => {
	it.each([
		['http://localhost:3000/', false],
		['http://127.0.0.1:5173/', false],
		['http://[::1]:3000/', false],
		['https://localhost/', true],
		['https://jiedan.example.com/', true],
		// Plain http anywhere but localhost still gets Secure: the browser then refuses to keep the
		// session rather than send it in the clear.
		['http://jiedan.example.com/', true],
		['http://192.168.1.20:3000/', true]
	])('%s → %s', (url, secure) => {
		expect(cookieIsSecure(new URL(url))).toBe(secure);
	});
});
