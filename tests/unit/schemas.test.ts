import { describe, expect, it } from 'vitest';
import { loginInput, registerInput } from '$lib/domain/schemas/auth';
import { feedInput, publishInput } from '$lib/domain/schemas/task';
import { uploadBeginInput } from '$lib/domain/schemas/upload';

const task = {
	title: 'Carry boxes',
	description: 'Twelve boxes to the third floor.',
	category: 'errand',
	address: 'Chaoyang, Beijing',
	bounty: 5_000n
};

describe('publishInput', () => {
	it('accepts a complete task and trims text', () => {
		const parsed = publishInput.parse({ ...task, title: '  Carry boxes  ', lat: 39.9, lng: 116.4 });
		expect(parsed.title).toBe('Carry boxes');
	});

	it.each([
		['bounty as number', { bounty: 5000 }],
		['bounty of zero', { bounty: 0n }],
		['bounty over the cap', { bounty: 10_000_000_001n }],
		['latitude out of range', { lat: 91, lng: 0 }],
		['lng without lat', { lng: 10 }],
		['window backwards', { startsAt: new Date(2026, 1, 2), endsAt: new Date(2026, 1, 1) }],
		['mutationId not a uuid', { mutationId: '123' }],
		['title too long', { title: 'x'.repeat(121) }]
	])('refuses %s', (_name, patch) => {
		expect(publishInput.safeParse({ ...task, ...patch }).success).toBe(false);
	});
});

describe('auth inputs', () => {
	it('normalises email case and spaces', () => {
		const parsed = registerInput.parse({
			email: '  Li.Wei@Example.COM ',
			password: 'long enough',
			displayName: '李伟',
			kind: 'person'
		});
		expect(parsed.email).toBe('li.wei@example.com');
	});

	it('refuses short passwords on register but not on login', () => {
		const base = { email: 'a@example.com', displayName: 'A', kind: 'organisation' };
		expect(registerInput.safeParse({ ...base, password: 'short' }).success).toBe(false);
		expect(loginInput.safeParse({ email: 'a@example.com', password: 'short' }).success).toBe(true);
	});
});

describe('feed and uploads', () => {
	it('defaults the page size and caps it', () => {
		expect(feedInput.parse({}).limit).toBe(20);
		expect(feedInput.safeParse({ limit: 51 }).success).toBe(false);
	});

	it('wants a hex sha256', () => {
		const upload = { name: 'a.jpg', size: 10, type: 'image/jpeg' };
		expect(uploadBeginInput.safeParse({ ...upload, sha256: 'A'.repeat(64) }).success).toBe(true);
		expect(uploadBeginInput.safeParse({ ...upload, sha256: 'g'.repeat(64) }).success).toBe(false);
	});
});
