// Checks the register and login inputs: email normalising, password and display name bounds, messages.
import { describe, expect, it } from 'vitest';
import { email, loginInput, password, registerInput } from '$lib/domain/schemas/auth';
import { refusal } from './support';

const register = { email: 'a@example.com', password: 'long enough', displayName: 'A', kind: 'person' };

describe('email', () => {
	it('refuses what is not an address with its message', () => {
		expect(refusal(email, 'not an email')).toEqual([{ path: '', message: 'Enter a valid email address.' }]);
	});

	it('accepts 254 characters and refuses 255', () => {
		const at254 = `${'a'.repeat(242)}@example.com`;
		expect(email.parse(at254)).toBe(at254);
		expect(email.safeParse(`a${at254}`).success).toBe(false);
	});
});

describe('password', () => {
	it('accepts 8 and 256 characters', () => {
		expect(password.parse('p'.repeat(8))).toBe('p'.repeat(8));
		expect(password.parse('p'.repeat(256))).toBe('p'.repeat(256));
	});

	it('refuses 7 and 257 characters with their messages', () => {
		expect(refusal(password, 'p'.repeat(7))).toEqual([
			{ path: '', message: 'A password has at least 8 characters.' }
		]);
		expect(refusal(password, 'p'.repeat(257))).toEqual([
			{ path: '', message: 'A password has at most 256 characters.' }
		]);
	});

	it('does not trim a password', () => {
		expect(password.parse('  spaced  ')).toBe('  spaced  ');
	});
});

describe('registerInput', () => {
	it('returns every field', () => {
		expect(registerInput.parse({ ...register, displayName: ' 李伟 ', kind: 'organisation' })).toEqual({
			email: 'a@example.com',
			password: 'long enough',
			displayName: '李伟',
			kind: 'organisation'
		});
	});

	it('bounds the display name at 1 and 60 characters', () => {
		expect(registerInput.parse({ ...register, displayName: 'd'.repeat(60) }).displayName).toBe(
			'd'.repeat(60)
		);
		expect(registerInput.safeParse({ ...register, displayName: 'd'.repeat(61) }).success).toBe(false);
		expect(registerInput.safeParse({ ...register, displayName: '  ' }).success).toBe(false);
	});

	it('refuses an unknown kind and a bad email on its path', () => {
		expect(registerInput.safeParse({ ...register, kind: 'robot' }).success).toBe(false);
		expect(refusal(registerInput, { ...register, email: 'nope' })).toEqual([
			{ path: 'email', message: 'Enter a valid email address.' }
		]);
	});
});

describe('loginInput', () => {
	it('returns the normalised email and the password', () => {
		expect(loginInput.parse({ email: ' A@Example.com ', password: 'x' })).toEqual({
			email: 'a@example.com',
			password: 'x'
		});
	});

	it('wants a password of 1 to 256 characters', () => {
		expect(loginInput.safeParse({ email: 'a@example.com', password: '' }).success).toBe(false);
		expect(loginInput.parse({ email: 'a@example.com', password: 'p'.repeat(256) }).password).toHaveLength(
			256
		);
		expect(loginInput.safeParse({ email: 'a@example.com', password: 'p'.repeat(257) }).success).toBe(false);
	});
});
