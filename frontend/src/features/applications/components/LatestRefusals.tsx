import { useState } from 'react';
import { Link } from 'react-router';
import { CodeBadge } from '../../../components/Badge';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { codeInfo, errorDocPath } from '../../../lib/codes';
import { formatDateTimeSeconds } from '../../../lib/format';
import { useTenant } from '../../../lib/tenant';
import type { Application } from '../../../lib/types';
import { REFUSALS_DAYS, useLatestRefusals } from '../api/applications';

/** LatestRefusals lists the application's last calls the gateway refused, each code linked to how to fix it. */
export function LatestRefusals({ app }: { app: Application }) {
  const { tenant } = useTenant();
  // Fixed when the tab opens, so the query stays the same while it is shown.
  const [from] = useState(() => new Date(Date.now() - REFUSALS_DAYS * 86_400_000).toISOString());
  const refusals = useLatestRefusals(tenant.slug, app.id, from);

  let body;
  if (refusals.isPending) body = <LoadingState label="Loading refusals…" />;
  else if (refusals.isError) body = <ErrorState error={refusals.error} title="The refusals cannot be loaded" onRetry={() => refusals.refetch()} />;
  else if (refusals.data.items.length === 0) {
    body = (
      <EmptyState title="No refused calls">
        The gateway has not refused any call of {app.name} in the last {REFUSALS_DAYS} days.
      </EmptyState>
    );
  } else {
    body = (
      <div className="table-wrap">
        <table className="table table-compact">
          <caption className="sr-only">Latest refused calls of {app.name}</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Status</th>
              <th scope="col">Reason</th>
              <th scope="col">Call</th>
              <th scope="col">Key</th>
            </tr>
          </thead>
          <tbody>
            {refusals.data.items.map((c, i) => (
              <tr key={`${c.request_id}-${i}`}>
                <td className="nowrap">{formatDateTimeSeconds(c.time)}</td>
                <td>
                  <span className="status-code status-error">{c.status}</span>
                </td>
                <td>
                  <Link to={errorDocPath(c.code)} className="code-link" aria-label={`${c.code}: ${codeInfo(c.code)?.title ?? 'what it means'}`}>
                    <CodeBadge code={c.code} status={c.status} />
                  </Link>{' '}
                  <span className="muted small">{codeInfo(c.code)?.title}</span>
                </td>
                <td className="call-path">
                  <code title={c.path}>
                    {c.method} {c.path}
                  </code>
                </td>
                <td className="nowrap">{c.key_prefix ? <code>{c.key_prefix}…</code> : <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }

  return (
    <section className="section" aria-labelledby="refusals-title">
      <div className="section-header">
        <h2 id="refusals-title">Latest refusals</h2>
        <Link to={`/t/${tenant.slug}/applications/${app.id}/calls?status=4xx`}>Open the call log</Link>
      </div>
      {body}
    </section>
  );
}
