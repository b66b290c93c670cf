import { useEffect, useState, type FormEvent } from 'react';
import { Alert } from '../../../components/Alert';
import { Dialog, FormDialogFooter } from '../../../components/Dialog';
import { FormError } from '../../../components/FormError';
import { SelectField, TextField } from '../../../components/FormField';
import { LoadingState } from '../../../components/States';
import { StripeErrorAlert } from '../../../components/StripeErrorAlert';
import { useToast } from '../../../components/Toast';
import { ApiError } from '../../../lib/api';
import { formatPrice, minorDigits, toMinorUnits } from '../../../lib/format';
import { useFormErrors } from '../../../lib/forms';
import { useTenant } from '../../../lib/tenant';
import type { Plan, PriceInterval, StripePrice } from '../../../lib/types';
import { useCreatePlanPrice, usePrices, useUpdatePlan } from '../api/apis';

/** isStripeProblem: the refusal is about Stripe itself (not connected, refused, unreachable), not about the form. */
const isStripeProblem = (error: unknown) =>
  error instanceof ApiError && (error.code === 'stripe_not_connected' || error.code === 'stripe_error');

/** priceName names a Stripe price by its product and nickname: "Weather Pro (monthly)". */
export function priceName(p: StripePrice): string {
  const name = p.product_name || p.product_id || p.id;
  return p.nickname ? `${name} (${p.nickname})` : name;
}

/** priceLabel describes a price in a list: product, amount with currency and interval, flat or metered. */
export function priceLabel(p: StripePrice): string {
  return `${priceName(p)} — ${formatPrice(p)} · ${p.usage_type === 'metered' ? 'metered' : 'flat'}`;
}

/** ChoosePriceDialog links a paid plan to one of the Stripe account's active prices (the plan's billing follows it). */
export function ChoosePriceDialog({ plan, apiId, onClose }: { plan: Plan | null; apiId: string; onClose: () => void }) {
  const { tenant } = useTenant();
  const prices = usePrices(tenant.slug, plan !== null);
  const update = useUpdatePlan(tenant.slug, apiId);
  const toast = useToast();
  const fe = useFormErrors<'stripe_price_id' | 'billing'>(update);
  const [priceId, setPriceId] = useState('');

  useEffect(() => {
    if (!plan) return;
    setPriceId(plan.stripe_price_id);
    fe.reset();
    update.reset();
  }, [plan]);

  const items = prices.data?.items ?? [];
  const chosen = items.find((p) => p.id === priceId);
  const billing: Plan['billing'] = chosen?.usage_type === 'metered' ? 'metered' : 'flat';
  const unknown = plan?.stripe_price_id && !items.some((p) => p.id === plan.stripe_price_id) ? plan.stripe_price_id : '';

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!plan || !fe.validate({ stripe_price_id: priceId ? undefined : 'Choose a price.' })) return;
    const input = chosen ? { stripe_price_id: priceId, billing } : { stripe_price_id: priceId };
    update.mutate(
      { id: plan.id, ...input },
      {
        onSuccess: (p) => {
          toast.success(chosen ? `Plan ${p.name} now charges ${formatPrice(chosen)}.` : `The Stripe price of plan ${p.name} was saved.`);
          onClose();
        },
      },
    );
  };

  const title = plan ? `Choose the Stripe price of ${plan.name}` : 'Choose price';
  let body;
  if (prices.isPending) body = <LoadingState label="Loading the Stripe prices…" />;
  else if (prices.isError) body = <StripeErrorAlert error={prices.error} />;
  else if (items.length === 0 && !unknown) {
    body = (
      <Alert tone="info">
        The Stripe account has no active recurring prices yet. Close this and use “Create price” to make one for this plan.
      </Alert>
    );
  } else {
    body = (
      <SelectField label="Stripe price" value={priceId} error={fe.errors.stripe_price_id}
        onChange={(e) => {
          setPriceId(e.target.value);
          fe.clear('stripe_price_id');
        }}
        hint={chosen ? <>
          <code>{chosen.id}</code>
          {plan && billing !== plan.billing && ` · the plan will bill ${billing === 'metered' ? 'by usage (metered)' : 'a flat price'}, like this price`}
        </> : undefined}>
        <option value="">Choose a price…</option>
        {unknown && <option value={unknown}>{unknown} (not among the active prices)</option>}
        {items.map((p) => (
          <option key={p.id} value={p.id}>
            {priceLabel(p)}
          </option>
        ))}
      </SelectField>
    );
  }

  return (
    <Dialog open={plan !== null} title={title} onClose={onClose}
      footer={<FormDialogFooter form="choose-price-form" label="Save price" pending={update.isPending} onCancel={onClose} />}>
      <form id="choose-price-form" onSubmit={onSubmit} noValidate aria-label={title}>
        <FormError error={fe.formError} fields={['stripe_price_id', 'billing']} />
        <p>Subscribers to this plan pay this price through Stripe’s Checkout.</p>
        {body}
      </form>
    </Dialog>
  );
}

