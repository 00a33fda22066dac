// How the settings page reads and shows each setting: percent for the commission, yuan for money, whole
// numbers for counts and hours.
import { describe, expect, it } from 'vitest';
import { formatField, isSettingKey, parseField } from '../../src/routes/admin/settings/fields';

describe('settings fields', () => {
	it('shows the commission as a percentage and money in yuan', () => {
		expect(formatField('commissionBps', 1000)).toBe('10');
		expect(formatField('commissionBps', 1250)).toBe('12.5');
		expect(formatField('commissionBps', 1)).toBe('0.01');
		expect(formatField('withdrawalMin', 150_000n)).toBe('1500.00');
		expect(formatField('claimHours', 48)).toBe('48');
	});

	it('reads what an admin types back into the setting’s unit, exactly', () => {
		expect(parseField('commissionBps', '15')).toBe(1500);
		expect(parseField('commissionBps', '12.34')).toBe(1234);
		expect(parseField('commissionBps', '0.29')).toBe(29); // no floating-point drift (0.29 × 100)
		expect(parseField('withdrawalFee', '2.5')).toBe(250n);
		expect(parseField('maxActiveClaims', ' 7 ')).toBe(7);
		for (const [key, text] of [
			['commissionBps', '12.345'],
			['commissionBps', '-1'],
			['commissionBps', 'ten'],
			['claimHours', '1.5'],
			['claimHours', ''],
			['withdrawalMin', '1.234']
		] as const) {
			expect(parseField(key, text)).toBeNull();
		}
	});

	it('knows only the platform’s settings', () => {
		expect(isSettingKey('commissionBps')).toBe(true);
		expect(isSettingKey('toString')).toBe(false);
		expect(isSettingKey('databaseUrl')).toBe(false);
	});
});
