import { Link } from 'react-router';
import { formatDateTime } from '../../../lib/format';
import { useTenant } from '../../../lib/tenant';
import type { Team, WebhookEndpoint } from '../../../lib/types';
import { eventsSummary } from '../endpoints';
import { EndpointStatusBadge, ResponseStatus } from './WebhookBadges';

/** scopeName says whose events an endpoint receives: a team's, or the whole tenant's. */
export function scopeName(e: WebhookEndpoint, teams: Team[]): string {
  if (!e.team_id) return 'Tenant-wide';
  return teams.find((t) => t.id === e.team_id)?.name ?? 'A team';
}

/** EndpointsTable lists webhook endpoints with their scope, events and last delivery; each opens its own page. */
export function EndpointsTable({
  endpoints,
  teams,
  testing,
  onTest,
  onEdit,
  onDelete,
}: {
  endpoints: WebhookEndpoint[];
  teams: Team[];
  /** The endpoint a test event is being sent to. */
  testing: string | null;
  onTest: (e: WebhookEndpoint) => void;
  onEdit: (e: WebhookEndpoint) => void;
  onDelete: (e: WebhookEndpoint) => void;
}) {
  const { tenant } = useTenant();
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="sr-only">Webhook endpoints</caption>
        <thead>
          <tr>
            <th scope="col">Endpoint</th>
            <th scope="col">Scope</th>
            <th scope="col">Events</th>
            <th scope="col">Status</th>
            <th scope="col">Last delivery</th>
            <th scope="col"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {endpoints.map((e) => (
            <tr key={e.id}>
              <td className="endpoint-cell">
                <Link to={`/t/${tenant.slug}/settings/webhooks/${e.id}`} className="break">
                  {e.url}
                </Link>
                {e.description && <div className="muted small">{e.description}</div>}
              </td>
              <td>{scopeName(e, teams)}</td>
              <td className="small">{eventsSummary(e.events)}</td>
              <td>
                <EndpointStatusBadge endpoint={e} />
              </td>
              <td className="nowrap">
                {e.last_delivery_at ? (
                  <>
                    {formatDateTime(e.last_delivery_at)} <ResponseStatus status={e.last_status} />
                  </>
                ) : (
                  <span className="muted">Never</span>
                )}
              </td>
              <td className="actions">
                <button type="button" className="btn btn-sm" onClick={() => onTest(e)} disabled={testing !== null}
                  aria-label={`Send test event to ${e.url}`}>
                  {testing === e.id ? 'Sending…' : 'Send test'}
                </button>
                <button type="button" className="btn btn-sm" onClick={() => onEdit(e)} aria-label={`Edit ${e.url}`}>
                  Edit
                </button>
                <button type="button" className="btn btn-sm btn-danger-ghost" onClick={() => onDelete(e)} aria-label={`Delete ${e.url}`}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
