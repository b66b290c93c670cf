import { useEffect, useState } from 'react';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { TextAreaField } from '../../../components/FormField';
import { useToast } from '../../../components/Toast';
import { Link, useParams } from 'react-router';
import { Badge, StateBadge } from '../../../components/Badge';
import { PageHeader } from '../../../components/PageHeader';
import { ErrorState, LoadingState } from '../../../components/States';
import { SubscriptionTimeline } from '../../../components/Timeline';
import { APPROVAL_LABELS, approvalProgress, formatDateTime, LIVE_STATES } from '../../../lib/format';
import { useTenant } from '../../../lib/tenant';
import type { Subscription, SubscriptionState, UserRef } from '../../../lib/types';
import { useCancel, useEvents, useSubscription, type AdminAction, type Decision } from '../api/subscriptions';
import { CHECKOUT_POLL_MS } from '../billing';
import { AdminActionDialog, ChangePlanDialog } from './AdminDialogs';
import { BillingPanel } from './BillingPanel';
import { CheckoutReturnBanner, useCheckoutReturn } from './CheckoutReturn';
import { DecisionDialog } from './DecisionDialog';

const who = (u: UserRef | null | undefined) => (u ? u.name || u.email : '—');

const SUSPENDABLE: SubscriptionState[] = ['active', 'past_due'];
const REVOCABLE: SubscriptionState[] = ['approved', 'pending_payment', 'active', 'past_due', 'suspended'];
const CHANGEABLE: SubscriptionState[] = ['pending_payment', 'active', 'past_due', 'suspended'];

/**
 * SubscriptionDetailPage shows one subscription with its history. Owners and admins get the actions its state
 * allows; the application's team can cancel it. Notifications about a subscription link here.
 */
