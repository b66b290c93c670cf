import type { UseQueryResult } from '@tanstack/react-query';
import { isStripeNotConnected } from '../../../components/StripeErrorAlert';
import { formatPrice } from '../../../lib/format';
import type { Plan, StripePrice } from '../../../lib/types';
import { priceName } from './PlanPriceDialogs';

/**
 * PlanPriceCell shows the Stripe price of a paid plan (its amount when the Stripe account lists it) with the buttons
 * to choose one of the account's prices or create a new one.
 */
export function PlanPriceCell({
  plan,
  prices,
  onChoose,
  onCreate,
}: {
  plan: Plan;
  prices: UseQueryResult<{ items: StripePrice[] }>;
  onChoose: () => void;
  onCreate: () => void;
}) {
  const price = prices.data?.items.find((p) => p.id === plan.stripe_price_id);
  let text;
  if (!plan.stripe_price_id) text = <div className="muted small">No Stripe price yet</div>;
  else if (price) {
    text = (
      <div className="small">
        {formatPrice(price)} <span className="muted">· {priceName(price)}</span>
      </div>
    );
  } else {
    text = (
      <div className="small">
        <code>{plan.stripe_price_id}</code>
        {prices.isSuccess && <span className="muted"> · not among the active Stripe prices</span>}
        {isStripeNotConnected(prices.error) && <span className="muted"> · Stripe is not connected</span>}
      </div>
    );
  }
  return (
    <>
      {text}
      {!plan.archived_at && (
        <div>
          <button type="button" className="btn btn-sm" onClick={onChoose} aria-label={`Choose the Stripe price of plan ${plan.name}`}>
            Choose price
          </button>
          <button type="button" className="btn btn-sm" onClick={onCreate} aria-label={`Create a Stripe price for plan ${plan.name}`}>
            Create price
          </button>
        </div>
      )}
    </>
  );
}
