// Run only by tests/integration/exit-code.test.ts, in a child vitest: it passes or fails as GUARD_OUTCOME
// says, after touching a real test database as every integration file does.
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../integration/support/app';

describe('the guard fixture', () => {
	it(`ends as told (${process.env.GUARD_OUTCOME})`, async () => {
		const app = await createTestApp();
		try {
			await app.user();
			expect(await app.db.user.count()).toBe(1);
		} finally {
			await app.close();
		}
		expect(process.env.GUARD_OUTCOME).toBe('pass');
	});
});
