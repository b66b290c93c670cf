import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert } from '../../../components/Alert';
import type { SubscriptionState } from '../../../lib/types';
import { CHECKOUT_WAIT_MS, checkoutBanner, checkoutReturnOf, type CheckoutReturn } from '../billing';

/**
 * useCheckoutReturn reads how Stripe's Checkout sent the browser back (?checkout=success or canceled), and says when
 * the page has waited long enough for Stripe's confirmation.
 */
export function useCheckoutReturn(waitMs = CHECKOUT_WAIT_MS) {
  const [params, setParams] = useSearchParams();
  const ret: CheckoutReturn | null = checkoutReturnOf(params.get('checkout'));
  const [timedOut, setTimedOut] = useState(false);

  useEffect(() => {
    setTimedOut(false);
    if (ret !== 'success') return;
    const id = setTimeout(() => setTimedOut(true), waitMs);
    return () => clearTimeout(id);
  }, [ret, waitMs]);

  const dismiss = () =>
    setParams(
      (prev) => {
        const out = new URLSearchParams(prev);
        out.delete('checkout');
        out.delete('session_id');
        return out;
      },
      { replace: true },
    );
  return { ret, timedOut, dismiss };
}

/** CheckoutReturnBanner says what happened at Stripe's Checkout, and that the page waits for Stripe's confirmation. */
export function CheckoutReturnBanner({
  ret,
  state,
  timedOut,
  onDismiss,
}: {
  ret: CheckoutReturn | null;
  state: SubscriptionState;
  timedOut: boolean;
  onDismiss: () => void;
}) {
  const banner = checkoutBanner(ret, state, timedOut);
  if (!banner) return null;
  return (
    <Alert tone={banner.tone} title={banner.title}>
      <p className="progress-note">
        {banner.polling && <span className="spinner" aria-hidden="true" />}
        {banner.text}
      </p>
      {!banner.polling && (
        <button type="button" className="btn btn-sm btn-ghost" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </Alert>
  );
}
