// The call log's filters: read from and written to the page's URL, and turned into the list's query string.

/** The time ranges offered; one query may span at most 31 days. */
export type RangeId = '1h' | '24h' | '7d' | '31d' | 'custom';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** MAX_RANGE_MS is the longest range one query of the call log may span (the server answers 422 beyond it). */
export const MAX_RANGE_MS = 31 * DAY;

export const RANGE_PRESETS: readonly { id: Exclude<RangeId, 'custom'>; label: string; phrase: string; ms: number }[] = [
  { id: '1h', label: 'Last hour', phrase: 'the last hour', ms: HOUR },
  { id: '24h', label: 'Last 24 hours', phrase: 'the last 24 hours', ms: DAY },
  { id: '7d', label: 'Last 7 days', phrase: 'the last 7 days', ms: 7 * DAY },
  { id: '31d', label: 'Last 31 days', phrase: 'the last 31 days', ms: MAX_RANGE_MS },
];

export const DEFAULT_RANGE: RangeId = '24h';

/** CALLS_PAGE_SIZE is how many calls one page shows. */
export const CALLS_PAGE_SIZE = 50;

/** STATUS_RE is what the server accepts as a status filter: one status (402) or a class (4xx). */
export const STATUS_RE = /^([1-5]xx|[1-5][0-9][0-9])$/;

/** CallFilters is what the call log is narrowed to. Empty strings mean "any". */
export interface CallFilters {
  /** A status (402) or a class (4xx). */
  status: string;
  /** A gateway decision code. */
  code: string;
  /** Calls made with keys whose prefix starts with this. */
  keyPrefix: string;
  /** Calls whose path contains this. */
  q: string;
  range: RangeId;
  /** The custom range (RFC 3339); only used when range is 'custom'. */
  from: string;
  to: string;
}

export const EMPTY_FILTERS: CallFilters = {
  status: '',
  code: '',
  keyPrefix: '',
  q: '',
  range: DEFAULT_RANGE,
  from: '',
  to: '',
};

const validTime = (v: string | null): v is string => !!v && !Number.isNaN(Date.parse(v));

/**
 * filtersFromParams reads the filters from the page's URL: `status`, `code`, `key_prefix`, `q`, and either `range`
 * (a preset) or `from` and `to` (a custom range). Anything unreadable falls back to "any" or the default range.
 */
export function filtersFromParams(params: URLSearchParams): CallFilters {
  const status = params.get('status')?.trim().toLowerCase() ?? '';
  const from = params.get('from');
  const to = params.get('to');
  const custom = validTime(from) && validTime(to);
  const preset = RANGE_PRESETS.find((r) => r.id === params.get('range'))?.id ?? DEFAULT_RANGE;
  return {
    status: STATUS_RE.test(status) ? status : '',
    code: params.get('code')?.trim() ?? '',
    keyPrefix: params.get('key_prefix')?.trim() ?? '',
    q: params.get('q')?.trim() ?? '',
    range: custom ? 'custom' : preset,
    from: custom ? from : '',
    to: custom ? to : '',
  };
}

/**
 * filtersToParams writes filters into a copy of the URL's parameters, leaving the others (the open call) alone.
 * Defaults are left out, so the plain page has a plain URL.
 */
export function filtersToParams(filters: CallFilters, base: URLSearchParams = new URLSearchParams()): URLSearchParams {
  const out = new URLSearchParams(base);
  const put = (key: string, value: string) => {
    if (value) out.set(key, value);
    else out.delete(key);
  };
  put('status', filters.status);
  put('code', filters.code);
  put('key_prefix', filters.keyPrefix);
  put('q', filters.q);
  const custom = filters.range === 'custom';
  put('range', custom || filters.range === DEFAULT_RANGE ? '' : filters.range);
  put('from', custom ? filters.from : '');
  put('to', custom ? filters.to : '');
  return out;
}

/**
 * CLOCK_MARGIN_MS moves the end of a preset range a minute past the browser's "now", as the server's own default
 * does, so that a browser clock a little behind the gateway's does not hide the latest calls.
 */
export const CLOCK_MARGIN_MS = 60_000;

/** rangeBounds is the time range the filters mean when the page was (re)loaded at now. */
export function rangeBounds(filters: CallFilters, now: Date): { from: string; to: string } {
  if (filters.range === 'custom') return { from: filters.from, to: filters.to };
  const preset = RANGE_PRESETS.find((r) => r.id === filters.range) ?? RANGE_PRESETS[1];
  const to = now.getTime() + CLOCK_MARGIN_MS;
  return { from: new Date(to - preset.ms).toISOString(), to: new Date(to).toISOString() };
}

/**
 * callQuery is the query string of one page of the call log. Both ends of the range are always sent, so that every
 * page of one view has the same `from` (the server's default, 24 hours ago, would move), and a preset spans exactly
 * its length (the server's defaults would make 31 days one minute too long). `cursor` is the previous page's
 * `next_cursor`; everything else stays.
 */
export function callQuery(
  filters: CallFilters,
  now: Date,
  cursor?: string | null,
  limit = CALLS_PAGE_SIZE,
): Record<string, string> {
  const query: Record<string, string> = rangeBounds(filters, now);
  if (cursor) query.cursor = cursor;
  if (filters.status) query.status = filters.status;
  if (filters.code) query.code = filters.code;
  if (filters.keyPrefix) query.key_prefix = filters.keyPrefix;
  if (filters.q) query.q = filters.q;
  query.limit = String(limit);
  return query;
}

/** isFiltered reports whether anything but the time range narrows the log. */
export function isFiltered(filters: CallFilters): boolean {
  return filters.status !== '' || filters.code !== '' || filters.keyPrefix !== '' || filters.q !== '';
}

/** checkRange checks a custom range as the server would, so mistakes are explained before anything is sent. */
export function checkRange(from: string | undefined, to: string | undefined, now: Date): { from?: string; to?: string } {
  if (!from) return { from: 'Enter when the range starts.', ...(to ? {} : { to: 'Enter when the range ends.' }) };
  if (!to) return { to: 'Enter when the range ends.' };
  const f = Date.parse(from);
  const t = Date.parse(to);
  if (f > now.getTime()) return { from: 'The start must not be in the future.' };
  if (f >= t) return { to: 'The end must be after the start.' };
  if (t - f > MAX_RANGE_MS) return { to: 'A range may span at most 31 days.' };
  return {};
}

/** rangePhrase says the range in words: "the last 24 hours", or "between … and …" with format for the ends. */
export function rangePhrase(filters: CallFilters, format: (iso: string) => string): string {
  if (filters.range !== 'custom') return RANGE_PRESETS.find((r) => r.id === filters.range)?.phrase ?? 'this range';
  return `between ${format(filters.from)} and ${format(filters.to)}`;
}
