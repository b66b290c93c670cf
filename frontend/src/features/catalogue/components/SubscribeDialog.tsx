import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../components/Alert';
import { StateBadge } from '../../../components/Badge';
import { Dialog } from '../../../components/Dialog';
import { FormError } from '../../../components/FormError';
import { SelectField, TextAreaField } from '../../../components/FormField';
import { APPROVAL_LABELS, planPrice } from '../../../lib/format';
import { useFormErrors } from '../../../lib/forms';
import { useTenant } from '../../../lib/tenant';
import type { Api, Plan, Subscription } from '../../../lib/types';
import { useMyApplications, useSubscribe } from '../api/catalogue';

type Field = 'application' | 'plan_id' | 'reason';
const MAX_REASON = 1000;

/** SubscriptionOutcome explains what happens next for the state a new subscription is in. */
export function SubscriptionOutcome({ sub, tenantSlug }: { sub: Subscription; tenantSlug: string }) {
  const appLink = (
    <Link to={`/t/${tenantSlug}/applications/${sub.application_id}`}>{sub.application_name}</Link>
  );
  let tone: 'success' | 'info' | 'warning' = 'info';
  let text;
  switch (sub.state) {
    case 'active':
      tone = 'success';
      text = <>The subscription is active. Create an API key in {appLink} to call {sub.api_name}.</>;
      break;
    case 'pending_approval':
      text = (
        <>
          The request waits for approval
          {sub.approval_policy === 'two_person' ? ' by two owners or admins' : ' by an owner or admin'}. You get a
          notification when it is decided; follow it in {appLink}.
        </>
      );
      break;
    case 'pending_payment':
      tone = 'warning';
      text = (
        <>
          The plan is paid: the subscription starts once the payment is complete.{' '}
          <Link to={`/t/${tenantSlug}/subscriptions/${sub.id}`}>Pay now</Link> through Stripe, or later from {appLink}.
        </>
      );
      break;
    default:
      text = <>Follow the subscription in {appLink}.</>;
  }
  return (
    <div className="outcome">
      <p>
        {sub.application_name} → {sub.api_name}, plan {sub.plan_name}: <StateBadge state={sub.state} />
      </p>
      <Alert tone={tone}>{text}</Alert>
    </div>
  );
}

/** SubscribeDialog subscribes one of the caller's applications to a plan and shows where the request stands. */
export function SubscribeDialog({
  open,
  api,
  plans,
  planId,
  onClose,
}: {
  open: boolean;
  api: Api;
  plans: Plan[];
  planId: string;
  onClose: () => void;
}) {
  const { tenant } = useTenant();
  const apps = useMyApplications(tenant.slug, open);
  const subscribe = useSubscribe(tenant.slug);
  const fe = useFormErrors<Field>(subscribe);
  const [appId, setAppId] = useState('');
  const [plan, setPlan] = useState(planId);
  const [reason, setReason] = useState('');

  useEffect(() => {
    if (!open) return;
    setPlan(planId);
    setReason('');
    fe.reset();
    subscribe.reset();
  }, [open, planId]);

  const appItems = apps.data?.items ?? [];
  useEffect(() => {
    if (open && !appId && appItems.length === 1) setAppId(appItems[0].id);
  }, [open, appId, appItems]);

  const chosenPlan = plans.find((p) => p.id === plan);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found = {
      application: appId ? undefined : 'Choose one of your applications.',
      plan_id: plan ? undefined : 'Choose a plan.',
      reason: !reason.trim()
        ? 'Say what you will use the API for; approvers read it.'
        : reason.length > MAX_REASON
          ? `Use at most ${MAX_REASON} characters.`
          : undefined,
    };
    if (!fe.validate(found)) return;
    subscribe.mutate({ applicationId: appId, plan_id: plan, reason: reason.trim() });
  };

  const done = subscribe.data;
  return (
    <Dialog
      open={open}
      title={done ? 'Subscription requested' : `Subscribe to ${api.name}`}
      onClose={onClose}
      footer={
        done ? (
          <button type="button" className="btn btn-primary" onClick={onClose}>
            Done
          </button>
        ) : (
          <>
            <button type="button" className="btn" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" form="subscribe-form" className="btn btn-primary"
              disabled={subscribe.isPending || appItems.length === 0}>
              {subscribe.isPending ? 'Subscribing…' : 'Subscribe'}
            </button>
          </>
        )
      }
    >
      {done ? (
        <SubscriptionOutcome sub={done} tenantSlug={tenant.slug} />
      ) : (
        <form id="subscribe-form" onSubmit={onSubmit} noValidate aria-label={`Subscribe to ${api.name}`}>
          <FormError error={fe.formError} fields={['plan_id', 'reason']} />
          {apps.isSuccess && appItems.length === 0 ? (
            <Alert tone="info" title="You have no application yet">
              Subscriptions belong to applications. <Link to={`/t/${tenant.slug}/applications`}>Create an application</Link>{' '}
              first, then come back.
            </Alert>
          ) : (
            <SelectField label="Application" value={appId} onChange={(e) => {
              setAppId(e.target.value);
              fe.clear('application');
            }} error={fe.errors.application} disabled={apps.isPending}
              hint={apps.isError ? 'Your applications could not be loaded.' : undefined}>
              <option value="">{apps.isPending ? 'Loading applications…' : 'Choose an application…'}</option>
              {appItems.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} ({a.team_name})
                </option>
              ))}
            </SelectField>
          )}
          <SelectField label="Plan" value={plan} onChange={(e) => {
            setPlan(e.target.value);
            fe.clear('plan_id');
          }} error={fe.errors.plan_id}
            hint={chosenPlan ? `${planPrice(chosenPlan)} · ${APPROVAL_LABELS[chosenPlan.approval]}` : undefined}>
            <option value="">Choose a plan…</option>
            {plans.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </SelectField>
          <TextAreaField label="Reason" value={reason} rows={3} maxLength={MAX_REASON}
            onChange={(e) => {
              setReason(e.target.value);
              fe.clear('reason');
            }}
            error={fe.errors.reason} hint={`What will your application do with ${api.name}? ${reason.length}/${MAX_REASON}`} />
        </form>
      )}
    </Dialog>
  );
}
