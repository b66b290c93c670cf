import { useEffect, useState, type FormEvent } from 'react';
import { Alert } from '../../../components/Alert';
import { Dialog } from '../../../components/Dialog';
import { FormError } from '../../../components/FormError';
import { SelectField, TextAreaField } from '../../../components/FormField';
import { useToast } from '../../../components/Toast';
import { describeError } from '../../../lib/api';
import { APPROVAL_LABELS, planLimits, planPrice } from '../../../lib/format';
import { useFormErrors } from '../../../lib/forms';
import { useTenant } from '../../../lib/tenant';
import type { Subscription } from '../../../lib/types';
import { useAdminAction, useChangePlan, usePlanOptions, type AdminAction } from '../api/subscriptions';

const COPY: Record<AdminAction, { title: string; verb: string; text: string; done: string; destructive: boolean }> = {
  suspend: {
    title: 'Suspend subscription?',
    verb: 'Suspend',
    text: 'Its keys are refused for this API until you resume it.',
    done: 'suspended',
    destructive: true,
  },
  resume: {
    title: 'Resume subscription?',
    verb: 'Resume',
    text: 'Its keys work again for this API.',
    done: 'resumed',
    destructive: false,
  },
  revoke: {
    title: 'Revoke subscription?',
    verb: 'Revoke',
    text: 'It ends for good and its keys are refused for this API at once. The team must subscribe again. This cannot be undone.',
    done: 'revoked',
    destructive: true,
  },
};

/** AdminActionDialog suspends, resumes or revokes a subscription; the reason is required and told to the team. */
export function AdminActionDialog({ sub, action, onClose }: { sub: Subscription | null; action: AdminAction; onClose: () => void }) {
  const { tenant } = useTenant();
  const run = useAdminAction(tenant.slug);
  const toast = useToast();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  const copy = COPY[action];

  useEffect(() => {
    if (!sub) return;
    setReason('');
    setReasonError(undefined);
    run.reset();
  }, [sub, action]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!sub) return;
    run.reset();
    if (!reason.trim() && action !== 'resume') {
      setReasonError('Give a reason; the application\'s team reads it.');
      return;
    }
    run.mutate(
      { id: sub.id, action, reason: reason.trim() },
      {
        onSuccess: (s) => {
          toast.success(`The subscription of ${s.application_name} to ${s.api_name} was ${copy.done}.`);
          onClose();
        },
      },
    );
  };

  return (
    <Dialog
      open={sub !== null}
      title={copy.title}
      role="alertdialog"
      onClose={run.isPending ? () => undefined : onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={run.isPending}>
            Cancel
          </button>
          <button type="submit" form="admin-action-form" className={copy.destructive ? 'btn btn-danger' : 'btn btn-primary'}
            disabled={run.isPending}>
            {run.isPending ? 'Working…' : copy.verb}
          </button>
        </>
      }
    >
      {sub && (
        <form id="admin-action-form" onSubmit={onSubmit} noValidate aria-label={copy.title}>
          <p>
            {copy.verb} the subscription of <strong>{sub.application_name}</strong> to <strong>{sub.api_name}</strong> (
            {sub.plan_name})? {copy.text}
          </p>
          <TextAreaField label={action === 'resume' ? 'Reason (optional)' : 'Reason'} value={reason} rows={3}
            onChange={(e) => {
              setReason(e.target.value);
              setReasonError(undefined);
            }}
            error={reasonError} hint="The application's team is told, with this reason." />
          {run.error != null && <Alert tone="error">{describeError(run.error)}</Alert>}
        </form>
      )}
    </Dialog>
  );
}

/** ChangePlanDialog moves a subscription to another open plan of the same API. */
export function ChangePlanDialog({ sub, onClose }: { sub: Subscription | null; onClose: () => void }) {
  const { tenant } = useTenant();
  const change = useChangePlan(tenant.slug);
  const plans = usePlanOptions(tenant.slug, sub?.api_id ?? '', sub !== null);
  const toast = useToast();
  const fe = useFormErrors<'plan_id' | 'reason'>(change);
  const [planId, setPlanId] = useState('');
  const [reason, setReason] = useState('');

  useEffect(() => {
    if (!sub) return;
    setPlanId('');
    setReason('');
    fe.reset();
    change.reset();
  }, [sub]);

  const others = (plans.data?.items ?? []).filter((p) => p.id !== sub?.plan_id);
  const chosen = others.find((p) => p.id === planId);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!sub) return;
    const found = {
      plan_id: planId ? undefined : 'Choose the new plan.',
      reason: reason.trim() ? undefined : 'Give a reason; the application\'s team reads it.',
    };
    if (!fe.validate(found)) return;
    change.mutate(
      { id: sub.id, plan_id: planId, reason: reason.trim() },
      {
        onSuccess: (s) => {
          toast.success(`${s.application_name} is now on plan ${s.plan_name}.`);
          onClose();
        },
      },
    );
  };

  return (
    <Dialog
      open={sub !== null}
      title="Change plan"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="change-plan-form" className="btn btn-primary" disabled={change.isPending || others.length === 0}>
            {change.isPending ? 'Changing…' : 'Change plan'}
          </button>
        </>
      }
    >
      {sub && (
        <form id="change-plan-form" onSubmit={onSubmit} noValidate aria-label="Change plan">
          <FormError error={fe.formError} fields={['plan_id', 'reason']} />
          <p>
            {sub.application_name} uses <strong>{sub.plan_name}</strong> of {sub.api_name}.
          </p>
          {plans.isSuccess && others.length === 0 ? (
            <Alert tone="info">{sub.api_name} has no other open plan.</Alert>
          ) : (
            <SelectField label="New plan" value={planId} onChange={(e) => {
              setPlanId(e.target.value);
              fe.clear('plan_id');
            }} error={fe.errors.plan_id} disabled={plans.isPending}
              hint={chosen ? `${planPrice(chosen)} · ${planLimits(chosen)} · ${APPROVAL_LABELS[chosen.approval]}` : undefined}>
              <option value="">{plans.isPending ? 'Loading plans…' : 'Choose a plan…'}</option>
              {others.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </SelectField>
          )}
          <TextAreaField label="Reason" value={reason} rows={2} onChange={(e) => {
            setReason(e.target.value);
            fe.clear('reason');
          }} error={fe.errors.reason} />
        </form>
      )}
    </Dialog>
  );
}
