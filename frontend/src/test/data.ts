import type { AnalyticsSummary, Api, Plan, SeriesPoint, Subscription, Timeseries } from '../lib/types';
import { emptyPoint } from '../lib/series';

/** Shapes of the issue 3 API, filled in with the demo data's names, for tests to adjust. */

export const weather: Api = {
  id: 'api-1',
  team_id: 'team-p',
  team_name: 'Platform',
  slug: 'weather',
  name: 'Weather',
  description: 'Forecasts for cities.',
  base_path: '/weather',
  upstream_url: 'https://weather.internal',
  timeout_ms: 30000,
  visibility: 'public',
  visible_team_ids: [],
  lifecycle: 'published',
  sunset_at: null,
  tags: ['weather'],
  has_openapi: false,
  created_at: '2026-11-01T10:00:00Z',
  updated_at: '2026-11-01T10:00:00Z',
};

export const plan = (over: Partial<Plan> = {}): Plan => ({
  id: 'plan-free',
  api_id: 'api-1',
  name: 'Free',
  description: '',
  paid: false,
  stripe_price_id: '',
  billing: 'flat',
  rate_limit_per_second: 10,
  rate_limit_per_minute: 0,
  monthly_quota: 1000,
  overage: 'block',
  approval: 'auto',
  grace_days: 3,
  trial_days: 0,
  archived_at: null,
  created_at: '2026-11-01T10:00:00Z',
  updated_at: '2026-11-01T10:00:00Z',
  ...over,
});

export const olivia = { id: 'u-owner', email: 'owner@acme.test', name: 'Olivia Owner' };
export const adam = { id: 'u-admin', email: 'admin2@acme.test', name: 'Adam Admin' };
export const dev = { id: 'u-dev', email: 'dev@acme.test', name: 'Dev Eloper' };

export const subscription = (over: Partial<Subscription> = {}): Subscription => ({
  id: 'sub-1',
  application_id: 'app-1',
  application_name: 'Mobile App',
  team_id: 'team-m',
  team_name: 'Mobile',
  api_id: 'api-1',
  api_name: 'Weather',
  plan_id: 'plan-free',
  plan_name: 'Free',
  approval_policy: 'auto',
  state: 'active',
  reason: 'Show the weather in the app.',
  requested_by: dev,
  decided_by: null,
  decided_at: null,
  decision_comment: '',
  approvals: [],
  grace_ends_at: null,
  created_at: '2026-11-20T09:00:00Z',
  updated_at: '2026-11-20T09:00:00Z',
  paid: false,
  billing: 'flat',
  stripe_status: '',
  current_period_start: null,
  current_period_end: null,
  latest_invoice_status: '',
  latest_invoice_amount: 0,
  latest_invoice_currency: '',
  hosted_invoice_url: '',
  ...over,
});

/** paidSubscription is the demo developer's subscription to the paid Pro plan, waiting for its first payment. */
export const paidSubscription = (over: Partial<Subscription> = {}): Subscription =>
  subscription({ plan_id: 'plan-pro', plan_name: 'Pro', paid: true, state: 'pending_payment', ...over });

export const list = <T,>(items: T[]) => ({ items, total: items.length, limit: 50, offset: 0 });

/** seriesPoint is one bucket of traffic, empty unless told. */
export const seriesPoint = (bucket: string, over: Partial<SeriesPoint> = {}): SeriesPoint => ({ ...emptyPoint(bucket), ...over });

/** timeseries answers the timeseries endpoint for the range of a request, with these points (the rest empty). */
export const timeseries = (from: string, to: string, points: SeriesPoint[], grain: Timeseries['grain'] = 'minute'): Timeseries => ({
  from,
  to,
  grain,
  points,
});

/** summary is a range's summary with the demo data's names. */
export const summary = (over: Partial<AnalyticsSummary> = {}): AnalyticsSummary => ({
  totals: {
    calls: 35,
    errors: 1,
    refusals: 5,
    error_rate: 1 / 35,
    p50_ms: 12,
    p95_ms: 48,
    p99_ms: 120,
    billable: 29,
    bytes_in: 2048,
    bytes_out: 40960,
  },
  top_applications: [{ id: 'app-1', name: 'Mobile App', calls: 30, errors: 1 }],
  top_apis: [{ id: 'api-1', name: 'Weather', calls: 35, errors: 1 }],
  refusals_by_code: [
    { code: 'invalid_api_key', status: 401, calls: 5 },
    { code: 'quota_exhausted', status: 402, calls: 3 },
  ],
  usage_by_plan: [{ plan_id: 'plan-free', plan_name: 'Free', api_name: 'Weather', paid: false, calls: 30, billable: 29 }],
  ...over,
});
