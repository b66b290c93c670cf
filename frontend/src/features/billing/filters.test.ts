import { describe, expect, it } from 'vitest';
import {
  EMPTY_EVENT_FILTERS,
  EMPTY_RECONCILIATION_FILTERS,
  eventFiltersFromParams,
  eventFiltersToParams,
  isEventsFiltered,
  isReconciliationFiltered,
  reconciliationFiltersFromParams,
  reconciliationFiltersToParams,
  reconciliationQuery,
  type ReconciliationFilters,
} from './filters';

describe('reconciliation filters', () => {
  it('round-trip through the URL, leaving defaults and other parameters alone', () => {
    const f: ReconciliationFilters = { drifted: true, state: 'past_due', drift: 'state' };
    const params = reconciliationFiltersToParams(f, new URLSearchParams('tab=rows'));
    expect(params.toString()).toBe('tab=rows&drifted=true&state=past_due&drift=state');
    expect(reconciliationFiltersFromParams(params)).toEqual(f);
    expect(reconciliationFiltersToParams(EMPTY_RECONCILIATION_FILTERS).toString()).toBe('');
  });

  it('clear a filter from the URL when it is set back to any', () => {
    const params = reconciliationFiltersToParams(EMPTY_RECONCILIATION_FILTERS, new URLSearchParams('drifted=true&state=active&drift=usage'));
    expect(params.toString()).toBe('');
  });

  it('become the query string the server filters by', () => {
    expect(reconciliationQuery({ drifted: true, state: 'past_due', drift: 'state' })).toEqual({
      drifted: 'true',
      state: 'past_due',
      drift: 'state',
    });
    expect(reconciliationQuery(EMPTY_RECONCILIATION_FILTERS)).toEqual({});
  });

  it('ignore values the server does not know', () => {
    const f = reconciliationFiltersFromParams(new URLSearchParams('drifted=yes&state=approved&drift=colour'));
    expect(f).toEqual(EMPTY_RECONCILIATION_FILTERS);
    expect(isReconciliationFiltered(f)).toBe(false);
    expect(isReconciliationFiltered(reconciliationFiltersFromParams(new URLSearchParams('drift=usage')))).toBe(true);
  });
});

describe('webhook event filters', () => {
  it('round-trip through the URL', () => {
    const f = { status: 'failed' as const, type: 'invoice.paid' };
    const params = eventFiltersToParams(f);
    expect(params.toString()).toBe('status=failed&type=invoice.paid');
    expect(eventFiltersFromParams(params)).toEqual(f);
    expect(eventFiltersToParams(EMPTY_EVENT_FILTERS, params).toString()).toBe('');
  });

  it('ignore a status or type the server would refuse', () => {
    expect(eventFiltersFromParams(new URLSearchParams('status=retrying&type=DROP TABLE'))).toEqual(EMPTY_EVENT_FILTERS);
    expect(eventFiltersFromParams(new URLSearchParams('type=customer.subscription.updated')).type).toBe('customer.subscription.updated');
    expect(isEventsFiltered(EMPTY_EVENT_FILTERS)).toBe(false);
  });
});
