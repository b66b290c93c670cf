import { Link } from 'react-router';
import { Badge, type BadgeTone } from '../../../components/Badge';
import { formatDateTimeSeconds } from '../../../lib/format';
import { useTenant } from '../../../lib/tenant';
import type { StripeEventRecord } from '../../../lib/types';

export const EVENT_STATUS: Record<string, { tone: BadgeTone; label: string }> = {
  processed: { tone: 'green', label: 'Processed' },
  pending: { tone: 'blue', label: 'Pending' },
  retrying: { tone: 'amber', label: 'Retrying' },
  failed: { tone: 'red', label: 'Failed' },
};

/** EventStatusBadge shows whether an event was applied, waits, is retried or failed for good. */
export function EventStatusBadge({ status }: { status: string }) {
  const s = EVENT_STATUS[status];
  return <Badge tone={s?.tone ?? 'neutral'}>{s?.label ?? status}</Badge>;
}

function Outcome({ e }: { e: StripeEventRecord }) {
  return (
    <>
      {e.error ? <div className="field-error">{e.error}</div> : <div>{e.outcome || <span className="muted">—</span>}</div>}
      {e.next_attempt_at && e.status !== 'processed' && (
        <div className="muted small">Next attempt {formatDateTimeSeconds(e.next_attempt_at)}</div>
      )}
    </>
  );
}

/** EventsTable lists webhook events with how applying each went, the subscription it concerned, and a Replay button. */
export function EventsTable({ events, onReplay }: { events: StripeEventRecord[]; onReplay: (e: StripeEventRecord) => void }) {
  const { tenant, canManage } = useTenant();
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="sr-only">Webhook events</caption>
        <thead>
          <tr>
            <th scope="col">Received</th>
            <th scope="col">Type</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">Attempts</th>
            <th scope="col">Outcome</th>
            <th scope="col">Subscription</th>
            <th scope="col"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td className="nowrap">
                {formatDateTimeSeconds(e.received_at)}
                {e.source === 'recovery' && <div className="muted small">recovered</div>}
              </td>
              <td>
                <code>{e.type}</code>
                <div className="muted small">
                  <code>{e.id}</code>
                </div>
              </td>
              <td>
                <EventStatusBadge status={e.status} />
              </td>
              <td className="num">{e.attempts}</td>
              <td className="small">
                <Outcome e={e} />
              </td>
              <td>
                {!e.subscription_id ? (
                  <span className="muted">—</span>
                ) : canManage ? (
                  <Link to={`/t/${tenant.slug}/subscriptions/${e.subscription_id}`}>Open</Link>
                ) : (
                  <code className="small" title={e.subscription_id}>{e.subscription_id.slice(0, 8)}</code>
                )}
              </td>
              <td className="actions">
                <button type="button" className="btn btn-sm" onClick={() => onReplay(e)} aria-label={`Replay event ${e.id}`}>
                  Replay
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

