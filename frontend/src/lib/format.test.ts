import { describe, expect, it } from 'vitest';
import { formatMoney, formatPrice, minorDigits, toMinorUnits } from './format';

describe('money', () => {
  it('shows amounts given in the smallest unit with their currency', () => {
    expect(formatMoney(4900, 'usd', 'en-US')).toBe('$49.00');
    expect(formatMoney(1, 'usd', 'en-US')).toBe('$0.01');
    expect(formatMoney(123456, 'eur', 'en-US')).toBe('€1,234.56');
    // Yen have no minor unit: 500 is ¥500, not ¥5.
    expect(formatMoney(500, 'jpy', 'en-US')).toBe('¥500');
    // A code Intl does not know still shows something readable.
    expect(formatMoney(4900, 'zz1', 'en-US')).toBe('49.00 ZZ1');
  });

  it('knows how many decimals a currency has', () => {
    expect(minorDigits('usd')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('not a code')).toBe(2);
  });

  it('turns typed major units into cents, refusing what Stripe would not take', () => {
    expect(toMinorUnits('49', 'usd')).toBe(4900);
    expect(toMinorUnits('49.5', 'usd')).toBe(4950);
    expect(toMinorUnits(' 49.99 ', 'usd')).toBe(4999);
    expect(toMinorUnits('0.07', 'usd')).toBe(7);
    // No floating-point drift: 0.29 * 100 is 28.999… in binary.
    expect(toMinorUnits('0.29', 'usd')).toBe(29);
    expect(toMinorUnits('500', 'jpy')).toBe(500);
    expect(toMinorUnits('5.5', 'jpy')).toBeNull();
    expect(toMinorUnits('49.999', 'usd')).toBeNull();
    expect(toMinorUnits('-5', 'usd')).toBeNull();
    expect(toMinorUnits('1,000', 'usd')).toBeNull();
    expect(toMinorUnits('', 'usd')).toBeNull();
  });

  it('says what a price charges, flat or per call', () => {
    expect(formatPrice({ unit_amount: 4900, currency: 'usd', interval: 'month', usage_type: 'licensed' }, 'en-US')).toBe('$49.00 / month');
    expect(formatPrice({ unit_amount: 1, currency: 'usd', interval: 'month', usage_type: 'metered' }, 'en-US')).toBe(
      '$0.01 per call, billed monthly',
    );
    expect(formatPrice({ unit_amount: 50000, currency: 'eur', interval: 'year', usage_type: 'licensed' }, 'en-US')).toBe('€500.00 / year');
  });
});
