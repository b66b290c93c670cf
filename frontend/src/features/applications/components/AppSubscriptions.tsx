import { Fragment, useState } from 'react';
import { Link } from 'react-router';
import { StateBadge } from '../../../components/Badge';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { TextAreaField } from '../../../components/FormField';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { SubscriptionTimeline } from '../../../components/Timeline';
import { useToast } from '../../../components/Toast';
import { approvalProgress, formatDate, formatNumber, LIVE_STATES } from '../../../lib/format';
import { useTenant } from '../../../lib/tenant';
import type { Application, Subscription } from '../../../lib/types';
import {
  useAppSubscriptions,
  useCancelSubscription,
  useSubscribedApi,
  useSubscribedPlans,
  useSubscriptionEvents,
} from '../api/applications';

function History({ subId }: { subId: string }) {
  const { tenant } = useTenant();
  const events = useSubscriptionEvents(tenant.slug, subId);
  if (events.isPending) return <LoadingState label="Loading the history…" />;
  if (events.isError) return <ErrorState error={events.error} onRetry={() => events.refetch()} />;
  return <SubscriptionTimeline events={events.data.items ?? []} />;
}

/** status adds what a developer needs to know about a subscription beyond its state. */
function StatusNote({ sub }: { sub: Subscription }) {
  const { tenant } = useTenant();
  if (sub.state === 'pending_approval') return <div className="muted small">{approvalProgress(sub)}</div>;
  if ((sub.state === 'rejected' || sub.state === 'revoked' || sub.state === 'suspended') && sub.decision_comment) {
    return <div className="muted small">“{sub.decision_comment}”</div>;
  }
  if (sub.state === 'pending_payment' || sub.state === 'past_due' || (sub.state === 'suspended' && sub.paid)) {
    return (
      <div className="small">
        {sub.state === 'past_due' && sub.grace_ends_at && <span className="muted">Grace ends {formatDate(sub.grace_ends_at)} · </span>}
        <Link to={`/t/${tenant.slug}/subscriptions/${sub.id}`} aria-label={sub.state === 'pending_payment' ? `Pay for the subscription to ${sub.api_name}` : `Billing of the subscription to ${sub.api_name}`}>
          {sub.state === 'pending_payment' ? 'Pay' : 'Billing'}
        </Link>
      </div>
    );
  }
  return null;
}

/**
 * appCallsPath is the application's call log, narrowed to one API by its gateway path (`/<tenant><base path>/`) when
 * the base path is known: the call log filters by path, not by API.
 */
export function appCallsPath(slug: string, appId: string, basePath?: string): string {
  const base = `/t/${slug}/applications/${appId}/calls`;
  return basePath ? `${base}?q=${encodeURIComponent(`/${slug}${basePath}/`)}` : base;
}

/**
 * Usage shows a subscription's plan quota at a glance and links to the application's calls to that API. The portal has
 * no usage figures yet: the gateway tells callers what is left in the X-Quota-Remaining header of each answer.
 */
function Usage({ app, sub }: { app: Application; sub: Subscription }) {
  const { tenant } = useTenant();
  const plans = useSubscribedPlans(tenant.slug, sub.api_id);
  const api = useSubscribedApi(tenant.slug, sub.api_id);
  const plan = plans.data?.items.find((p) => p.id === sub.plan_id);
  const quota = plans.isPending ? (
    <span className="muted">…</span>
  ) : !plan ? (
    <span className="muted">—</span>
  ) : plan.monthly_quota === null ? (
    'Unlimited'
  ) : (
    <>{formatNumber(plan.monthly_quota)} calls a month</>
  );
  return (
    <>
      <div>{quota}</div>
      <Link className="small" to={appCallsPath(tenant.slug, app.id, api.data?.base_path)}
        aria-label={`Calls of ${app.name} to ${sub.api_name}`}>
        Calls
      </Link>
    </>
  );
}

