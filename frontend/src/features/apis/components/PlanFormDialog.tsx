import { useEffect, useState, type FormEvent } from 'react';
import { Dialog, FormDialogFooter } from '../../../components/Dialog';
import { FormError } from '../../../components/FormError';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../../components/FormField';
import { useToast } from '../../../components/Toast';
import { APPROVAL_LABELS } from '../../../lib/format';
import { useFormErrors } from '../../../lib/forms';
import { useTenant } from '../../../lib/tenant';
import type { ApprovalPolicy, Plan } from '../../../lib/types';
import { checkRequired, type Errors } from '../../../lib/validation';
import { useCreatePlan, useUpdatePlan, type PlanInput } from '../api/apis';
import { formatThresholds, parseThresholds } from '../thresholds';

type Field = keyof PlanInput;
const FIELDS: Field[] = [
  'name',
  'description',
  'paid',
  'stripe_price_id',
  'billing',
  'rate_limit_per_second',
  'rate_limit_per_minute',
  'monthly_quota',
  'overage',
  'approval',
  'grace_days',
  'trial_days',
  'counted_statuses',
  'alert_thresholds',
];

const CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'];

interface FormState {
  name: string;
  description: string;
  paid: boolean;
  stripe_price_id: string;
  billing: 'flat' | 'metered';
  rate_limit_per_second: string;
  rate_limit_per_minute: string;
  monthly_quota: string;
  overage: 'block' | 'bill';
  approval: ApprovalPolicy;
  grace_days: string;
  trial_days: string;
  counted_statuses: string[];
  /** Comma-separated percents of the quota. */
  alert_thresholds: string;
}

const empty: FormState = {
  name: '',
  description: '',
  paid: false,
  stripe_price_id: '',
  billing: 'flat',
  rate_limit_per_second: '0',
  rate_limit_per_minute: '0',
  monthly_quota: '',
  overage: 'block',
  approval: 'auto',
  grace_days: '3',
  trial_days: '0',
  counted_statuses: ['2xx', '3xx'],
  alert_thresholds: formatThresholds(null),
};

function fromPlan(p: Plan): FormState {
  return {
    name: p.name,
    description: p.description,
    paid: p.paid,
    stripe_price_id: p.stripe_price_id,
    billing: p.billing,
    rate_limit_per_second: String(p.rate_limit_per_second),
    rate_limit_per_minute: String(p.rate_limit_per_minute),
    monthly_quota: p.monthly_quota === null ? '' : String(p.monthly_quota),
    overage: p.overage,
    approval: p.approval,
    grace_days: String(p.grace_days),
    trial_days: String(p.trial_days),
    counted_statuses: p.counted_statuses?.length ? p.counted_statuses : ['2xx', '3xx'],
    alert_thresholds: formatThresholds(p.alert_thresholds),
  };
}

function intIn(value: string, min: number, max: number): boolean {
  const n = Number(value);
  return value.trim() !== '' && Number.isInteger(n) && n >= min && n <= max;
}

/** checkPlan mirrors the server's limits on plans. */
export function checkPlan(f: FormState): Errors<Field> {
  return {
    name: checkRequired(f.name, 'a name'),
    rate_limit_per_second: intIn(f.rate_limit_per_second, 0, 100_000) ? undefined : 'Enter 0 (no limit) to 100000.',
    rate_limit_per_minute: intIn(f.rate_limit_per_minute, 0, 6_000_000) ? undefined : 'Enter 0 (no limit) to 6000000.',
    monthly_quota: f.monthly_quota.trim() === '' || intIn(f.monthly_quota, 0, 1e12) ? undefined : 'Leave empty for unlimited, or enter 0 to 10^12.',
    overage: f.overage === 'bill' && !f.paid ? 'Only paid plans can bill for overage.' : undefined,
    grace_days: intIn(f.grace_days, 0, 21) ? undefined : 'Enter 0 to 21 days.',
    trial_days: !intIn(f.trial_days, 0, 365)
      ? 'Enter 0 to 365 days.'
      : f.paid || Number(f.trial_days) === 0
        ? undefined
        : 'Only paid plans have trials.',
    counted_statuses: f.counted_statuses.length === 0 ? 'Choose at least one kind of response.' : undefined,
    alert_thresholds: parseThresholds(f.alert_thresholds).error,
  };
}

function toInput(f: FormState): PlanInput {
  return {
    name: f.name.trim(),
    description: f.description.trim(),
    paid: f.paid,
    stripe_price_id: f.paid ? f.stripe_price_id.trim() : '',
    billing: f.billing,
    rate_limit_per_second: Number(f.rate_limit_per_second),
    rate_limit_per_minute: Number(f.rate_limit_per_minute),
    monthly_quota: f.monthly_quota.trim() === '' ? null : Number(f.monthly_quota),
    overage: f.paid ? f.overage : 'block',
    approval: f.approval,
    grace_days: Number(f.grace_days),
    trial_days: f.paid ? Number(f.trial_days) : 0,
    counted_statuses: CLASSES.filter((c) => f.counted_statuses.includes(c)),
    alert_thresholds: parseThresholds(f.alert_thresholds).values ?? [],
  };
}

const APPROVAL_HINTS: Record<ApprovalPolicy, string> = {
  auto: 'Subscriptions start at once (free plans) or after payment (paid plans).',
  manual: 'An owner or admin approves each request.',
  two_person: 'Two different owners or admins must approve each request.',
};

