// The dashboard's filters: read from and written to the page's URL, and turned into the analytics query string.
import { rangeBounds, rangeFromParams, rangeToParams, requestGrain, type TimeRange } from '../../lib/timeRange';

/** AnalyticsFilters is the time range and what the dashboard is narrowed to; empty strings mean "all". */
export interface AnalyticsFilters extends TimeRange {
  apiId: string;
  applicationId: string;
  /** Only with an API: plans belong to one. */
  planId: string;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const id = (v: string | null) => (v && ID.test(v) ? v : '');

/** filtersFromParams reads the range and `api_id`, `application_id` and `plan_id` from the URL. */
export function filtersFromParams(params: URLSearchParams): AnalyticsFilters {
  const apiId = id(params.get('api_id'));
  return {
    ...rangeFromParams(params),
    apiId,
    applicationId: id(params.get('application_id')),
    planId: apiId ? id(params.get('plan_id')) : '',
  };
}

/** filtersToParams writes the filters into a copy of the URL's parameters, leaving the others alone. */
export function filtersToParams(f: AnalyticsFilters, base: URLSearchParams = new URLSearchParams()): URLSearchParams {
  const out = rangeToParams(f, base);
  const put = (key: string, value: string) => {
    if (value) out.set(key, value);
    else out.delete(key);
  };
  put('api_id', f.apiId);
  put('application_id', f.applicationId);
  put('plan_id', f.apiId ? f.planId : '');
  return out;
}

/**
 * analyticsQuery is the query string of the timeseries and summary endpoints. Both ends of the range are always
 * sent, so the two answers describe the same range; the grain is left to the server but for ranges over 90 days.
 */
export function analyticsQuery(f: AnalyticsFilters, now: Date): Record<string, string> {
  const q: Record<string, string> = rangeBounds(f, now);
  const grain = requestGrain(q.from, q.to);
  if (grain) q.grain = grain;
  if (f.apiId) q.api_id = f.apiId;
  if (f.applicationId) q.application_id = f.applicationId;
  if (f.apiId && f.planId) q.plan_id = f.planId;
  return q;
}

/** isNarrowed reports whether anything but the time range narrows the dashboard. */
export const isNarrowed = (f: AnalyticsFilters) => f.apiId !== '' || f.applicationId !== '' || f.planId !== '';
