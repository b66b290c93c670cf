import { Link } from 'react-router';
import { CodeBadge } from '../../../components/Badge';
import { ChartCard, type QueryLike } from '../../../components/charts/ChartCard';
import { CategoryChart, type ChartSeries } from '../../../components/charts/Charts';
import { codeInfo, errorDocPath } from '../../../lib/codes';
import { csvFilename, toCsv, type CsvColumn } from '../../../lib/csv';
import { formatNumber, plural } from '../../../lib/format';
import type { CodeCount } from '../../../lib/types';
import { refusalsByStatus, type StatusGroup } from '../breakdowns';

const SERIES: readonly ChartSeries[] = [{ key: 'calls', label: 'Refused calls', color: '#e67700' }];

const COLUMNS: CsvColumn<CodeCount>[] = [
  { header: 'status', value: (c) => c.status },
  { header: 'code', value: (c) => c.code },
  { header: 'title', value: (c) => codeInfo(c.code)?.title ?? '' },
  { header: 'calls', value: (c) => c.calls },
];

/** StatusLine says why the calls of one status were refused: "402 Payment required: 37 calls — quota_exhausted 30, …". */
function StatusLine({ g }: { g: StatusGroup }) {
  return (
    <li>
      <strong>
        {g.status} {g.title}
      </strong>
      : {plural(g.calls, ['call', 'calls'])} —{' '}
      {g.codes.map((c, i) => (
        <span key={c.code}>
          {i > 0 && ', '}
          <Link to={errorDocPath(c.code)}>{c.code}</Link> {formatNumber(c.calls)}
        </span>
      ))}
    </li>
  );
}

/**
 * RefusalsChart counts the calls the gateway refused by decision code, grouped by status (how many 402s, and why),
 * each code linked to the page that explains it and how to fix it.
 */
export function RefusalsChart({ query, codes, range }: { query: QueryLike; codes: CodeCount[] | undefined; range: { from: string; to: string } }) {
  const groups = refusalsByStatus(codes ?? []);
  const rows = groups.flatMap((g) => g.codes);
  return (
    <ChartCard title="Refusals by code" query={query} empty={rows.length === 0}
      emptyTitle="No refused calls in this range" emptyText="Calls the gateway refuses (a missing key, no quota left, …) are counted here by reason."
      description="Calls the gateway refused, by status and reason. Each code links to what it means and how to fix it."
      csv={() => ({ csv: toCsv(COLUMNS, rows), filename: csvFilename('refusals by code', range.from, range.to) })}
      lead={
        <ul className="plain-list refusal-groups">
          {groups.map((g) => (
            <StatusLine key={g.status} g={g} />
          ))}
        </ul>
      }
      table={
        <table className="table table-compact">
          <caption className="sr-only">Refusals by code</caption>
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Code</th>
              <th scope="col">Reason</th>
              <th scope="col" className="num">Calls</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.code}>
                <td>{c.status}</td>
                <td>
                  <Link to={errorDocPath(c.code)} className="code-link" aria-label={`${c.code}: what it means`}>
                    <CodeBadge code={c.code} status={c.status} />
                  </Link>
                </td>
                <td>{codeInfo(c.code)?.title ?? '—'}</td>
                <td className="num">{formatNumber(c.calls)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }>
      <CategoryChart data={rows.map((c) => ({ ...c, label: `${c.status} ${c.code}` }))} series={SERIES} />
    </ChartCard>
  );
}
