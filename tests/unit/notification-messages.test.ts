// Every notification kind has its sentences in both languages, with the same placeholders.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NOTIFICATION_KINDS } from '$lib/domain/notifications';

const load = (file: string) =>
	JSON.parse(readFileSync(new URL(`../../messages/${file}`, import.meta.url), 'utf8')) as Record<
		string,
		string
	>;
const en = load('en.json');
const zh = load('zh-CN.json');
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('notification sentences', () => {
	it.each(NOTIFICATION_KINDS)('%s is said in English and Chinese', (kind) => {
		const keys = Object.keys(en).filter((key) => key === `notif_${kind}` || key.startsWith(`notif_${kind}_`));
		expect(keys).toContain(`notif_${kind}`);
		for (const key of keys) {
			expect(zh[key], key).toEqual(expect.any(String));
			expect(placeholders(zh[key]!), key).toEqual(placeholders(en[key]!));
		}
	});
});
