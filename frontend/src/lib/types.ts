// Shapes of the management API v1 (see the API contract). Timestamps are RFC 3339 strings.

export type Role = 'owner' | 'admin' | 'billing' | 'developer';

export const ROLES: readonly Role[] = ['owner', 'admin', 'billing', 'developer'];

export interface User {
  id: string;
  email: string;
  name: string;
  is_platform_admin: boolean;
  created_at: string;
}

export interface Membership {
  tenant: { id: string; slug: string; name: string };
  role: Role;
}

export interface Me extends User {
  memberships: Membership[];
}

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token?: string;
  user: User;
}

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  allow_signup: boolean;
  created_at: string;
  /** The caller's role; omitted for a platform admin who is not a member. */
  role?: Role;
  /** The caller's teams in this tenant (GET /tenants/{tenant} only; absent when none). */
  team_ids?: string[];
  /** Only when creating a tenant whose owner was invited: the invitation link, shown once. */
  accept_url?: string;
}

export interface PublicTenant {
  slug: string;
  name: string;
  allow_signup: boolean;
}

export interface Member {
  user_id: string;
  email: string;
  name: string;
  role: Role;
  joined_at: string;
}

export type InvitationStatus = 'pending' | 'accepted' | 'expired' | 'revoked';

export interface UserRef {
  id: string;
  email: string;
  name: string;
}

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  team_id: string | null;
  invited_by: UserRef;
  expires_at: string;
  accepted_at: string | null;
  created_at: string;
  status: InvitationStatus;
  /** The link to accept; only in the answer to creating the invitation, never again. */
  accept_url?: string;
}

export interface InvitationPreview {
  tenant: { slug: string; name: string };
  email: string;
  role: Role;
  expires_at: string;
  user_exists: boolean;
}

export interface Team {
  id: string;
  slug: string;
  name: string;
  description: string;
  member_count: number;
  created_at: string;
}

export interface TeamMember {
  user_id: string;
  email: string;
  name: string;
  added_at: string;
}

export interface AuditEntry {
  /** The server sends a number (a bigint sequence); ids elsewhere are UUID strings. */
  id: string | number;
  actor: UserRef | null;
  action: string;
  target_type: string;
  target_id: string;
  /** A readable name of the target (a name or an email); empty when the server has none. */
  target_label?: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  request_id: string;
  ip: string;
  created_at: string;
}

export interface ListResponse<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

// Issue 3: catalogue, plans, applications, subscriptions, API keys, notifications.

export type Lifecycle = 'draft' | 'published' | 'deprecated' | 'retired';
export type LifecycleAction = 'publish' | 'deprecate' | 'retire';
export type Visibility = 'public' | 'private';

export interface Api {
  id: string;
  team_id: string;
  team_name: string;
  slug: string;
  name: string;
  description: string;
  base_path: string;
  /** A host the gateway also routes the API by (absent or "" when none). */
  host?: string;
  upstream_url: string;
  timeout_ms: number;
  visibility: Visibility;
  visible_team_ids: string[];
  lifecycle: Lifecycle;
  sunset_at: string | null;
  tags: string[];
  has_openapi: boolean;
  /** Callers may send their key as ?api_key= (off by default: URLs end up in logs). */
  allow_query_key?: boolean;
  created_at: string;
  updated_at: string;
}

export type ApprovalPolicy = 'auto' | 'manual' | 'two_person';