/** PlanFormDialog creates a plan for an API, or edits one when `plan` is given. */
export function PlanFormDialog({ open, apiId, plan, onClose }: { open: boolean; apiId: string; plan?: Plan | null; onClose: () => void }) {
  const { tenant } = useTenant();
  const create = useCreatePlan(tenant.slug, apiId);
  const update = useUpdatePlan(tenant.slug, apiId);
  const mutation = plan ? update : create;
  const toast = useToast();
  const [form, setForm] = useState<FormState>(empty);
  const fe = useFormErrors<Field>(mutation);

  useEffect(() => {
    if (!open) return;
    setForm(plan ? fromPlan(plan) : empty);
    fe.reset();
    create.reset();
    update.reset();
  }, [open, plan]);

  const set = <K extends keyof FormState>(field: K, value: FormState[K]) => {
    setForm((f) => ({ ...f, [field]: value }));
    fe.clear(field as Field);
  };
  const text = (field: keyof FormState) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
    set(field, e.target.value as never);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!fe.validate(checkPlan(form))) return;
    const input = toInput(form);
    const done = (p: Plan) => {
      toast.success(plan ? `Plan ${p.name} was saved.` : `Plan ${p.name} was created.`);
      onClose();
    };
    if (plan) update.mutate({ id: plan.id, ...input }, { onSuccess: done });
    else create.mutate(input, { onSuccess: done });
  };

  const title = plan ? `Edit plan ${plan.name}` : 'Create plan';
  const errors = fe.errors;
  return (
    <Dialog
      open={open}
      title={title}
      onClose={onClose}
      size="lg"
      footer={<FormDialogFooter form="plan-form" label={plan ? 'Save plan' : 'Create plan'} pending={mutation.isPending} onCancel={onClose} />}
    >
      <form id="plan-form" onSubmit={onSubmit} noValidate aria-label={title}>
        <FormError error={fe.formError} fields={FIELDS} />
        <TextField label="Name" value={form.name} onChange={text('name')} error={errors.name} />
        <TextAreaField label="Description (optional)" value={form.description} rows={2} onChange={text('description')}
          error={errors.description} />
        <SelectField label="Approval" value={form.approval} onChange={text('approval')} error={errors.approval}
          hint={APPROVAL_HINTS[form.approval]}>
          {(Object.keys(APPROVAL_LABELS) as ApprovalPolicy[]).map((a) => (
            <option key={a} value={a}>
              {APPROVAL_LABELS[a]}
            </option>
          ))}
        </SelectField>
        <div className="grid-2">
          <TextField label="Requests per second" type="number" min={0} inputMode="numeric" value={form.rate_limit_per_second}
            onChange={text('rate_limit_per_second')} error={errors.rate_limit_per_second} hint="0 means no limit." />
          <TextField label="Requests per minute" type="number" min={0} inputMode="numeric" value={form.rate_limit_per_minute}
            onChange={text('rate_limit_per_minute')} error={errors.rate_limit_per_minute} hint="0 means no limit." />
          <TextField label="Monthly quota" type="number" min={0} inputMode="numeric" value={form.monthly_quota}
            onChange={text('monthly_quota')} error={errors.monthly_quota} hint="Calls per month; empty means unlimited." />
          <TextField label="Grace days" type="number" min={0} max={21} inputMode="numeric" value={form.grace_days}
            onChange={text('grace_days')} error={errors.grace_days} hint="How long a failed payment keeps access (0–21)." />
        </div>
        <TextField label="Quota alerts (% of the quota)" value={form.alert_thresholds} onChange={text('alert_thresholds')}
          error={errors.alert_thresholds} placeholder="80, 90, 100" inputMode="numeric" spellCheck={false}
          hint={form.monthly_quota.trim() === ''
            ? 'Subscribers are warned as their usage crosses these percents; plans without a quota send none.'
            : 'Subscribers are warned as their usage crosses these percents: up to 5, from 1 to 100, separated by commas. Empty: no warnings.'} />
        <fieldset className="fieldset">
          <legend className="field-label">Responses that count</legend>
          <p className="field-hint">Calls answered with these count against the quota and as billable usage.</p>
          <div className="check-row">
            {CLASSES.map((c) => (
              <CheckboxField key={c} label={c} checked={form.counted_statuses.includes(c)}
                onChange={(e) =>
                  set('counted_statuses', e.target.checked ? [...form.counted_statuses, c] : form.counted_statuses.filter((x) => x !== c))
                } />
            ))}
          </div>
          {errors.counted_statuses && <p className="field-error">{errors.counted_statuses}</p>}
        </fieldset>
        <CheckboxField label="Paid plan" checked={form.paid} onChange={(e) => set('paid', e.target.checked)}
          error={errors.paid} hint="Subscribers pay through Stripe before the subscription starts." />
        {form.paid && (
          <div className="grid-2">
            <TextField label="Stripe price ID (optional)" value={form.stripe_price_id} onChange={text('stripe_price_id')}
              error={errors.stripe_price_id} placeholder="price_…" hint="Can be added later." />
            <SelectField label="Billing" value={form.billing} onChange={text('billing')} error={errors.billing}>
              <option value="flat">Flat monthly price</option>
              <option value="metered">Metered by usage</option>
            </SelectField>
            <SelectField label="Over the quota" value={form.overage} onChange={text('overage')} error={errors.overage}>
              <option value="block">Block further calls</option>
              <option value="bill">Allow and bill the overage</option>
            </SelectField>
            <TextField label="Trial days" type="number" min={0} max={365} inputMode="numeric" value={form.trial_days}
              onChange={text('trial_days')} error={errors.trial_days} hint="0 to 365." />
          </div>
        )}
        {!form.paid && errors.overage && <p className="field-error">{errors.overage}</p>}
      </form>
    </Dialog>
  );
}
