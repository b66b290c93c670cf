import { describe, expect, it } from 'vitest';
import { formatThresholds, parseThresholds } from './thresholds';

describe('alert thresholds', () => {
  it('reads comma-separated percents, sorted, each once', () => {
    expect(parseThresholds('80, 90, 100')).toEqual({ values: [80, 90, 100] });
    expect(parseThresholds('100,50 75%')).toEqual({ values: [50, 75, 100] });
    expect(parseThresholds(' 90, 90 ,80 ')).toEqual({ values: [80, 90] });
    expect(parseThresholds('1, 100')).toEqual({ values: [1, 100] });
  });

  it('reads empty text as no warnings', () => {
    expect(parseThresholds('')).toEqual({ values: [] });
    expect(parseThresholds(' , ')).toEqual({ values: [] });
  });

  it('refuses what is not a whole percent from 1 to 100', () => {
    expect(parseThresholds('0, 50').error).toBe('“0” is not a whole percent from 1 to 100.');
    expect(parseThresholds('80, 101').error).toBe('“101” is not a whole percent from 1 to 100.');
    expect(parseThresholds('80.5').error).toBe('“80.5” is not a whole percent from 1 to 100.');
    expect(parseThresholds('eighty').error).toBe('“eighty” is not a whole percent from 1 to 100.');
    expect(parseThresholds('-5').error).toBe('“-5” is not a whole percent from 1 to 100.');
  });

  it('allows at most 5', () => {
    expect(parseThresholds('50, 60, 70, 80, 90').values).toHaveLength(5);
    expect(parseThresholds('50, 60, 70, 80, 90, 100').error).toBe('Use at most 5 thresholds.');
  });

  it('writes a plan’s thresholds back, the defaults when it has none', () => {
    expect(formatThresholds([50, 100])).toBe('50, 100');
    expect(formatThresholds(undefined)).toBe('80, 90, 100');
    expect(formatThresholds([])).toBe('');
  });
});
