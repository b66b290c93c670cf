import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { formatDate, STATE_LABELS } from '../lib/format';
import type { ListResponse, Subscription, SubscriptionState } from '../lib/types';
import { StateBadge } from './Badge';
import { Pagination } from './Pagination';
import { EmptyState, ErrorState, LoadingState } from './States';

/** SubscriptionStateFilter chooses the state a list of subscriptions shows; '' means every state. */
export function SubscriptionStateFilter({
  value,
  onChange,
  className = 'input select',
}: {
  value: SubscriptionState | '';
  onChange: (state: SubscriptionState | '') => void;
  className?: string;
}) {
  return (
    <select className={className} aria-label="Filter by state" value={value}
      onChange={(e) => onChange(e.target.value as SubscriptionState | '')}>
      <option value="">Every state</option>
      {(Object.keys(STATE_LABELS) as SubscriptionState[]).map((s) => (
        <option key={s} value={s}>
          {STATE_LABELS[s]}
        </option>
      ))}
    </select>
  );
}

/** SubscriptionColumn is one column of a SubscriptionTable. */
export interface SubscriptionColumn {
  header: ReactNode;
  cell: (s: Subscription) => ReactNode;
  /** The class of the column's cells, e.g. "actions". */
  className?: string;
}

/** The columns most subscription tables share. */
export const planColumn: SubscriptionColumn = { header: 'Plan', cell: (s) => s.plan_name };
export const stateColumn: SubscriptionColumn = { header: 'State', cell: (s) => <StateBadge state={s.state} /> };
export const dateColumn = (header: string, field: 'created_at' | 'updated_at'): SubscriptionColumn => ({
  header,
  cell: (s) => formatDate(s[field]),
});
/** actionsColumn holds a row's buttons under a header only screen readers read. */
export const actionsColumn = (cell: SubscriptionColumn['cell']): SubscriptionColumn => ({
  header: <span className="sr-only">Actions</span>,
  className: 'actions',
  cell,
});

/**
 * SubscriptionTable shows one page of subscriptions with its loading, error and empty states and the pagination.
 * While a state filter is set, the empty state says so instead of `empty`.
 */
export function SubscriptionTable({
  subs,
  state,
  empty,
  caption,
  columns,
  page,
}: {
  subs: UseQueryResult<ListResponse<Subscription>>;
  state: SubscriptionState | '';
  /** The empty state while no state filter is set. */
  empty: { title: string; text: string };
  caption: ReactNode;
  columns: SubscriptionColumn[];
  page: { limit: number; offset: number; setOffset: (offset: number) => void };
}) {
  if (subs.isPending) return <LoadingState />;
  if (subs.isError) return <ErrorState error={subs.error} onRetry={() => subs.refetch()} />;
  if (subs.data.items.length === 0) {
    return (
      <EmptyState title={state ? `No ${STATE_LABELS[state].toLowerCase()} subscriptions` : empty.title}>
        {state ? 'Try another state.' : empty.text}
      </EmptyState>
    );
  }
  return (
    <>
      <div className="table-wrap">
        <table className="table">
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr>
              {columns.map((c, i) => (
                <th key={i} scope="col">
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {subs.data.items.map((s) => (
              <tr key={s.id}>
                {columns.map((c, i) => (
                  <td key={i} className={c.className}>
                    {c.cell(s)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination total={subs.data.total} limit={page.limit} offset={page.offset} onChange={page.setOffset}
        noun={['subscription', 'subscriptions']} />
    </>
  );
}