const CURRENCIES = ['usd', 'eur', 'gbp', 'cad', 'aud', 'chf', 'jpy'];
const INTERVALS: { value: PriceInterval; label: string }[] = [
  { value: 'month', label: 'Monthly' },
  { value: 'year', label: 'Yearly' },
  { value: 'week', label: 'Weekly' },
  { value: 'day', label: 'Daily' },
];
/** MAX_UNIT_AMOUNT is the largest amount Stripe accepts, in the smallest unit. */
const MAX_UNIT_AMOUNT = 99_999_999;

type PriceField = 'unit_amount' | 'currency' | 'interval';

/** checkAmount checks an amount typed in major units and returns it in the smallest unit, or the reason it is wrong. */
export function checkAmount(text: string, currency: string): { cents?: number; error?: string } {
  if (text.trim() === '') return { error: 'Enter the amount.' };
  const cents = toMinorUnits(text, currency);
  const digits = minorDigits(currency);
  if (cents === null) {
    return { error: digits === 0 ? 'Enter a whole amount, like 500.' : `Enter an amount like 49 or 49.90, with at most ${digits} decimals.` };
  }
  if (cents <= 0) return { error: 'Enter an amount above zero.' };
  if (cents > MAX_UNIT_AMOUNT) return { error: 'That is more than Stripe accepts for one price.' };
  return { cents };
}

/** CreatePriceDialog creates a recurring price in Stripe for a paid plan and links the plan to it. */
export function CreatePriceDialog({ plan, apiId, onClose }: { plan: Plan | null; apiId: string; onClose: () => void }) {
  const { tenant } = useTenant();
  const create = useCreatePlanPrice(tenant.slug, apiId);
  const toast = useToast();
  const fe = useFormErrors<PriceField>(create);
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('usd');
  const [interval, setPriceInterval] = useState<PriceInterval>('month');

  useEffect(() => {
    if (!plan) return;
    setAmount('');
    setCurrency('usd');
    setPriceInterval('month');
    fe.reset();
    create.reset();
  }, [plan]);

  const metered = plan?.billing === 'metered';
  const checked = checkAmount(amount, currency);
  const preview = checked.cents !== undefined
    ? formatPrice({ unit_amount: checked.cents, currency, interval, usage_type: metered ? 'metered' : 'licensed' })
    : null;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!plan || !fe.validate({ unit_amount: checked.error }) || checked.cents === undefined) return;
    create.mutate(
      { planId: plan.id, unit_amount: checked.cents, currency, interval },
      {
        onSuccess: (p) => {
          toast.success(`Stripe price created for plan ${p.name}: ${preview}.`);
          onClose();
        },
      },
    );
  };

  const title = plan ? `Create a Stripe price for ${plan.name}` : 'Create price';
  return (
    <Dialog open={plan !== null} title={title} onClose={onClose}
      footer={<FormDialogFooter form="create-price-form" label="Create price" pendingLabel="Creating…" pending={create.isPending} onCancel={onClose} />}>
      <form id="create-price-form" onSubmit={onSubmit} noValidate aria-label={title}>
        {isStripeProblem(create.error) ? <StripeErrorAlert error={create.error} /> : <FormError error={fe.formError} fields={['unit_amount', 'currency', 'interval']} />}
        <p>
          Tollgate creates a product named after the plan and a recurring price in your Stripe account, and links the plan to
          it.
        </p>
        <div className="grid-2">
          <TextField label={metered ? 'Amount per call' : 'Amount'} inputMode="decimal" value={amount} placeholder={metered ? '0.01' : '49.00'}
            onChange={(e) => {
              setAmount(e.target.value);
              fe.clear('unit_amount');
            }}
            error={fe.errors.unit_amount} hint={preview ? `Subscribers pay ${preview}.` : 'In the currency’s main unit, e.g. dollars.'} />
          <SelectField label="Currency" value={currency} error={fe.errors.currency}
            onChange={(e) => {
              setCurrency(e.target.value);
              fe.clear('currency');
            }}>
            {CURRENCIES.map((c) => (
              <option key={c} value={c}>
                {c.toUpperCase()}
              </option>
            ))}
          </SelectField>
          <SelectField label="Billing interval" value={interval} error={fe.errors.interval}
            onChange={(e) => {
              setPriceInterval(e.target.value as PriceInterval);
              fe.clear('interval');
            }}>
            {INTERVALS.map((i) => (
              <option key={i.value} value={i.value}>
                {i.label}
              </option>
            ))}
          </SelectField>
        </div>
      </form>
    </Dialog>
  );
}
