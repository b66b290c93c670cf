// The analytics time range: a preset ("last 24 hours") or a custom range, read from and written to the page's URL.
import type { Grain } from './types';

export type RangeId = '1h' | '24h' | '7d' | '30d' | '90d' | 'custom';
export type PresetId = Exclude<RangeId, 'custom'>;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** MAX_RANGE_DAYS is the longest range the analytics endpoints answer, in days (the server answers 422 beyond it). */
export const MAX_RANGE_DAYS = 732;
export const MAX_RANGE_MS = MAX_RANGE_DAYS * DAY;

/** Beyond this span the server answers only in days, and must be asked for them (grain=day). */
const MAX_AUTO_GRAIN_MS = 90 * DAY;

/** FUTURE_MARGIN_MS is how far past the server's clock a range may end. */
const FUTURE_MARGIN_MS = MINUTE;

export const RANGE_PRESETS: readonly { id: PresetId; label: string; phrase: string; ms: number }[] = [
  { id: '1h', label: 'Last hour', phrase: 'the last hour', ms: HOUR },
  { id: '24h', label: 'Last 24 hours', phrase: 'the last 24 hours', ms: DAY },
  { id: '7d', label: 'Last 7 days', phrase: 'the last 7 days', ms: 7 * DAY },
  { id: '30d', label: 'Last 30 days', phrase: 'the last 30 days', ms: 30 * DAY },
  { id: '90d', label: 'Last 90 days', phrase: 'the last 90 days', ms: 90 * DAY },
];

export const DEFAULT_RANGE: PresetId = '24h';

/** TimeRange is a preset, or a custom range between two RFC 3339 times (from and to are empty for a preset). */
export interface TimeRange {
  range: RangeId;
  from: string;
  to: string;
}

export const DEFAULT_TIME_RANGE: TimeRange = { range: DEFAULT_RANGE, from: '', to: '' };

const validTime = (v: string | null): v is string => !!v && !Number.isNaN(Date.parse(v));

/**
 * rangeFromParams reads `range` (a preset) or `from` and `to` (a custom range) from the URL. A custom range wins when
 * both of its ends are times; anything unreadable falls back to the default preset. A reversed or too long custom
 * range is kept: the page explains what is wrong with it (checkRange) rather than silently showing another range.
 */
export function rangeFromParams(params: URLSearchParams): TimeRange {
  const from = params.get('from');
  const to = params.get('to');
  if (validTime(from) && validTime(to)) return { range: 'custom', from, to };
  const preset = RANGE_PRESETS.find((r) => r.id === params.get('range'))?.id ?? DEFAULT_RANGE;
  return { range: preset, from: '', to: '' };
}

/**
 * rangeToParams writes the range into a copy of the URL's parameters, leaving the others (filters, tabs) alone. The
 * default preset is left out, so the plain page has a plain URL.
 */
export function rangeToParams(r: TimeRange, base: URLSearchParams = new URLSearchParams()): URLSearchParams {
  const out = new URLSearchParams(base);
  const put = (key: string, value: string) => {
    if (value) out.set(key, value);
    else out.delete(key);
  };
  const custom = r.range === 'custom';
  put('range', custom || r.range === DEFAULT_RANGE ? '' : r.range);
  put('from', custom ? r.from : '');
  put('to', custom ? r.to : '');
  return out;
}

/** rangeBounds is the time range meant when the page was (re)loaded at now: a preset ends now. */
export function rangeBounds(r: TimeRange, now: Date): { from: string; to: string } {
  if (r.range === 'custom') return { from: r.from, to: r.to };
  const preset = RANGE_PRESETS.find((p) => p.id === r.range) ?? RANGE_PRESETS[1];
  const to = now.getTime();
  return { from: new Date(to - preset.ms).toISOString(), to: new Date(to).toISOString() };
}

/** checkRange checks a custom range as the server does, so mistakes are explained before anything is sent. */
export function checkRange(from: string | undefined, to: string | undefined, now: Date): { from?: string; to?: string } {
  if (!from) return { from: 'Enter when the range starts.', ...(to ? {} : { to: 'Enter when the range ends.' }) };
  if (!to) return { to: 'Enter when the range ends.' };
  const f = Date.parse(from);
  const t = Date.parse(to);
  if (Number.isNaN(f)) return { from: 'Enter a valid date and time.' };
  if (Number.isNaN(t)) return { to: 'Enter a valid date and time.' };
  if (f > now.getTime()) return { from: 'The start must not be in the future.' };
  if (f >= t) return { to: 'The end must be after the start.' };
  if (t > now.getTime() + FUTURE_MARGIN_MS) return { to: 'The end must not be in the future.' };
  if (t - f > MAX_RANGE_MS) return { to: `A range may span at most ${MAX_RANGE_DAYS} days (two years).` };
  return {};
}

/**
 * requestGrain is the grain to ask for: none (the server picks) up to 90 days, days beyond, where the server answers
 * only when asked for days.
 */
export function requestGrain(from: string, to: string): Grain | undefined {
  return Date.parse(to) - Date.parse(from) > MAX_AUTO_GRAIN_MS ? 'day' : undefined;
}

/** expectedGrain is the grain the server picks for a range: minutes up to 6 hours, hours up to 14 days, else days. */
export function expectedGrain(from: string, to: string): Grain {
  const ms = Date.parse(to) - Date.parse(from);
  if (ms <= 6 * HOUR) return 'minute';
  if (ms <= 14 * DAY) return 'hour';
  return 'day';
}

/** rangePhrase says the range in words: "the last 24 hours", or "between … and …" with format for the ends. */
export function rangePhrase(r: TimeRange, format: (iso: string) => string): string {
  if (r.range !== 'custom') return RANGE_PRESETS.find((p) => p.id === r.range)?.phrase ?? 'this range';
  return `between ${format(r.from)} and ${format(r.to)}`;
}

const GRAIN_WORDS: Record<Grain, string> = { minute: 'per minute', hour: 'per hour', day: 'per day' };

/** grainPhrase says a grain as a rate: "per hour". */
export function grainPhrase(grain: Grain | string): string {
  return GRAIN_WORDS[grain as Grain] ?? `per ${grain}`;
}