export interface Plan {
  id: string;
  api_id: string;
  name: string;
  description: string;
  paid: boolean;
  stripe_price_id: string;
  billing: 'flat' | 'metered';
  /** 0 means no limit. */
  rate_limit_per_second: number;
  rate_limit_per_minute: number;
  /** null means unlimited. */
  monthly_quota: number | null;
  overage: 'block' | 'bill';
  approval: ApprovalPolicy;
  grace_days: number;
  trial_days: number;
  /** The response classes that count against the quota and as billable usage ("2xx", "3xx", …). */
  counted_statuses?: string[];
  /** Percents of the monthly quota at which subscribers are warned (default 80, 90 and 100). */
  alert_thresholds?: number[];
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface Application {
  id: string;
  team_id: string;
  team_name: string;
  name: string;
  description: string;
  created_at: string;
  updated_at: string;
}

export type SubscriptionState =
  | 'requested'
  | 'pending_approval'
  | 'approved'
  | 'pending_payment'
  | 'active'
  | 'past_due'
  | 'suspended'
  | 'rejected'
  | 'revoked'
  | 'canceled';

export interface Approval {
  admin: UserRef;
  comment: string;
  created_at: string;
}

export interface Subscription {
  id: string;
  application_id: string;
  application_name: string;
  team_id: string;
  team_name: string;
  api_id: string;
  api_name: string;
  plan_id: string;
  plan_name: string;
  approval_policy: ApprovalPolicy;
  state: SubscriptionState;
  reason: string;
  requested_by: UserRef | null;
  decided_by: UserRef | null;
  decided_at: string | null;
  decision_comment: string;
  approvals: Approval[] | null;
  grace_ends_at: string | null;
  created_at: string;
  updated_at: string;
  // Billing (issue 5): the plan's terms and what Stripe last said; empty or null on free plans.
  paid?: boolean;
  billing?: 'flat' | 'metered';
  /** Stripe's subscription status (active, past_due, unpaid, …); empty until the first checkout. */
  stripe_status?: string;
  current_period_start?: string | null;
  current_period_end?: string | null;
  latest_invoice_status?: string;
  /** In the currency's smallest unit (cents for USD). */
  latest_invoice_amount?: number;
  latest_invoice_currency?: string;
  hosted_invoice_url?: string;
}

export interface SubscriptionEvent {
  id: string | number;
  event: string;
  from_state: SubscriptionState | '' | null;
  to_state: SubscriptionState;
  actor: UserRef | null;
  reason: string;
  created_at: string;
}

export type KeyMode = 'live' | 'test';
export type KeyStatus = 'active' | 'expired' | 'revoked';

export interface ApiKey {
  id: string;
  application_id: string;
  name: string;
  prefix: string;
  mode: KeyMode;
  /** Empty means every API the application subscribes to. */
  api_ids: string[];
  allowed_ips: string[];
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  rotated_from_id: string | null;
  created_by: UserRef | null;
  created_at: string;
  status: KeyStatus;
}

/** CreatedApiKey is the answer to creating or rotating a key: the only time the plaintext key is sent. */
export interface CreatedApiKey extends ApiKey {
  key: string;
}

export interface AppNotification {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string;
  read_at: string | null;
  created_at: string;
}

export interface NotificationList extends ListResponse<AppNotification> {
  unread: number;
}

// Issue 4: the gateway's call logs.

/** GatewayCode is the gateway's decision on a call: `ok` (passed to the upstream), or why it refused or failed. */
export type GatewayCode =
  | 'ok'
  | 'missing_api_key'
  | 'invalid_api_key'
  | 'api_key_revoked'
  | 'api_key_expired'
  | 'ip_not_allowed'
  | 'no_route'
  | 'api_retired'
  | 'key_scope_denied'
  | 'not_subscribed'
  | 'subscription_pending_approval'
  | 'subscription_rejected'
  | 'subscription_revoked'
  | 'subscription_suspended'
  | 'payment_required'
  | 'payment_overdue'
  | 'subscription_canceled'
  | 'quota_exhausted'
  | 'rate_limited'
  | 'upstream_unavailable'
  | 'upstream_timeout'
  | 'client_closed_request'
  | 'gateway_unavailable'
  | 'bad_request'
  | 'payload_too_large';

/** CallRecord is one call the gateway logged. */
export interface CallRecord {
  /** When the call arrived at the gateway (RFC 3339 with fractions); pass it as `at` to look the call up. */
  time: string;
  request_id: string;
  /** Null when the key was missing or unknown. */
  application_id: string | null;
  /** Null when no API is published at the path. */
  api_id: string | null;
  subscription_id: string | null;
  /** The first characters of the key; empty when unknown. */
  key_prefix: string;
  method: string;
  /** `/<tenant>/<base path>/…`, without the query. */
  path: string;
  status: number;
  /** A GatewayCode; typed as a string so that codes added later still render. */
  code: string;
  latency_us: number;
  upstream_us: number;
  bytes_in: number;
  bytes_out: number;
  client_ip: string;
}

/** CallList is a page of calls, newest first, paged back in time: pass next_cursor as `cursor` for the older page. */
export interface CallList {
  items: CallRecord[];
  limit: number;
  /** Where the next, older page starts when there is one (an opaque token); null on the last page. */
  next_cursor: string | null;
}

// Issue 5: Stripe billing.

/** StripeSource says whose Stripe account a tenant uses: its own key, the operator's, or none. */
export type StripeSource = 'tenant' | 'operator' | 'none';

/** StripeSettings is a tenant's Stripe connection; the secrets themselves are never sent, only their last 4 characters. */
export interface StripeSettings {
  connected: boolean;
  source: StripeSource;
  secret_key_set: boolean;
  secret_key_last4: string;
  webhook_secret_set: boolean;
  webhook_secret_last4: string;
  livemode: boolean;
  verified_at: string | null;
  updated_at: string | null;
  /** Where Stripe sends this tenant's webhook events. */
  webhook_url: string;
  /** The API version the webhook endpoint must use. */
  api_version: string;
  /** The events to select on the endpoint in Stripe's dashboard. */
  event_types: string[];
}

/** StripeSecretsInput changes the secrets: a missing field stays, an empty string removes it. */
export interface StripeSecretsInput {
  secret_key?: string;
  webhook_secret?: string;
}

/** StripeCheck is the outcome of testing the connection; ok is false with a detail when Stripe refuses the key. */
export interface StripeCheck {
  ok: boolean;
  livemode: boolean;
  detail: string;
}

export type PriceInterval = 'day' | 'week' | 'month' | 'year';

/** StripePrice is a recurring price in the tenant's Stripe account. */
export interface StripePrice {
  id: string;
  product_id: string;
  product_name: string;
  nickname: string;
  /** In the currency's smallest unit (cents for USD). */
  unit_amount: number;
  currency: string;
  interval: PriceInterval | string;
  usage_type: 'licensed' | 'metered' | string;
  active: boolean;
}

/** PriceInput creates a Stripe price for a plan. */
export interface PriceInput {
  unit_amount: number;
  currency: string;
  interval: PriceInterval;
}

/** DriftKind is how a subscription differs from Stripe. */
export type DriftKind = 'state' | 'period' | 'invoice' | 'unlinked' | 'missing' | 'usage';

/** ReconciliationRow compares one paid subscription with Stripe. */
export interface ReconciliationRow {
  subscription_id: string;
  application_name: string;
  api_name: string;
  plan_name: string;
  state: SubscriptionState;
  grace_ends_at: string | null;
  stripe_subscription_id: string;
  stripe_status: string;
  current_period_start: string | null;
  current_period_end: string | null;
  stripe_period_start: string | null;
  stripe_period_end: string | null;
  latest_invoice_status: string;
  latest_invoice_amount: number;
  latest_invoice_currency: string;
  metered: boolean;
  usage_counted: number;
  usage_reported: number;
  /** Empty when the subscription is in step with Stripe. */
  drift: (DriftKind | string)[];
  detail: string;
  fixed: boolean;
}

/** ReconciliationRun is one comparison of the tenant's paid subscriptions with Stripe. */
export interface ReconciliationRun {
  id: string;
  trigger: string;
  fix: boolean;
  started_at: string;
  finished_at: string | null;
  checked: number;
  drifted: number;
  fixed: number;
  /** Set when Stripe could not be asked: nothing was changed. */
  error: string;
  rows: ReconciliationRow[];
}

export type StripeEventStatus = 'processed' | 'pending' | 'retrying' | 'failed';

/** StripeEventRecord is a webhook event Tollgate received (or recovered) and how applying it went. */
export interface StripeEventRecord {
  id: string;
  type: string;
  created: string;
  livemode: boolean;
  subscription_id: string | null;
  source: 'webhook' | 'recovery' | string;
  received_at: string;
  processed_at: string | null;
  status: StripeEventStatus;
  outcome: string;
  error: string;
  attempts: number;
  next_attempt_at: string | null;
}

/** BillingOverview counts what the billing team watches. */
export interface BillingOverview {
  connected: boolean;
  active_paid: number;
  pending_payment: number;
  past_due: number;
  in_grace: number;
  suspended: number;
  failed_events: number;
  pending_events: number;
  /** Metered calls counted but not reported to Stripe yet. */
  unreported_usage: number;
  last_reconciliation: ReconciliationRun | null;
  failed_payments: Subscription[] | null;
}

// Issue 6: usage analytics, threshold alerts, notification preferences and outgoing webhooks.

/** Grain is the width of one bucket of a time series; the server picks it from the range unless asked. */
export type Grain = 'minute' | 'hour' | 'day';

/** SeriesPoint is one bucket of traffic. Latencies are in milliseconds; errors are the 5xx answers. */
export interface SeriesPoint {
  bucket: string;
  calls: number;
  status_1xx: number;
  status_2xx: number;
  status_3xx: number;
  status_4xx: number;
  status_5xx: number;
  errors: number;
  /** Calls the gateway refused (any decision but ok). */
  refusals: number;
  bytes_in: number;
  bytes_out: number;
  /** Calls the plan counts against the quota and bills. */
  billable: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
}

/** Timeseries is traffic over time, at one grain. */
export interface Timeseries {
  from: string;
  to: string;
  grain: Grain;
  points: SeriesPoint[];
}

export interface AnalyticsTotals {
  calls: number;
  errors: number;
  refusals: number;
  /** errors / calls, from 0 to 1. */
  error_rate: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  billable: number;
  bytes_in: number;
  bytes_out: number;
}

/** Ranked is one line of a top list (applications or APIs). */
export interface Ranked {
  id: string;
  name: string;
  calls: number;
  errors: number;
}

/** CodeCount counts the refused calls with one decision code. */
export interface CodeCount {
  code: string;
  status: number;
  calls: number;
}

/** PlanUsage is a plan's traffic in the range: every call, and the billable ones. */
export interface PlanUsage {
  plan_id: string;
  plan_name: string;
  api_name: string;
  paid: boolean;
  calls: number;
  billable: number;
}

/** AnalyticsSummary is a range's totals and breakdowns. */
export interface AnalyticsSummary {
  totals: AnalyticsTotals;
  top_applications: Ranked[];
  top_apis: Ranked[];
  refusals_by_code: CodeCount[];
  usage_by_plan: PlanUsage[];
}

/** QuotaUsage is one subscription's use of its monthly quota this period; null quota means unlimited. */
export interface QuotaUsage {
  subscription_id: string;
  api_id: string;
  api_name: string;
  plan_name: string;
  state: SubscriptionState;
  quota: number | null;
  used: number;
  remaining: number | null;
  percent: number | null;
  period_start: string;
  /** When the quota resets. */
  period_end: string;
}

/** BillableUsage compares a paid subscription's billable calls this period with what was reported to Stripe. */
export interface BillableUsage {
  subscription_id: string;
  application_name: string;
  api_name: string;
  plan_name: string;
  metered: boolean;
  period_start: string | null;
  period_end: string | null;
  counted: number;
  reported: number;
  unreported: number;
}

/** NotificationPreference is what a member wants to hear about one kind, and where. */
export interface NotificationPreference {
  kind: string;
  label: string;
  description: string;
  portal: boolean;
  email: boolean;
}

export type WebhookEndpointStatus = 'active' | 'failing';

/** WebhookEndpoint is a URL Tollgate posts events to, signed with the endpoint's secret. */
export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string;
  /** Notification kinds; empty means every kind. */
  events: string[];
  /** The team whose applications' events are sent; null for a tenant-wide endpoint. */
  team_id: string | null;
  enabled: boolean;
  status: WebhookEndpointStatus;
  failure_count: number;
  last_delivery_at: string | null;
  last_status: number | null;
  created_at: string;
}

/** CreatedWebhookEndpoint is the answer to creating an endpoint: the only time its signing secret is sent. */
export interface CreatedWebhookEndpoint extends WebhookEndpoint {
  secret: string;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'retrying' | 'failed';

/** WebhookDelivery is one event sent (or being sent) to an endpoint. */
export interface WebhookDelivery {
  id: string;
  event_id: string;
  kind: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  response_status: number | null;
  error: string;
  created_at: string;
  delivered_at: string | null;
  next_attempt_at: string | null;
}
