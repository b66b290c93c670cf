import { useState } from 'react';
import { Link } from 'react-router';
import { Badge, StateBadge, StripeStatusBadge } from '../../../components/Badge';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { useToast } from '../../../components/Toast';
import { formatDate, formatMoney, formatNumber, formatPeriod, stateLabel } from '../../../lib/format';
import { useTenant } from '../../../lib/tenant';
import type { ReconciliationRow } from '../../../lib/types';
import { useResync } from '../api/billing';
import { DRIFT_KINDS } from '../filters';

/** DriftBadge names one kind of drift, with what it means as a tooltip. */
export function DriftBadge({ kind }: { kind: string }) {
  const info = DRIFT_KINDS.find((d) => d.kind === kind);
  return (
    <span title={info?.meaning}>
      <Badge tone={kind === 'usage' || kind === 'period' ? 'amber' : 'red'}>{info?.label ?? kind}</Badge>
    </span>
  );
}

const samePeriod = (r: ReconciliationRow) =>
  r.current_period_start === r.stripe_period_start && r.current_period_end === r.stripe_period_end;

const rowName = (r: ReconciliationRow) => `${r.application_name} → ${r.api_name}`;

function RowCells({ row }: { row: ReconciliationRow }) {
  const { tenant, canManage } = useTenant();
  return (
    <>
      <td>
        {canManage ? <Link to={`/t/${tenant.slug}/subscriptions/${row.subscription_id}`}>{rowName(row)}</Link> : rowName(row)}
        <div className="muted small">{row.plan_name}</div>
      </td>
      <td>
        <StateBadge state={row.state} />
        {row.state === 'past_due' && row.grace_ends_at && <div className="muted small">Grace ends {formatDate(row.grace_ends_at)}</div>}
      </td>
      <td>
        <StripeStatusBadge status={row.stripe_status} />
        {row.stripe_subscription_id && (
          <div className="small">
            <code>{row.stripe_subscription_id}</code>
          </div>
        )}
      </td>
      <td className="small">
        {formatPeriod(row.current_period_start, row.current_period_end)}
        {row.stripe_subscription_id && !samePeriod(row) && (
          <div className="muted">Stripe: {formatPeriod(row.stripe_period_start, row.stripe_period_end)}</div>
        )}
      </td>
      <td className="small">
        {row.latest_invoice_status || '—'}
        {row.latest_invoice_currency && <div className="muted">{formatMoney(row.latest_invoice_amount, row.latest_invoice_currency)}</div>}
      </td>
      <td className="small num">
        {row.metered ? `${formatNumber(row.usage_counted)} / ${formatNumber(row.usage_reported)}` : <span className="muted">—</span>}
      </td>
      <td>
        <div className="drift-list">
          {row.drift.length === 0 ? <Badge tone="green">In step</Badge> : row.drift.map((k) => <DriftBadge key={k} kind={k} />)}
          {row.fixed && <Badge tone="green">Repaired</Badge>}
        </div>
        {row.detail && <div className="muted small">{row.detail}</div>}
      </td>
    </>
  );
}

/**
 * ReconciliationTable compares each paid subscription with Stripe: our state and Stripe's status, the billing period,
 * the latest invoice, metered usage counted and reported, and the drift found. Each row can be re-synced from Stripe
 * after confirming.
 */
export function ReconciliationTable({ rows }: { rows: ReconciliationRow[] }) {
  const { tenant } = useTenant();
  const resync = useResync(tenant.slug);
  const toast = useToast();
  const [asking, setAsking] = useState<ReconciliationRow | null>(null);

  return (
    <>
      <div className="table-wrap">
        <table className="table">
          <caption className="sr-only">Subscriptions compared with Stripe</caption>
          <thead>
            <tr>
              <th scope="col">Subscription</th>
              <th scope="col">Our state</th>
              <th scope="col">Stripe status</th>
              <th scope="col">Period</th>
              <th scope="col">Latest invoice</th>
              <th scope="col" className="num">Usage counted / reported</th>
              <th scope="col">Drift</th>
              <th scope="col"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.subscription_id}>
                <RowCells row={r} />
                <td className="actions">
                  <button type="button" className="btn btn-sm" onClick={() => setAsking(r)} aria-label={`Re-sync ${rowName(r)}`}>
                    Re-sync
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={asking !== null}
        title="Re-sync subscription?"
        confirmLabel="Re-sync"
        destructive={false}
        onClose={() => setAsking(null)}
        onConfirm={async () => {
          if (!asking) return;
          const row = await resync.mutateAsync(asking.subscription_id);
          if (row.fixed) toast.success(`${rowName(row)} was re-synced: it is ${stateLabel(row.state).toLowerCase()}.`);
          else if (row.drift.length === 0) toast.info(`${rowName(row)} is already in step with Stripe.`);
          else toast.error(`${rowName(row)} could not be repaired: ${row.detail || 'see the drift.'}`);
        }}
      >
        <p>
          Tollgate asks Stripe about the subscription of <strong>{asking?.application_name}</strong> to{' '}
          <strong>{asking?.api_name}</strong> now and changes its state, billing period and latest invoice here to match.
          Stripe itself is not changed.
        </p>
      </ConfirmDialog>
    </>
  );
}
