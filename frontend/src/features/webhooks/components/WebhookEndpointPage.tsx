import { Link, useNavigate, useParams } from 'react-router';
import { PageHeader } from '../../../components/PageHeader';
import { Pagination } from '../../../components/Pagination';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { formatDateTime, formatDateTimeSeconds } from '../../../lib/format';
import { usePagination } from '../../../lib/hooks';
import { kindLabel } from '../../../lib/kinds';
import { useTenant } from '../../../lib/tenant';
import type { WebhookDelivery, WebhookEndpoint } from '../../../lib/types';
import { useDeliveries, useEndpoint, useTeamOptions } from '../api/webhooks';
import { eventsSummary } from '../endpoints';
import { DeleteEndpointDialog, useEndpointDialogs, useSendTest } from './EndpointActions';
import { EndpointFormDialog } from './EndpointFormDialog';
import { scopeName } from './EndpointsTable';
import { DeliveryStatusBadge, EndpointStatusBadge, ResponseStatus } from './WebhookBadges';

const PAGE_SIZE = 20;

/** deliveryNote says what happened or happens next: the error, when the next attempt is, or when it arrived. */
function deliveryNote(d: WebhookDelivery): string {
  if (d.status === 'delivered') return d.delivered_at ? `Delivered ${formatDateTimeSeconds(d.delivered_at)}` : 'Delivered';
  const next = d.next_attempt_at ? ` Next attempt ${formatDateTimeSeconds(d.next_attempt_at)}.` : '';
  return `${d.error || (d.status === 'failed' ? 'Given up.' : 'Not sent yet.')}${next}`;
}

/** Deliveries is the endpoint's delivery log, newest first, with how each delivery went. */
function Deliveries({ endpoint }: { endpoint: WebhookEndpoint }) {
  const { tenant } = useTenant();
  const page = usePagination(PAGE_SIZE, []);
  const list = useDeliveries(tenant.slug, endpoint.id, { limit: page.limit, offset: page.offset });
  let body;
  if (list.isPending) body = <LoadingState label="Loading deliveries…" />;
  else if (list.isError) body = <ErrorState error={list.error} title="The deliveries cannot be loaded" onRetry={() => list.refetch()} />;
  else if (list.data.items.length === 0) {
    body = (
      <EmptyState title="No deliveries yet">
        Events sent to this endpoint are listed here with the status it answered. Send a test event to try it.
      </EmptyState>
    );
  } else {
    body = (
      <>
        <div className="table-wrap">
          <table className="table table-compact" aria-busy={list.isPlaceholderData}>
            <caption className="sr-only">Deliveries to {endpoint.url}</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">Attempts</th>
                <th scope="col">Response</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((d) => (
                <tr key={d.id}>
                  <td className="nowrap">{formatDateTimeSeconds(d.created_at)}</td>
                  <td>
                    {d.kind === 'test' ? 'Test event' : kindLabel(d.kind)}
                    <div className="muted small">
                      <code>{d.kind}</code>
                    </div>
                  </td>
                  <td>
                    <DeliveryStatusBadge status={d.status} />
                  </td>
                  <td className="num">{d.attempts}</td>
                  <td>
                    <ResponseStatus status={d.response_status} />
                  </td>
                  <td className="small break">{deliveryNote(d)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pagination total={list.data.total} limit={page.limit} offset={page.offset} onChange={page.setOffset} noun={['delivery', 'deliveries']} />
      </>
    );
  }
  return (
    <section className="section" aria-labelledby="deliveries-title">
      <div className="section-header">
        <h2 id="deliveries-title">Deliveries</h2>
        <button type="button" className="btn btn-sm" onClick={() => list.refetch()} disabled={list.isFetching}>
          {list.isFetching && !list.isPending ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {body}
    </section>
  );
}

/** WebhookEndpointPage shows one endpoint: what it receives, its state, its deliveries; it can be tested, edited or deleted. */
export function WebhookEndpointPage() {
  const { endpointId = '' } = useParams();
  const { tenant, canManage, teamIds } = useTenant();
  const endpoint = useEndpoint(tenant.slug, endpointId);
  const teams = useTeamOptions(tenant.slug);
  const dialogs = useEndpointDialogs();
  const test = useSendTest();
  const navigate = useNavigate();
  const back = <Link to={`/t/${tenant.slug}/settings/webhooks`}>← Webhooks</Link>;

  if (endpoint.isPending) return <LoadingState />;
  if (endpoint.isError) {
    return (
      <>
        <PageHeader title="Webhook endpoint" back={back} />
        <ErrorState error={endpoint.error} onRetry={() => endpoint.refetch()} />
      </>
    );
  }
  const e = endpoint.data;
  const allTeams = teams.data?.items ?? [];
  const myTeams = canManage ? allTeams : allTeams.filter((t) => teamIds.includes(t.id));
  return (
    <>
      <PageHeader back={back} title="Webhook endpoint" docTitle={`Webhook ${e.url}`}
        description={<span className="break">{e.url}</span>}
        actions={
          <>
            <button type="button" className="btn" onClick={() => test.send(e)} disabled={test.testing !== null}>
              {test.testing ? 'Sending…' : 'Send test event'}
            </button>
            <button type="button" className="btn" onClick={() => dialogs.setEditing(e)}>
              Edit
            </button>
            <button type="button" className="btn btn-danger-ghost" onClick={() => dialogs.setDeleting(e)}>
              Delete endpoint
            </button>
          </>
        } />
      <section className="card" aria-label="Endpoint">
        <dl className="details details-wide">
          <div>
            <dt>Status</dt>
            <dd>
              <EndpointStatusBadge endpoint={e} />
            </dd>
          </div>
          <div>
            <dt>Scope</dt>
            <dd>{scopeName(e, allTeams)}</dd>
          </div>
          <div>
            <dt>Events</dt>
            <dd>{eventsSummary(e.events)}</dd>
          </div>
          {e.description && (
            <div>
              <dt>Description</dt>
              <dd>{e.description}</dd>
            </div>
          )}
          <div>
            <dt>Last delivery</dt>
            <dd>
              {e.last_delivery_at ? (
                <>
                  {formatDateTime(e.last_delivery_at)} <ResponseStatus status={e.last_status} />
                </>
              ) : (
                'Never'
              )}
            </dd>
          </div>
          <div>
            <dt>Added</dt>
            <dd>{formatDateTime(e.created_at)}</dd>
          </div>
        </dl>
      </section>
      <Deliveries endpoint={e} />
      <EndpointFormDialog open={dialogs.editing !== null} endpoint={dialogs.editing} teams={myTeams} onClose={() => dialogs.setEditing(null)} />
      <DeleteEndpointDialog endpoint={dialogs.deleting} onClose={() => dialogs.setDeleting(null)}
        onDeleted={() => navigate(`/t/${tenant.slug}/settings/webhooks`, { replace: true })} />
    </>
  );
}
