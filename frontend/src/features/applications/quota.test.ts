import { describe, expect, it } from 'vitest';
import type { QuotaUsage } from '../../lib/types';
import { percentUsed, quotaLevel, quotaNote, quotaProgress } from './quota';

const usage = (over: Partial<QuotaUsage> = {}): QuotaUsage => ({
  subscription_id: 'sub-1',
  api_id: 'api-1',
  api_name: 'Weather',
  plan_name: 'Free',
  state: 'active',
  quota: 1000,
  used: 812,
  remaining: 188,
  percent: 81.2,
  period_start: '2026-11-01T00:00:00Z',
  period_end: '2026-12-01T00:00:00Z',
  ...over,
});

describe('quota progress', () => {
  it('says how much is used and left, and marks a warning past 80%', () => {
    expect(quotaProgress(usage())).toEqual({
      unlimited: false,
      percent: 81.2,
      width: 81.2,
      level: 'warning',
      summary: '812 of 1,000 calls (81%)',
      left: '188 calls left',
    });
  });

  it('computes the percent when the server sent none, and clamps the bar past 100%', () => {
    const over = quotaProgress(usage({ used: 1500, remaining: null, percent: null }));
    expect(over).toMatchObject({ percent: 150, width: 100, level: 'exhausted', left: 'No calls left' });
    expect(over.summary).toBe('1,500 of 1,000 calls (150%)');
    expect(percentUsed({ quota: 0, used: 0, percent: null })).toBe(100);
    expect(quotaProgress(usage({ used: 1, quota: 3, remaining: 2, percent: null })).percent).toBe(33.33);
  });

  it('draws no bar for unlimited plans', () => {
    expect(quotaProgress(usage({ quota: null, remaining: null, percent: null, used: 1 }))).toEqual({
      unlimited: true,
      percent: 0,
      width: 0,
      level: 'ok',
      summary: '1 call (unlimited)',
      left: '',
    });
  });

  it('grades the thresholds 80, 90 and 100 and explains each', () => {
    expect([0, 79.99, 80, 89.9, 90, 99.99, 100, 250].map(quotaLevel)).toEqual([
      'ok', 'ok', 'warning', 'warning', 'critical', 'critical', 'exhausted', 'exhausted',
    ]);
    expect(quotaNote('ok')).toBe('');
    expect(quotaNote('exhausted')).toMatch(/402 quota_exhausted/);
    expect(quotaProgress(usage({ used: 5, percent: 0.5, remaining: 995 })).summary).toBe('5 of 1,000 calls (0.5%)');
  });
});
