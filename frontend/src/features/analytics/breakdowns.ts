// The summary's breakdowns, arranged for reading: refusals grouped by status, shares of the calls.
import { codeInfo } from '../../lib/codes';
import type { CodeCount } from '../../lib/types';

/** StatusGroup is the refused calls answered with one status (402), and the codes behind them, most first. */
export interface StatusGroup {
  status: number;
  title: string;
  calls: number;
  codes: CodeCount[];
}

const STATUS_TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  402: 'Payment required',
  403: 'Forbidden',
  404: 'Not found',
  410: 'Gone',
  413: 'Payload too large',
  429: 'Too many requests',
  499: 'Client closed the request',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

/** statusTitle names an HTTP status: 402 → "Payment required". */
export function statusTitle(status: number): string {
  return STATUS_TITLES[status] ?? `Status ${status}`;
}

/**
 * refusalsByStatus groups the refusals by their status, the groups and the codes in each with the most calls first:
 * "402: 37 calls, 30 quota_exhausted and 7 payment_overdue".
 */
export function refusalsByStatus(codes: readonly CodeCount[]): StatusGroup[] {
  const groups = new Map<number, StatusGroup>();
  for (const c of codes) {
    const status = c.status || codeInfo(c.code)?.status || 0;
    const g = groups.get(status) ?? { status, title: statusTitle(status), calls: 0, codes: [] };
    g.calls += c.calls;
    g.codes.push({ ...c, status });
    groups.set(status, g);
  }
  const byCalls = <T extends { calls: number }>(a: T, b: T) => b.calls - a.calls;
  return [...groups.values()]
    .map((g) => ({ ...g, codes: [...g.codes].sort((a, b) => byCalls(a, b) || a.code.localeCompare(b.code)) }))
    .sort((a, b) => byCalls(a, b) || a.status - b.status);
}

/** sharePercent is part of whole in percent, rounded to a whole number ("0%" below half a percent); null with no whole. */
export function sharePercent(part: number, whole: number): number | null {
  if (!whole) return null;
  return Math.round((part / whole) * 100);
}
