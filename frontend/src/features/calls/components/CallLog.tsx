import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { CodeBadge } from '../../../components/Badge';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { codeInfo } from '../../../lib/codes';
import { formatDateTimeSeconds, formatMicros } from '../../../lib/format';
import { useTenant } from '../../../lib/tenant';
import type { CallRecord } from '../../../lib/types';
import { useCalls, type CallScope } from '../api/calls';
import {
  callQuery,
  CALLS_PAGE_SIZE,
  filtersFromParams,
  filtersToParams,
  isFiltered,
  rangePhrase,
  type CallFilters,
} from '../filters';
import { CallDrawer } from './CallDrawer';
import { CallFiltersBar } from './CallFiltersBar';

interface Paging {
  /** The filters the cursors belong to. */
  key: string;
  /** When the preset ranges end; set when the filters change or the log is refreshed. */
  anchor: number;
  /** The cursor of each older page opened, oldest last. */
  cursors: string[];
}

/**
 * useCallPaging pages back in time: each older page starts where the previous one ended (its next_cursor). Changing
 * the filters goes back to the newest page and moves "now" forward.
 */
function useCallPaging(filterKey: string) {
  const [state, setState] = useState<Paging>(() => ({ key: filterKey, anchor: Date.now(), cursors: [] }));
  let current = state;
  if (state.key !== filterKey) {
    current = { key: filterKey, anchor: Date.now(), cursors: [] };
    setState(current);
  }
  return {
    anchor: new Date(current.anchor),
    cursor: current.cursors.at(-1) ?? null,
    page: current.cursors.length + 1,
    older: (cursor: string) => setState((s) => ({ ...s, cursors: [...s.cursors, cursor] })),
    newer: () => setState((s) => ({ ...s, cursors: s.cursors.slice(0, -1) })),
    refresh: () => setState((s) => ({ ...s, anchor: Date.now(), cursors: [] })),
  };
}

/**
 * CallLog is the gateway's log of an API's or an application's calls: filters, a table newest first, paging back in
 * time and a drawer with every field of one call. The filters and the open call live in the URL, so a filtered view
 * can be linked to and the browser's back button closes the drawer.
 */
export function CallLog({ scope, id, subject }: { scope: CallScope; id: string; subject: string }) {
  const { tenant } = useTenant();
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const filterKey = JSON.stringify(filters);
  const paging = useCallPaging(filterKey);
  const query = callQuery(filters, paging.anchor, paging.cursor);
  const calls = useCalls(tenant.slug, scope, id, query);
  const openId = params.get('call') ?? '';
  const openAt = params.get('at') ?? '';

  const setFilters = (next: CallFilters) =>
    setParams((prev) => filtersToParams(next, prev), { replace: true });
  const openCall = (c: CallRecord) =>
    setParams((prev) => {
      const out = new URLSearchParams(prev);
      out.set('call', c.request_id);
      out.set('at', c.time);
      return out;
    });
  const closeCall = () =>
    setParams(
      (prev) => {
        const out = new URLSearchParams(prev);
        out.delete('call');
        out.delete('at');
        return out;
      },
      { replace: true },
    );

  const filtered = isFiltered(filters);
  const range = rangePhrase(filters, formatDateTimeSeconds);
  const whose = scope === 'api' ? `to ${subject}` : `made with the keys of ${subject}`;

  let body;
  if (calls.isPending) {
    body = <LoadingState label="Loading calls…" />;
  } else if (calls.isError) {
    body = <ErrorState error={calls.error} title="The calls cannot be loaded" onRetry={() => calls.refetch()} />;
  } else if (calls.data.items.length === 0) {
    body =
      paging.page > 1 ? (
        <EmptyState title="No older calls" action={<button type="button" className="btn" onClick={paging.newer}>Newer calls</button>}>
          There are no calls before these in {range}.
        </EmptyState>
      ) : filtered ? (
        <EmptyState title="No calls match your filters">
          Nothing {whose} in {range} matches. Try another status, decision, key or path, or a longer time range.
        </EmptyState>
      ) : (
        <EmptyState title={`No calls in ${range}`}>
          Calls {whose} show up here a second or so after the gateway answers them. Try a longer time range.
        </EmptyState>
      );
  } else {
    const items = calls.data.items;
    const first = (paging.page - 1) * CALLS_PAGE_SIZE + 1;
    const older = calls.data.next_cursor;
    body = (
      <>
        <div className="table-wrap">
          <table className="table table-compact call-table" aria-busy={calls.isPlaceholderData}>
            <caption className="sr-only">Calls {whose}</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Method</th>
                <th scope="col">Path</th>
                <th scope="col">Status</th>
                <th scope="col">Decision</th>
                <th scope="col" className="num">Latency</th>
                <th scope="col">Key</th>
                <th scope="col"><span className="sr-only">Details</span></th>
              </tr>
            </thead>
            <tbody>
              {items.map((c, i) => (
                <tr key={`${c.request_id}-${c.time}-${i}`}>
                  <td className="nowrap">{formatDateTimeSeconds(c.time)}</td>
                  <td>
                    <code>{c.method}</code>
                  </td>
                  <td className="call-path">
                    <code title={c.path}>{c.path}</code>
                  </td>
                  <td>
                    <span className={c.status < 400 ? 'status-code status-ok' : 'status-code status-error'}>{c.status}</span>
                  </td>
                  <td>
                    <CodeBadge code={c.code} status={c.status} title={codeInfo(c.code)?.title} />
                  </td>
                  <td className="num nowrap">{formatMicros(c.latency_us)}</td>
                  <td className="nowrap">{c.key_prefix ? <code>{c.key_prefix}…</code> : <span className="muted">—</span>}</td>
                  <td className="actions">
                    <button type="button" className="btn btn-sm btn-ghost" onClick={() => openCall(c)}
                      aria-label={`Details of the call ${c.method} ${c.path} at ${formatDateTimeSeconds(c.time)}`}>
                      Details
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <nav className="pagination" aria-label="Pagination">
          <span className="pagination-summary">
            Calls {first}–{first + items.length - 1}, newest first
            {calls.isFetching && <span className="muted"> · updating…</span>}
          </span>
          <span className="pagination-buttons">
            <button type="button" className="btn btn-sm" onClick={paging.newer} disabled={paging.page === 1}>
              Newer calls
            </button>
            <span className="pagination-page" aria-current="page">
              Page {paging.page}
            </span>
            <button type="button" className="btn btn-sm" disabled={!older} onClick={() => older && paging.older(older)}>
              Older calls
            </button>
          </span>
        </nav>
      </>
    );
  }

  return (
    <>
      <CallFiltersBar scope={scope} filters={filters} anchor={paging.anchor} onChange={setFilters} />
      <div className="call-log-head">
        <p className="muted small">
          {filters.range === 'custom' ? `Calls ${range}.` : `Calls in ${range}, up to ${formatDateTimeSeconds(paging.anchor.toISOString())}.`}
        </p>
        <button type="button" className="btn btn-sm" onClick={() => {
          if (filters.range === 'custom') void calls.refetch();
          paging.refresh();
        }}>
          Refresh
        </button>
      </div>
      {body}
      <CallDrawer slug={tenant.slug} scope={scope} requestId={openId} at={openAt} onClose={closeCall} />
    </>
  );
}
