import type { ApprovalPolicy, Lifecycle, Role, SubscriptionState } from './types';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeSeconds = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** formatDateTime shows an RFC 3339 timestamp in the reader's locale, or an em dash when missing. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : dateTime.format(d);
}

/** formatDateTimeSeconds is formatDateTime with seconds, for logs where calls follow each other closely. */
export function formatDateTimeSeconds(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : dateTimeSeconds.format(d);
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : dateOnly.format(d);
}

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  billing: 'Billing',
  developer: 'Developer',
};

export function roleLabel(role: Role | null | undefined): string {
  return role ? (ROLE_LABELS[role] ?? role) : 'Platform admin';
}

/** slugify derives a URL slug from a name the way the server does when no slug is given. */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}

/** Noun is how a count is named: one and many ("1 team", "2 teams"). */
export type Noun = readonly [one: string, many: string];

/** plural says a count with its noun in the right number. */
export function plural(n: number, noun: Noun): string {
  return `${n} ${n === 1 ? noun[0] : noun[1]}`;
}

const numberFormat = new Intl.NumberFormat();

export function formatNumber(n: number): string {
  return numberFormat.format(n);
}

export const LIFECYCLE_LABELS: Record<Lifecycle, string> = {
  draft: 'Draft',
  published: 'Published',
  deprecated: 'Deprecated',
  retired: 'Retired',
};

export const STATE_LABELS: Record<SubscriptionState, string> = {
  requested: 'Requested',
  pending_approval: 'Pending approval',
  approved: 'Approved',
  pending_payment: 'Pending payment',
  active: 'Active',
  past_due: 'Past due',
  suspended: 'Suspended',
  rejected: 'Rejected',
  revoked: 'Revoked',
  canceled: 'Canceled',
};

export function stateLabel(state: string | null | undefined): string {
  if (!state) return '—';
  return STATE_LABELS[state as SubscriptionState] ?? state.replace(/_/g, ' ');
}

export const APPROVAL_LABELS: Record<ApprovalPolicy, string> = {
  auto: 'Automatic',
  manual: 'Manual approval',
  two_person: 'Two-person approval',
};

/** LIVE_STATES are the subscription states that still count: the application can (or soon can) call the API. */
export const LIVE_STATES: readonly SubscriptionState[] = [
  'requested',
  'pending_approval',
  'approved',
  'pending_payment',
  'active',
  'past_due',
  'suspended',
];

/** toDateTimeLocal turns an RFC 3339 timestamp into the value of an <input type="datetime-local">. */
export function toDateTimeLocal(value: string | Date): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** fromDateTimeLocal turns the value of an <input type="datetime-local"> (local time) into RFC 3339 UTC. */
export function fromDateTimeLocal(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** planLimits says a plan's limits in a few words: "10 requests/s · 1,000 calls a month". */
export function planLimits(p: {
  rate_limit_per_second: number;
  rate_limit_per_minute: number;
  monthly_quota: number | null;
}): string {
  const parts: string[] = [];
  if (p.rate_limit_per_second > 0) parts.push(`${formatNumber(p.rate_limit_per_second)} requests/s`);
  if (p.rate_limit_per_minute > 0) parts.push(`${formatNumber(p.rate_limit_per_minute)} requests/min`);
  parts.push(p.monthly_quota === null ? 'unlimited calls' : `${formatNumber(p.monthly_quota)} calls a month`);
  if (p.rate_limit_per_second === 0 && p.rate_limit_per_minute === 0) parts.unshift('no rate limit');
  return parts.join(' · ');
}

/** planPrice says whether a plan is free or paid, and how paid plans bill. */
export function planPrice(p: { paid: boolean; billing: 'flat' | 'metered'; trial_days: number }): string {
  if (!p.paid) return 'Free';
  const base = p.billing === 'metered' ? 'Paid, metered' : 'Paid, flat';
  return p.trial_days > 0 ? `${base} · ${p.trial_days}-day trial` : base;
}

/** approvalsNeeded is how many different admins must approve under a policy. */
export function approvalsNeeded(policy: ApprovalPolicy): number {
  return policy === 'two_person' ? 2 : policy === 'manual' ? 1 : 0;
}

/** approvalProgress says how far a pending request is: "1 of 2 approvals". */
export function approvalProgress(sub: { approval_policy: ApprovalPolicy; approvals: unknown[] | null }): string {
  const need = approvalsNeeded(sub.approval_policy);
  const have = sub.approvals?.length ?? 0;
  return `${have} of ${need} approval${need === 1 ? '' : 's'}`;
}

/** formatMicros says a duration given in microseconds readably: "850 µs", "48.2 ms", "1.25 s". */
export function formatMicros(us: number): string {
  if (us < 1000) return `${Math.round(us)} µs`;
  const ms = us / 1000;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** formatBytes says a size in bytes, kilobytes or megabytes (1 KB = 1,024 bytes). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${formatNumber(n)} ${n === 1 ? 'byte' : 'bytes'}`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** minorDigits is how many decimals a currency has: 2 for USD and EUR (cents), 0 for JPY. Stripe counts amounts in
 * these smallest units. */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** formatMoney says an amount given in the currency's smallest unit (cents) readably: 4900 usd → "$49.00". */
export function formatMoney(amount: number, currency: string, locale?: string): string {
  const code = currency.toUpperCase();
  const digits = minorDigits(code);
  const major = amount / 10 ** digits;
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: code }).format(major);
  } catch {
    return `${major.toFixed(digits)} ${code}`;
  }
}

/**
 * toMinorUnits turns an amount typed in major units ("49", "49.5", "49.50") into the currency's smallest unit (4950
 * cents), as Stripe wants it. Null when the text is not a plain amount or has more decimals than the currency.
 */
export function toMinorUnits(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const m = /^(\d{1,9})(?:\.(\d*))?$/.exec(text.trim());
  if (!m) return null;
  const frac = m[2] ?? '';
  if (frac.length > digits) return null;
  return Number(m[1]) * 10 ** digits + (frac === '' ? 0 : Number(frac.padEnd(digits, '0')));
}

const INTERVAL_ADVERBS: Record<string, string> = { day: 'daily', week: 'weekly', month: 'monthly', year: 'yearly' };

/**
 * formatPrice says what a Stripe price charges: "$49.00 / month" for a flat price, "$0.01 per call, billed monthly"
 * for a metered one.
 */
export function formatPrice(
  p: { unit_amount: number; currency: string; interval: string; usage_type: string },
  locale?: string,
): string {
  const amount = formatMoney(p.unit_amount, p.currency, locale);
  if (p.usage_type === 'metered') return `${amount} per call, billed ${INTERVAL_ADVERBS[p.interval] ?? `every ${p.interval}`}`;
  return p.interval ? `${amount} / ${p.interval}` : amount;
}

/** formatPeriod says a billing period: "Nov 1, 2026 – Dec 1, 2026", or an em dash when unknown. */
export function formatPeriod(start: string | null | undefined, end: string | null | undefined): string {
  if (!start && !end) return '—';
  return `${formatDate(start)} – ${formatDate(end)}`;
}
