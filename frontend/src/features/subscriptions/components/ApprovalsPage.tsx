import { useState } from 'react';
import { Link } from 'react-router';
import { Badge } from '../../../components/Badge';
import { PageHeader } from '../../../components/PageHeader';
import { EmptyState, ErrorState, ForbiddenState, LoadingState } from '../../../components/States';
import { APPROVAL_LABELS, approvalProgress, formatDateTime, plural } from '../../../lib/format';
import { useSession } from '../../../lib/session';
import { useTenant } from '../../../lib/tenant';
import type { Subscription, UserRef } from '../../../lib/types';
import { useApprovals, type Decision } from '../api/subscriptions';
import { DecisionDialog } from './DecisionDialog';

const who = (u: UserRef | null | undefined) => (u ? u.name || u.email : 'someone');

/** ApprovalCard is one pending request in the inbox. */
export function ApprovalCard({
  sub,
  meId,
  onDecide,
}: {
  sub: Subscription;
  meId: string | undefined;
  onDecide: (sub: Subscription, decision: Decision) => void;
}) {
  const { tenant } = useTenant();
  const approvals = sub.approvals ?? [];
  const twoPerson = sub.approval_policy === 'two_person';
  const approvedByMe = approvals.some((a) => a.admin.id === meId);
  const filedByMe = twoPerson && sub.requested_by?.id === meId;
  const titleId = `approval-${sub.id}`;
  return (
    <li className="card approval-card" aria-labelledby={titleId}>
      <div className="approval-head">
        <h2 id={titleId} className="approval-title">
          {sub.application_name} <span className="muted">→</span> {sub.api_name}
        </h2>
        <Badge tone={twoPerson ? 'violet' : 'blue'}>{APPROVAL_LABELS[sub.approval_policy] ?? sub.approval_policy}</Badge>
      </div>
      <dl className="details details-wide">
        <div>
          <dt>Plan</dt>
          <dd>{sub.plan_name}</dd>
        </div>
        <div>
          <dt>Team</dt>
          <dd>{sub.team_name}</dd>
        </div>
        <div>
          <dt>Requested</dt>
          <dd>
            {formatDateTime(sub.created_at)} by {who(sub.requested_by)}
            {sub.requested_by?.email && sub.requested_by.name ? ` (${sub.requested_by.email})` : ''}
          </dd>
        </div>
        <div>
          <dt>Reason</dt>
          <dd className="prewrap">{sub.reason || <span className="muted">None given</span>}</dd>
        </div>
        <div>
          <dt>Approvals</dt>
          <dd>
            <span className="approval-progress">{approvalProgress(sub)}</span>
            {approvals.length > 0 && (
              <ul className="plain-list small">
                {approvals.map((a) => (
                  <li key={a.admin.id}>
                    {who(a.admin)} approved {formatDateTime(a.created_at)}
                    {a.comment && <>: “{a.comment}”</>}
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>
      {approvedByMe && <p className="muted small">You approved this; it waits for another owner or admin.</p>}
      {filedByMe && <p className="muted small">You filed this request, so two other owners or admins must approve it.</p>}
      <div className="approval-actions">
        <Link to={`/t/${tenant.slug}/subscriptions/${sub.id}`} className="btn btn-ghost">
          Details
        </Link>
        <button type="button" className="btn btn-danger-ghost" onClick={() => onDecide(sub, 'reject')}
          aria-label={`Reject the request of ${sub.application_name} for ${sub.api_name}`}>
          Reject
        </button>
        <button type="button" className="btn btn-primary" onClick={() => onDecide(sub, 'approve')}
          aria-label={`Approve the request of ${sub.application_name} for ${sub.api_name}`}>
          Approve
        </button>
      </div>
    </li>
  );
}

/** ApprovalsPage is the owners' and admins' inbox of subscription requests waiting for a decision, oldest first. */
export function ApprovalsPage() {
  const { tenant, canManage } = useTenant();
  const session = useSession();
  const inbox = useApprovals(tenant.slug, canManage);
  const [deciding, setDeciding] = useState<{ sub: Subscription; decision: Decision } | null>(null);

  if (!canManage) return <ForbiddenState what="the approvals inbox" />;
  const count = inbox.data?.items.length ?? 0;
  return (
    <>
      <PageHeader
        title="Approvals"
        description={inbox.data ? `${plural(count, ['request waits', 'requests wait'])} for a decision, oldest first.` : 'Subscription requests waiting for a decision.'}
        actions={
          <Link className="btn" to={`/t/${tenant.slug}/subscriptions`}>
            All subscriptions
          </Link>
        }
      />
      {inbox.isPending ? (
        <LoadingState />
      ) : inbox.isError ? (
        <ErrorState error={inbox.error} onRetry={() => inbox.refetch()} />
      ) : count === 0 ? (
        <EmptyState title="Nothing to approve">
          Requests for plans with manual or two-person approval appear here. You also get a notification.
        </EmptyState>
      ) : (
        <ul className="approval-list" aria-label="Pending requests">
          {inbox.data.items.map((s) => (
            <ApprovalCard key={s.id} sub={s} meId={session.user?.id} onDecide={(sub, decision) => setDeciding({ sub, decision })} />
          ))}
        </ul>
      )}
      <DecisionDialog sub={deciding?.sub ?? null} decision={deciding?.decision ?? 'approve'} onClose={() => setDeciding(null)} />
    </>
  );
}
