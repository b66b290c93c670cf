import { saveBlob } from './download';

/** CsvValue is what one cell may hold; null and undefined are empty cells. */
export type CsvValue = string | number | boolean | null | undefined;

/** CsvColumn names one column and says how to read it from a row. */
export interface CsvColumn<T> {
  header: string;
  value: (row: T) => CsvValue;
}

/**
 * A text cell starting with one of these would be read as a formula by spreadsheets: an application called
 * "=HYPERLINK(…)" must stay text. Numbers are written as they are, negative ones included.
 */
const FORMULA = /^[=+\-@\t\r]/;

/** csvCell writes one cell as RFC 4180 wants it: quoted when it holds a comma, a quote or a line break. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** toCsv writes rows as CSV with a header line; lines end with CRLF, as RFC 4180 says. */
export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: readonly T[]): string {
  const lines = [columns.map((c) => csvCell(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** csvFilename makes a file name from words and a time range: "calls-over-time-20261122-1000-20261122-1100.csv". */
export function csvFilename(name: string, from?: string, to?: string): string {
  const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d+/, '').replace(/Z$/, '').replace('T', '-').slice(0, 13);
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'data';
  const range = from && to ? `-${stamp(from)}-${stamp(to)}` : '';
  return `${base}${range}.csv`;
}

/**
 * downloadCsv hands CSV text to the browser as a file. The byte order mark makes spreadsheets read it as UTF-8, so
 * "Café App" stays "Café App".
 */
export function downloadCsv(csv: string, filename: string): void {
  saveBlob(new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' }), filename);
}
