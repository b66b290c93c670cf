import { describe, expect, it } from 'vitest';
import { csvCell, csvFilename, toCsv, type CsvColumn } from './csv';

interface Row {
  name: string;
  calls: number;
  rate: number | null;
  paid: boolean;
}

const columns: CsvColumn<Row>[] = [
  { header: 'name', value: (r) => r.name },
  { header: 'calls', value: (r) => r.calls },
  { header: 'rate', value: (r) => r.rate },
  { header: 'paid', value: (r) => r.paid },
];

describe('CSV', () => {
  it('writes a header line and one line per row, ending lines with CRLF', () => {
    const csv = toCsv(columns, [
      { name: 'Mobile App', calls: 1200, rate: 2.5, paid: false },
      { name: 'Web App', calls: 0, rate: null, paid: true },
    ]);
    expect(csv).toBe('name,calls,rate,paid\r\nMobile App,1200,2.5,false\r\nWeb App,0,,true\r\n');
  });

  it('writes only the header when there are no rows', () => {
    expect(toCsv(columns, [])).toBe('name,calls,rate,paid\r\n');
  });

  it('quotes cells with commas, quotes, line breaks or edge spaces, doubling quotes', () => {
    expect(csvCell('Weather, Pro')).toBe('"Weather, Pro"');
    expect(csvCell('the "best" app')).toBe('"the ""best"" app"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(' padded ')).toBe('" padded "');
    expect(csvCell('Café App')).toBe('Café App');
  });

  it('keeps text that spreadsheets would run as a formula as text, but numbers as numbers', () => {
    expect(csvCell('=HYPERLINK("http://evil.test")')).toBe('"\'=HYPERLINK(""http://evil.test"")"');
    expect(csvCell('+1 app')).toBe("'+1 app");
    expect(csvCell('@team')).toBe("'@team");
    expect(csvCell('-x')).toBe("'-x");
    expect(csvCell(-5)).toBe('-5');
  });

  it('leaves missing and impossible numbers empty', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(Number.POSITIVE_INFINITY)).toBe('');
  });

  it('names files after what they hold and the range', () => {
    expect(csvFilename('Calls over time', '2026-11-22T10:00:00.000Z', '2026-11-22T11:00:00Z')).toBe(
      'calls-over-time-20261122-1000-20261122-1100.csv',
    );
    expect(csvFilename('Mobile App calls over time')).toBe('mobile-app-calls-over-time.csv');
    expect(csvFilename('***')).toBe('data.csv');
  });
});
