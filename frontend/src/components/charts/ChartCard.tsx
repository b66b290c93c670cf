import { useId, type ReactNode } from 'react';
import { downloadCsv } from '../../lib/csv';
import { EmptyState, ErrorState, LoadingState } from '../States';

/** The part of a TanStack query a chart's states depend on. */
export interface QueryLike {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

export interface ChartCardProps {
  title: string;
  description?: ReactNode;
  /** The query the chart's data comes from: its loading and error states are the card's. */
  query: QueryLike;
  /** Whether there is nothing to draw (no calls in the range). */
  empty: boolean;
  emptyTitle?: string;
  emptyText?: ReactNode;
  /** Builds the CSV of the data behind the chart when "Download CSV" is pressed. */
  csv?: () => { csv: string; filename: string };
  /**
   * The chart's data as a table, behind "Show the data": for assistive technology, and for anyone who wants the
   * numbers. Leave it out when the page shows the same numbers in a table of its own.
   */
  table?: ReactNode;
  /** Something to show above the chart, like a sentence that sums it up. */
  lead?: ReactNode;
  /** The chart itself. */
  children: ReactNode;
}

/**
 * ChartCard frames one chart: its title, a "Download CSV" of the data behind it, and its loading, empty and error
 * states. The chart is a picture hidden from assistive technology; the same numbers follow as a table.
 */
export function ChartCard({
  title,
  description,
  query,
  empty,
  emptyTitle = 'No calls in this range',
  emptyText,
  csv,
  table,
  lead,
  children,
}: ChartCardProps) {
  const id = useId();
  const ready = !query.isPending && !query.isError && !empty;
  let body: ReactNode;
  if (query.isPending) body = <LoadingState label={`Loading ${title.toLowerCase()}…`} />;
  else if (query.isError) body = <ErrorState error={query.error} title={`${title} cannot be loaded`} onRetry={() => query.refetch()} />;
  else if (empty) body = <EmptyState title={emptyTitle}>{emptyText}</EmptyState>;
  else {
    body = (
      <>
        {lead}
        <div className="chart" aria-hidden="true">
          {children}
        </div>
        {table && (
          <details className="chart-data">
            <summary>Show the data</summary>
            <div className="table-wrap">{table}</div>
          </details>
        )}
      </>
    );
  }
  return (
    <section className="card chart-card" aria-labelledby={id}>
      <div className="chart-head">
        <div>
          <h2 id={id}>{title}</h2>
          {description && <p className="muted small chart-description">{description}</p>}
        </div>
        {csv && (
          <button type="button" className="btn btn-sm" disabled={!ready} aria-label={`Download CSV of ${title.toLowerCase()}`}
            onClick={() => {
              const file = csv();
              downloadCsv(file.csv, file.filename);
            }}>
            Download CSV
          </button>
        )}
      </div>
      {body}
    </section>
  );
}
