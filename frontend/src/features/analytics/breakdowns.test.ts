import { describe, expect, it } from 'vitest';
import { refusalsByStatus, sharePercent, statusTitle } from './breakdowns';

describe('refusalsByStatus', () => {
  it('groups refusals by status, the biggest group and code first', () => {
    const groups = refusalsByStatus([
      { code: 'invalid_api_key', status: 401, calls: 5 },
      { code: 'payment_overdue', status: 402, calls: 7 },
      { code: 'quota_exhausted', status: 402, calls: 30 },
      { code: 'rate_limited', status: 429, calls: 5 },
    ]);
    expect(groups.map((g) => [g.status, g.title, g.calls])).toEqual([
      [402, 'Payment required', 37],
      [401, 'Unauthorized', 5],
      [429, 'Too many requests', 5],
    ]);
    expect(groups[0].codes.map((c) => c.code)).toEqual(['quota_exhausted', 'payment_overdue']);
  });

  it('takes the status from the code when the server sent none', () => {
    const [g] = refusalsByStatus([{ code: 'quota_exhausted', status: 0, calls: 2 }]);
    expect(g.status).toBe(402);
    expect(g.codes[0].status).toBe(402);
  });

  it('names statuses and shares', () => {
    expect(statusTitle(402)).toBe('Payment required');
    expect(statusTitle(418)).toBe('Status 418');
    expect(sharePercent(1, 3)).toBe(33);
    expect(sharePercent(1, 0)).toBeNull();
  });
});
