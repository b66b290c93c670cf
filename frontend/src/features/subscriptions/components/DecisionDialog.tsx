import { useEffect, useState, type FormEvent } from 'react';
import { Alert } from '../../../components/Alert';
import { Dialog } from '../../../components/Dialog';
import { TextAreaField } from '../../../components/FormField';
import { useToast } from '../../../components/Toast';
import { ApiError, describeError } from '../../../lib/api';
import { approvalsNeeded } from '../../../lib/format';
import { useTenant } from '../../../lib/tenant';
import type { Subscription } from '../../../lib/types';
import { useDecide, type Decision } from '../api/subscriptions';

/** decisionError explains a refused decision, adding what the rule is for the cases people run into. */
export function decisionError(err: unknown, decision: Decision, sub: Subscription): string {
  const base = describeError(err);
  if (!(err instanceof ApiError) || decision !== 'approve') return base;
  if (err.status === 403 && sub.approval_policy === 'two_person') {
    return `${base} On a two-person plan, the person who filed a request cannot approve it: two other owners or admins must.`;
  }
  if (err.status === 409 && sub.approval_policy === 'two_person' && sub.state === 'pending_approval') {
    return `${base} A two-person approval needs two different owners or admins.`;
  }
  return base;
}

/** DecisionDialog approves (with an optional comment) or rejects (a comment is required) a pending request. */
export function DecisionDialog({
  sub,
  decision,
  onClose,
}: {
  sub: Subscription | null;
  decision: Decision;
  onClose: () => void;
}) {
  const { tenant } = useTenant();
  const decide = useDecide(tenant.slug);
  const toast = useToast();
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string>();

  useEffect(() => {
    if (!sub) return;
    setComment('');
    setCommentError(undefined);
    decide.reset();
  }, [sub, decision]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!sub) return;
    decide.reset();
    if (decision === 'reject' && !comment.trim()) {
      setCommentError('Say why the request is rejected; the requester reads it.');
      return;
    }
    decide.mutate(
      { id: sub.id, decision, comment: comment.trim() },
      {
        onSuccess: (s) => {
          if (decision === 'reject') toast.success(`The request of ${s.application_name} for ${s.api_name} was rejected.`);
          else if (s.state === 'pending_approval') toast.success(`Approved. ${s.application_name} now waits for a second approval.`);
          else toast.success(`Approved: ${s.application_name} can use ${s.api_name}.`);
          onClose();
        },
      },
    );
  };

  const approving = decision === 'approve';
  const have = sub?.approvals?.length ?? 0;
  const need = sub ? approvalsNeeded(sub.approval_policy) : 1;
  const completes = have + 1 >= need;
  const title = approving ? 'Approve request?' : 'Reject request?';
  return (
    <Dialog
      open={sub !== null}
      title={title}
      role="alertdialog"
      onClose={decide.isPending ? () => undefined : onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={decide.isPending}>
            Cancel
          </button>
          <button type="submit" form="decision-form" className={approving ? 'btn btn-primary' : 'btn btn-danger'}
            disabled={decide.isPending}>
            {decide.isPending ? 'Working…' : approving ? 'Approve' : 'Reject'}
          </button>
        </>
      }
    >
      {sub && (
        <form id="decision-form" onSubmit={onSubmit} noValidate aria-label={title}>
          <p>
            {approving ? 'Approve' : 'Reject'} the request of <strong>{sub.application_name}</strong> ({sub.team_name}) for{' '}
            <strong>{sub.api_name}</strong>, plan {sub.plan_name}?
            {approving &&
              (completes
                ? ' The subscription starts (or waits for payment on a paid plan).'
                : ` This is approval ${have + 1} of ${need}: a second owner or admin must approve too.`)}
            {!approving && ' The requester is told, with your comment.'}
          </p>
          <TextAreaField label={approving ? 'Comment (optional)' : 'Comment'} value={comment} rows={3}
            onChange={(e) => {
              setComment(e.target.value);
              setCommentError(undefined);
            }}
            error={commentError} hint={approving ? 'Shown to the requester.' : 'Required: the requester reads why.'} />
          {decide.error != null && <Alert tone="error">{decisionError(decide.error, decision, sub)}</Alert>}
        </form>
      )}
    </Dialog>
  );
}
