import { useEffect } from 'react';
import { Alert } from '../../../components/Alert';
import { StripeStatusBadge } from '../../../components/Badge';
import { StripeErrorAlert } from '../../../components/StripeErrorAlert';
import { browser } from '../../../lib/browser';
import { formatDateTime, formatMoney, formatPeriod } from '../../../lib/format';
import { useTenant } from '../../../lib/tenant';
import type { Subscription } from '../../../lib/types';
import { useBillingLink } from '../api/subscriptions';
import { canManageBilling, canPay, paysFor, suspendedForPayment } from '../billing';

/** BillingNotice says what a paid subscription's state means for paying: waiting, past due in grace, suspended. */
function BillingNotice({ sub }: { sub: Subscription }) {
  if (sub.state === 'pending_payment') {
    return (
      <Alert tone="warning" title="Waiting for payment">
        <p>The plan is paid: the subscription starts as soon as the first payment is made. Until then the gateway answers 402.</p>
      </Alert>
    );
  }
  if (sub.state === 'past_due') {
    return (
      <Alert tone="warning" title="Payment failed">
        <p>
          Access continues until {sub.grace_ends_at ? formatDateTime(sub.grace_ends_at) : 'the end of the grace period'}; update
          your card or pay the open invoice before then.
        </p>
      </Alert>
    );
  }
  if (suspendedForPayment(sub)) {
    return (
      <Alert tone="error" title="Suspended for non-payment">
        <p>
          The grace period is over and calls are refused (402 <code>payment_overdue</code>). Pay the open invoice or update
          your card: access comes back within seconds of the payment.
        </p>
      </Alert>
    );
  }
  return null;
}

function invoiceText(sub: Subscription): string {
  if (!sub.latest_invoice_status) return '—';
  const amount = sub.latest_invoice_currency ? ` · ${formatMoney(sub.latest_invoice_amount ?? 0, sub.latest_invoice_currency)}` : '';
  return `${sub.latest_invoice_status}${amount}`;
}

/**
 * BillingPanel shows how a paid subscription is billed (Stripe's status, the period, the latest invoice) and lets the
 * application's team pay (Stripe Checkout) or manage its card and invoices (Stripe Billing Portal).
 */
export function BillingPanel({ sub }: { sub: Subscription }) {
  const access = useTenant();
  const checkout = useBillingLink(access.tenant.slug, 'checkout');
  const portal = useBillingLink(access.tenant.slug, 'billing-portal');
  const payer = paysFor(access, sub);
  const pay = canPay(sub, payer);
  const manage = canManageBilling(sub, payer);
  const leaving = checkout.isPending || portal.isPending || checkout.isSuccess || portal.isSuccess;

  // Back from Stripe through the browser's history, the page may come from its cache: offer the buttons again.
  useEffect(() => {
    const onShow = (e: PageTransitionEvent) => {
      if (!e.persisted) return;
      checkout.reset();
      portal.reset();
    };
    window.addEventListener('pageshow', onShow);
    return () => window.removeEventListener('pageshow', onShow);
  }, []);

  const open = (link: typeof checkout, other: typeof checkout) => {
    other.reset();
    link.mutate(sub.id, { onSuccess: ({ url }) => browser.leaveTo(url) });
  };

  return (
    <section className="card" aria-labelledby="sub-billing-title">
      <h2 id="sub-billing-title">Billing</h2>
      <BillingNotice sub={sub} />
      <dl className="details details-wide">
        <div>
          <dt>Billing</dt>
          <dd>{sub.billing === 'metered' ? 'Metered by usage' : 'Flat price'}</dd>
        </div>
        <div>
          <dt>Stripe status</dt>
          <dd>
            <StripeStatusBadge status={sub.stripe_status} />
          </dd>
        </div>
        <div>
          <dt>Current period</dt>
          <dd>{formatPeriod(sub.current_period_start, sub.current_period_end)}</dd>
        </div>
        <div>
          <dt>Latest invoice</dt>
          <dd>
            {invoiceText(sub)}
            {sub.hosted_invoice_url && (
              <>
                {' '}
                <a href={sub.hosted_invoice_url} target="_blank" rel="noopener noreferrer">
                  Open invoice
                </a>
              </>
            )}
          </dd>
        </div>
      </dl>
      {!payer && sub.state === 'pending_payment' && (
        <p className="muted small">The team {sub.team_name} pays for this subscription.</p>
      )}
      {(pay || manage) && (
        <div className="billing-actions">
          {pay && (
            <button type="button" className="btn btn-primary" disabled={leaving} aria-busy={checkout.isPending}
              onClick={() => open(checkout, portal)}>
              {checkout.isPending || checkout.isSuccess ? 'Opening Stripe…' : 'Pay'}
            </button>
          )}
          {manage && (
            <button type="button" className="btn" disabled={leaving} aria-busy={portal.isPending}
              onClick={() => open(portal, checkout)}>
              {portal.isPending || portal.isSuccess ? 'Opening Stripe…' : 'Manage billing'}
            </button>
          )}
        </div>
      )}
      {(pay || manage) && <p className="muted small">Payments are handled by Stripe; you come back here afterwards.</p>}
      <StripeErrorAlert error={checkout.error ?? portal.error} />
    </section>
  );
}
