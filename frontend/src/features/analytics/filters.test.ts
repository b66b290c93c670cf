import { describe, expect, it } from 'vitest';
import { analyticsQuery, filtersFromParams, filtersToParams, isNarrowed } from './filters';

const now = new Date('2026-11-22T12:00:00.000Z');

describe('analytics filters', () => {
  it('read the range and the filters from the URL; a plan needs an API', () => {
    expect(filtersFromParams(new URLSearchParams('range=1h&api_id=api-1&plan_id=plan-free&application_id=app-1'))).toEqual({
      range: '1h',
      from: '',
      to: '',
      apiId: 'api-1',
      applicationId: 'app-1',
      planId: 'plan-free',
    });
    expect(filtersFromParams(new URLSearchParams('plan_id=plan-free')).planId).toBe('');
    expect(filtersFromParams(new URLSearchParams('api_id=a%27%20or%201%3D1')).apiId).toBe('');
  });

  it('round-trip through the URL and drop the plan with its API', () => {
    const f = filtersFromParams(new URLSearchParams('range=7d&api_id=api-1&plan_id=plan-free'));
    expect(filtersToParams(f).toString()).toBe('range=7d&api_id=api-1&plan_id=plan-free');
    expect(filtersToParams({ ...f, apiId: '' }, new URLSearchParams('x=1')).toString()).toBe('x=1&range=7d');
    expect(isNarrowed(f)).toBe(true);
    expect(isNarrowed({ ...f, apiId: '', planId: '' })).toBe(false);
  });

  it('send both ends of the range and the filters, and ask for days beyond 90 days', () => {
    const f = filtersFromParams(new URLSearchParams('range=1h&application_id=app-1'));
    expect(analyticsQuery(f, now)).toEqual({ from: '2026-11-22T11:00:00.000Z', to: '2026-11-22T12:00:00.000Z', application_id: 'app-1' });
    const year = filtersFromParams(new URLSearchParams('from=2025-11-22T12:00:00Z&to=2026-11-22T12:00:00Z'));
    expect(analyticsQuery(year, now)).toEqual({ from: '2025-11-22T12:00:00Z', to: '2026-11-22T12:00:00Z', grain: 'day' });
    expect(analyticsQuery(filtersFromParams(new URLSearchParams('range=90d')), now).grain).toBeUndefined();
  });
});
