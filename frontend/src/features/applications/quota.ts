// How far a subscription is into its quota: the bar's width, its marks and tone, and the words that say it.
import { formatNumber } from '../../lib/format';
import type { QuotaUsage } from '../../lib/types';

/** QUOTA_MARKS are the default alert thresholds: the bar marks them, and warnings are sent as usage crosses them. */
export const QUOTA_MARKS: readonly number[] = [80, 90, 100];

export type QuotaLevel = 'ok' | 'warning' | 'critical' | 'exhausted';

export interface QuotaProgress {
  unlimited: boolean;
  /** How much of the quota is used, in percent; above 100 when overage is billed. 0 when unlimited. */
  percent: number;
  /** The bar's filled width in percent, 0 to 100. */
  width: number;
  level: QuotaLevel;
  /** "812 of 1,000 calls (81%)", or "1,234 calls (unlimited)". */
  summary: string;
  /** "188 calls left", "No calls left" or "" when unlimited. */
  left: string;
}

/** percentUsed is the share of the quota used, from the server's percent when it sent one, with two decimals at most. */
export function percentUsed(u: Pick<QuotaUsage, 'quota' | 'used' | 'percent'>): number | null {
  if (u.quota === null) return null;
  if (u.percent !== null && Number.isFinite(u.percent)) return u.percent;
  if (u.quota <= 0) return 100;
  return Math.round((u.used / u.quota) * 10_000) / 100;
}

/** quotaLevel says how worrying a share of the quota is: past 80% a warning, past 90% critical, at 100% exhausted. */
export function quotaLevel(percent: number): QuotaLevel {
  if (percent >= 100) return 'exhausted';
  if (percent >= 90) return 'critical';
  if (percent >= 80) return 'warning';
  return 'ok';
}

/** formatPercent says a share without useless decimals: 81, 80.5, 100. */
function formatPercent(p: number): string {
  return `${formatNumber(p >= 10 ? Math.floor(p) : Math.floor(p * 10) / 10)}%`;
}

/** quotaProgress works out the bar of one subscription's quota. */
export function quotaProgress(u: QuotaUsage): QuotaProgress {
  const percent = percentUsed(u);
  if (percent === null || u.quota === null) {
    return { unlimited: true, percent: 0, width: 0, level: 'ok', summary: `${formatNumber(u.used)} ${u.used === 1 ? 'call' : 'calls'} (unlimited)`, left: '' };
  }
  const remaining = u.remaining ?? Math.max(u.quota - u.used, 0);
  return {
    unlimited: false,
    percent,
    width: Math.min(100, Math.max(0, percent)),
    level: quotaLevel(percent),
    summary: `${formatNumber(u.used)} of ${formatNumber(u.quota)} calls (${formatPercent(percent)})`,
    left: remaining > 0 ? `${formatNumber(remaining)} ${remaining === 1 ? 'call' : 'calls'} left` : 'No calls left',
  };
}

const LEVEL_NOTES: Record<QuotaLevel, string> = {
  ok: '',
  warning: 'Over 80% of the quota is used.',
  critical: 'Over 90% of the quota is used: calls will soon be refused.',
  exhausted: 'The quota is used up: calls are refused with 402 quota_exhausted until it resets, unless the plan bills overage.',
};

/** quotaNote explains what a level means for the application's calls. */
export function quotaNote(level: QuotaLevel): string {
  return LEVEL_NOTES[level];
}
