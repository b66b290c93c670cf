import { Link } from 'react-router';
import { StateBadge } from '../../../components/Badge';
import { PageHeader } from '../../../components/PageHeader';
import { EmptyState, ErrorState, ForbiddenState, LoadingState } from '../../../components/States';
import { formatDateTime, formatMoney, formatNumber } from '../../../lib/format';
import { useTenant } from '../../../lib/tenant';
import type { BillingOverview, Subscription } from '../../../lib/types';
import { useBillingOverview } from '../api/billing';
import { BillingNav } from './BillingNav';
import { RunSummary } from './RunSummary';

/** BILLING_FORBIDDEN is why developers may not see the billing pages. */
export const BILLING_FORBIDDEN = 'Only owners, admins and billing members of this tenant can see billing.';

function Stats({ o }: { o: BillingOverview }) {
  const { tenant } = useTenant();
  const events = (status: string) => `/t/${tenant.slug}/billing/events?status=${status}`;
  const stats: { label: string; value: string; to?: string }[] = [
    { label: 'Active paid', value: formatNumber(o.active_paid) },
    { label: 'Waiting for payment', value: formatNumber(o.pending_payment) },
    { label: 'Past due', value: formatNumber(o.past_due) },
    { label: 'In grace period', value: formatNumber(o.in_grace) },
    { label: 'Suspended', value: formatNumber(o.suspended) },
    { label: 'Failed events', value: formatNumber(o.failed_events), to: events('failed') },
    { label: 'Pending events', value: formatNumber(o.pending_events), to: events('pending') },
    { label: 'Unreported usage', value: `${formatNumber(o.unreported_usage)} calls` },
  ];
  return (
    <ul className="stats" aria-label="Billing summary">
      {stats.map((s) => (
        <li key={s.label} className="stat card">
          {s.to ? (
            <Link to={s.to} className="stat-label">
              {s.label}
            </Link>
          ) : (
            <span className="stat-label">{s.label}</span>
          )}
          <span className="stat-value">{s.value}</span>
        </li>
      ))}
    </ul>
  );
}

function invoice(s: Subscription): string {
  if (!s.latest_invoice_status) return '—';
  return s.latest_invoice_currency
    ? `${s.latest_invoice_status} · ${formatMoney(s.latest_invoice_amount ?? 0, s.latest_invoice_currency)}`
    : s.latest_invoice_status;
}

/** FailedPayments lists the subscriptions whose payment failed, newest first; admins open them from here. */
function FailedPayments({ subs }: { subs: Subscription[] }) {
  const { tenant, canManage } = useTenant();
  return (
    <section className="section" aria-labelledby="failed-title">
      <h2 id="failed-title">Failed payments</h2>
      {subs.length === 0 ? (
        <EmptyState title="No failed payments">Subscriptions whose payment failed show up here, newest first.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">Failed payments</caption>
            <thead>
              <tr>
                <th scope="col">Application</th>
                <th scope="col">API and plan</th>
                <th scope="col">State</th>
                <th scope="col">Latest invoice</th>
                <th scope="col">Grace ends</th>
                <th scope="col"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {subs.map((s) => (
                <tr key={s.id}>
                  <td>
                    {s.application_name}
                    <div className="muted small">{s.team_name}</div>
                  </td>
                  <td>
                    {s.api_name} <span className="muted">· {s.plan_name}</span>
                  </td>
                  <td>
                    <StateBadge state={s.state} />
                  </td>
                  <td>{invoice(s)}</td>
                  <td className="nowrap">{formatDateTime(s.grace_ends_at)}</td>
                  <td className="actions">
                    {canManage && (
                      <Link className="btn btn-sm" to={`/t/${tenant.slug}/subscriptions/${s.id}`}
                        aria-label={`Open the subscription of ${s.application_name} to ${s.api_name}`}>
                        Open
                      </Link>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** BillingOverviewPage is the billing team's dashboard: counts, the last reconciliation and the failed payments. */
export function BillingOverviewPage() {
  const { tenant, canBill } = useTenant();
  const overview = useBillingOverview(tenant.slug, canBill);
  if (!canBill) return <ForbiddenState what="billing" because={BILLING_FORBIDDEN} />;
  const header = (
    <>
      <PageHeader title="Billing" description={`Paid subscriptions of ${tenant.name}, their payments, and how they match Stripe.`} />
      <BillingNav />
    </>
  );
  if (overview.isPending) return <>{header}<LoadingState /></>;
  if (overview.isError) return <>{header}<ErrorState error={overview.error} onRetry={() => overview.refetch()} /></>;
  const o = overview.data;
  if (!o.connected) {
    return (
      <>
        {header}
        <EmptyState title="Stripe is not connected"
          action={<Link className="btn btn-primary" to={`/t/${tenant.slug}/settings/stripe`}>Connect Stripe</Link>}>
          Developers cannot pay for paid plans until the tenant’s Stripe account is connected. An owner adds its keys under
          Settings → Stripe.
        </EmptyState>
      </>
    );
  }
  const run = o.last_reconciliation;
  return (
    <>
      {header}
      <Stats o={o} />
      <section className="card" aria-labelledby="last-run-title">
        <h2 id="last-run-title">Reconciliation with Stripe</h2>
        {run ? <RunSummary run={run} /> : <p className="muted">No reconciliation has run yet. It runs every night, or now from the reconciliation page.</p>}
        <Link to={`/t/${tenant.slug}/billing/reconciliation`}>Open the reconciliation</Link>
      </section>
      <FailedPayments subs={o.failed_payments ?? []} />
    </>
  );
}