export function SubscriptionDetailPage() {
  const { subId = '' } = useParams();
  const { tenant, canManage } = useTenant();
  const checkout = useCheckoutReturn();
  // Back from Stripe's Checkout: ask every few seconds until Stripe's confirmation makes the subscription active.
  const sub = useSubscription(tenant.slug, subId, checkout.ret === 'success' && !checkout.timedOut ? CHECKOUT_POLL_MS : false);
  const events = useEvents(tenant.slug, subId);
  const state = sub.data?.state;
  useEffect(() => {
    if (checkout.ret === 'success' && state === 'active') void events.refetch();
  }, [state]);
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const [acting, setActing] = useState<AdminAction | null>(null);
  const [changing, setChanging] = useState(false);
  const [canceling, setCanceling] = useState(false);
  const [cancelReason, setCancelReason] = useState('');
  const cancel = useCancel(tenant.slug);
  const toast = useToast();

  const back = canManage ? (
    <Link to={`/t/${tenant.slug}/subscriptions`}>← All subscriptions</Link>
  ) : sub.data ? (
    <Link to={`/t/${tenant.slug}/applications/${sub.data.application_id}`}>← {sub.data.application_name}</Link>
  ) : (
    <Link to={`/t/${tenant.slug}/applications`}>← Applications</Link>
  );
  if (sub.isPending) return <LoadingState />;
  if (sub.isError) {
    return (
      <>
        <PageHeader title="Subscription" back={back} />
        <ErrorState error={sub.error} onRetry={() => sub.refetch()} />
      </>
    );
  }
  const s: Subscription = sub.data;
  const approvals = s.approvals ?? [];
  return (
    <>
      <PageHeader
        back={back}
        title={`${s.application_name} → ${s.api_name}`}
        description={
          <>
            <StateBadge state={s.state} /> plan {s.plan_name} · team {s.team_name}
          </>
        }
        actions={
          <>
            {!canManage && LIVE_STATES.includes(s.state) && (
              <button type="button" className="btn btn-danger-ghost" onClick={() => {
                setCancelReason('');
                setCanceling(true);
              }}>
                Cancel subscription
              </button>
            )}
            {canManage && s.state === 'pending_approval' && (
              <>
                <button type="button" className="btn btn-danger-ghost" onClick={() => setDeciding('reject')}>
                  Reject
                </button>
                <button type="button" className="btn btn-primary" onClick={() => setDeciding('approve')}>
                  Approve
                </button>
              </>
            )}
            {canManage && CHANGEABLE.includes(s.state) && (
              <button type="button" className="btn" onClick={() => setChanging(true)}>
                Change plan
              </button>
            )}
            {canManage && SUSPENDABLE.includes(s.state) && (
              <button type="button" className="btn btn-danger-ghost" onClick={() => setActing('suspend')}>
                Suspend
              </button>
            )}
            {canManage && s.state === 'suspended' && (
              <button type="button" className="btn btn-primary" onClick={() => setActing('resume')}>
                Resume
              </button>
            )}
            {canManage && REVOCABLE.includes(s.state) && (
              <button type="button" className="btn btn-danger" onClick={() => setActing('revoke')}>
                Revoke
              </button>
            )}
          </>
        }
      />
      <CheckoutReturnBanner ret={checkout.ret} state={s.state} timedOut={checkout.timedOut} onDismiss={checkout.dismiss} />
      {s.paid && <BillingPanel sub={s} />}
      <div className="grid-2">
        <section className="card" aria-labelledby="sub-details-title">
          <h2 id="sub-details-title">Details</h2>
          <dl className="details details-wide">
            <div>
              <dt>API</dt>
              <dd>
                <Link to={`/t/${tenant.slug}/${canManage ? 'apis' : 'catalogue'}/${s.api_id}`}>{s.api_name}</Link>
              </dd>
            </div>
            <div>
              <dt>Application</dt>
              <dd>
                <Link to={`/t/${tenant.slug}/applications/${s.application_id}`}>{s.application_name}</Link> ({s.team_name})
              </dd>
            </div>
            <div>
              <dt>Plan</dt>
              <dd>{s.plan_name}</dd>
            </div>
            <div>
              <dt>Approval</dt>
              <dd>
                <Badge tone={s.approval_policy === 'two_person' ? 'violet' : 'blue'}>{APPROVAL_LABELS[s.approval_policy] ?? s.approval_policy}</Badge>
                {s.state === 'pending_approval' && <span className="approval-progress"> {approvalProgress(s)}</span>}
              </dd>
            </div>
            <div>
              <dt>Requested</dt>
              <dd>
                {formatDateTime(s.created_at)} by {who(s.requested_by)}
              </dd>
            </div>
            <div>
              <dt>Reason</dt>
              <dd className="prewrap">{s.reason || '—'}</dd>
            </div>
            {s.decided_by && (
              <div>
                <dt>Decided</dt>
                <dd>
                  {formatDateTime(s.decided_at)} by {who(s.decided_by)}
                  {s.decision_comment && <>: “{s.decision_comment}”</>}
                </dd>
              </div>
            )}
            {s.grace_ends_at && (
              <div>
                <dt>Grace ends</dt>
                <dd>{formatDateTime(s.grace_ends_at)}</dd>
              </div>
            )}
          </dl>
          {approvals.length > 0 && (
            <>
              <h3>Approvals</h3>
              <ul className="plain-list small">
                {approvals.map((a) => (
                  <li key={a.admin.id}>
                    {who(a.admin)} · {formatDateTime(a.created_at)}
                    {a.comment && <>: “{a.comment}”</>}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
        <section className="card" aria-labelledby="sub-history-title">
          <h2 id="sub-history-title">History</h2>
          {events.isPending ? (
            <LoadingState />
          ) : events.isError ? (
            <ErrorState error={events.error} onRetry={() => events.refetch()} />
          ) : (
            <SubscriptionTimeline events={events.data.items ?? []} />
          )}
        </section>
      </div>
      <DecisionDialog sub={deciding ? s : null} decision={deciding ?? 'approve'} onClose={() => setDeciding(null)} />
      <AdminActionDialog sub={acting ? s : null} action={acting ?? 'suspend'} onClose={() => setActing(null)} />
      <ChangePlanDialog sub={changing ? s : null} onClose={() => setChanging(false)} />
      <ConfirmDialog
        open={canceling}
        title="Cancel subscription?"
        confirmLabel="Cancel subscription"
        cancelLabel="Keep it"
        onClose={() => setCanceling(false)}
        onConfirm={async () => {
          await cancel.mutateAsync({ id: s.id, reason: cancelReason.trim() });
          toast.success(`The subscription to ${s.api_name} was canceled.`);
        }}
      >
        <p>
          Cancel the subscription of {s.application_name} to <strong>{s.api_name}</strong> ({s.plan_name})? Its keys stop
          working for this API at once.
        </p>
        <TextAreaField label="Reason (optional)" value={cancelReason} rows={2} onChange={(e) => setCancelReason(e.target.value)} />
      </ConfirmDialog>
    </>
  );
}
