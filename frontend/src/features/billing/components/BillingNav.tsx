import { SectionNav } from '../../../components/SectionNav';
import { useTenant } from '../../../lib/tenant';

/** BillingNav links the billing pages: the overview, usage, reconciliation with Stripe, and the webhook events received. */
export function BillingNav() {
  const { tenant } = useTenant();
  const base = `/t/${tenant.slug}/billing`;
  return (
    <SectionNav label="Billing sections" links={[
      { to: base, label: 'Overview', end: true },
      { to: `${base}/usage`, label: 'Usage' },
      { to: `${base}/reconciliation`, label: 'Reconciliation' },
      { to: `${base}/events`, label: 'Webhook events' },
    ]} />
  );
}