/** AppSubscriptions lists an application's subscriptions with their state and history; live ones can be canceled. */
export function AppSubscriptions({ app }: { app: Application }) {
  const { tenant } = useTenant();
  const subs = useAppSubscriptions(tenant.slug, app.id);
  const cancel = useCancelSubscription(tenant.slug);
  const toast = useToast();
  const [open, setOpen] = useState<string | null>(null);
  const [canceling, setCanceling] = useState<Subscription | null>(null);
  const [reason, setReason] = useState('');

  const browse = <Link className="btn btn-primary" to={`/t/${tenant.slug}/catalogue`}>Browse the catalogue</Link>;
  return (
    <section aria-labelledby="subs-title" className="section">
      <div className="section-header">
        <h2 id="subs-title">Subscriptions</h2>
        {subs.data && subs.data.items.length > 0 && (
          <Link className="btn" to={`/t/${tenant.slug}/catalogue`}>
            Subscribe to another API
          </Link>
        )}
      </div>
      {subs.isPending ? (
        <LoadingState />
      ) : subs.isError ? (
        <ErrorState error={subs.error} onRetry={() => subs.refetch()} />
      ) : subs.data.items.length === 0 ? (
        <EmptyState title="No subscriptions yet" action={browse}>
          Find an API in the catalogue and subscribe {app.name} to one of its plans.
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">Subscriptions of {app.name}</caption>
            <thead>
              <tr>
                <th scope="col">API</th>
                <th scope="col">Plan</th>
                <th scope="col">State</th>
                <th scope="col">Quota</th>
                <th scope="col">Requested</th>
                <th scope="col"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {subs.data.items.map((s) => {
                const expanded = open === s.id;
                const live = LIVE_STATES.includes(s.state);
                return (
                  <Fragment key={s.id}>
                    <tr>
                      <td>
                        <Link to={`/t/${tenant.slug}/catalogue/${s.api_id}`}>{s.api_name}</Link>
                      </td>
                      <td>{s.plan_name}</td>
                      <td>
                        <StateBadge state={s.state} />
                        <StatusNote sub={s} />
                      </td>
                      <td>
                        <Usage app={app} sub={s} />
                      </td>
                      <td>{formatDate(s.created_at)}</td>
                      <td className="actions">
                        <button type="button" className="btn btn-sm btn-ghost" aria-expanded={expanded}
                          aria-controls={expanded ? `history-${s.id}` : undefined}
                          onClick={() => setOpen(expanded ? null : s.id)} aria-label={`${expanded ? 'Hide' : 'Show'} the history of ${s.api_name}`}>
                          {expanded ? 'Hide history' : 'History'}
                        </button>
                        {live && (
                          <button type="button" className="btn btn-sm btn-danger-ghost" onClick={() => {
                            setReason('');
                            setCanceling(s);
                          }} aria-label={`Cancel the subscription to ${s.api_name}`}>
                            Cancel
                          </button>
                        )}
                      </td>
                    </tr>
                    {expanded && (
                      <tr id={`history-${s.id}`} className="details-row">
                        <td colSpan={6}>
                          {s.reason && (
                            <p className="small">
                              Reason given: <span className="prewrap">“{s.reason}”</span>
                            </p>
                          )}
                          <History subId={s.id} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {subs.data && subs.data.items.length > 0 && (
        <p className="muted small section-note">
          Every answer of the gateway tells how many calls are left this period in its <code>X-Quota-Remaining</code>{' '}
          header; the call log shows each call and how the gateway decided.
        </p>
      )}
      <ConfirmDialog
        open={canceling !== null}
        title="Cancel subscription?"
        confirmLabel="Cancel subscription"
        cancelLabel="Keep it"
        onClose={() => setCanceling(null)}
        onConfirm={async () => {
          if (!canceling) return;
          await cancel.mutateAsync({ id: canceling.id, reason: reason.trim() });
          toast.success(`The subscription to ${canceling.api_name} was canceled.`);
        }}
      >
        <p>
          Cancel the subscription of {app.name} to <strong>{canceling?.api_name}</strong> ({canceling?.plan_name})? Its keys
          stop working for this API at once. To use it again you must subscribe again.
        </p>
        <TextAreaField label="Reason (optional)" value={reason} rows={2} onChange={(e) => setReason(e.target.value)} />
      </ConfirmDialog>
    </section>
  );
}
