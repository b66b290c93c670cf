import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert } from '../../../components/Alert';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { CheckboxField, SelectField } from '../../../components/FormField';
import { PageHeader } from '../../../components/PageHeader';
import { EmptyState, ErrorState, ForbiddenState, LoadingState } from '../../../components/States';
import { StripeErrorAlert } from '../../../components/StripeErrorAlert';
import { useToast } from '../../../components/Toast';
import { describeError } from '../../../lib/api';
import { saveBlob } from '../../../lib/download';
import { plural, STATE_LABELS } from '../../../lib/format';
import { useTenant } from '../../../lib/tenant';
import type { DriftKind, SubscriptionState } from '../../../lib/types';
import { downloadReconciliationCsv, useReconciliation, useRunReconciliation } from '../api/billing';
import {
  DRIFT_KINDS,
  EMPTY_RECONCILIATION_FILTERS,
  isReconciliationFiltered,
  PAID_STATES,
  reconciliationFiltersFromParams,
  reconciliationFiltersToParams,
  reconciliationQuery,
  type ReconciliationFilters,
} from '../filters';
import { BILLING_FORBIDDEN } from './BillingOverviewPage';
import { BillingNav } from './BillingNav';
import { ReconciliationTable } from './ReconciliationTable';
import { RunSummary } from './RunSummary';

/** ReconciliationFiltersBar narrows the rows: drifted only, our state, one kind of drift. They live in the URL. */
function ReconciliationFiltersBar({ filters, onChange }: { filters: ReconciliationFilters; onChange: (f: ReconciliationFilters) => void }) {
  return (
    <div className="toolbar toolbar-fields">
      <CheckboxField label="Drifted only" checked={filters.drifted} onChange={(e) => onChange({ ...filters, drifted: e.target.checked })} />
      <SelectField label="Our state" value={filters.state} onChange={(e) => onChange({ ...filters, state: e.target.value as SubscriptionState | '' })}>
        <option value="">Any state</option>
        {PAID_STATES.map((s) => (
          <option key={s} value={s}>
            {STATE_LABELS[s]}
          </option>
        ))}
      </SelectField>
      <SelectField label="Drift kind" value={filters.drift} onChange={(e) => onChange({ ...filters, drift: e.target.value as DriftKind | '' })}>
        <option value="">Any drift</option>
        {DRIFT_KINDS.map((d) => (
          <option key={d.kind} value={d.kind}>
            {d.label}
          </option>
        ))}
      </SelectField>
      {isReconciliationFiltered(filters) && (
        <button type="button" className="btn btn-ghost" onClick={() => onChange(EMPTY_RECONCILIATION_FILTERS)}>
          Clear filters
        </button>
      )}
    </div>
  );
}

/** useCsvDownload saves the last run as CSV and remembers why it failed. */
function useCsvDownload(slug: string) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const download = async () => {
    setPending(true);
    setError(null);
    try {
      const { blob, filename } = await downloadReconciliationCsv(slug);
      saveBlob(blob, filename ?? 'reconciliation.csv');
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
    }
  };
  return { pending, error, download };
}

/**
 * ReconciliationPage compares the tenant's paid subscriptions with Stripe: check now, or check and repair our side
 * (after confirming), filter the last run's rows, re-sync one subscription, and download the run as CSV.
 */
export function ReconciliationPage() {
  const { tenant, canBill } = useTenant();
  const [params, setParams] = useSearchParams();
  const filters = reconciliationFiltersFromParams(params);
  const last = useReconciliation(tenant.slug, reconciliationQuery(filters), canBill);
  const run = useRunReconciliation(tenant.slug);
  const csv = useCsvDownload(tenant.slug);
  const toast = useToast();
  const [confirmingFix, setConfirmingFix] = useState(false);

  if (!canBill) return <ForbiddenState what="billing" because={BILLING_FORBIDDEN} />;

  const start = (fix: boolean) =>
    run.mutateAsync(fix).then(({ run: r }) => {
      if (!r.error) toast.success(`${plural(r.checked, ['subscription', 'subscriptions'])} checked: ${r.drifted} out of step, ${r.fixed} repaired.`);
    });
  const setFilters = (f: ReconciliationFilters) => setParams((prev) => reconciliationFiltersToParams(f, prev), { replace: true });
  const hasRun = !!last.data?.run;

  let body;
  if (last.isPending) body = <LoadingState />;
  else if (last.isError) body = <ErrorState error={last.error} onRetry={() => last.refetch()} />;
  else if (!last.data.run) {
    body = (
      <EmptyState title="No reconciliation yet">
        Press Check now to compare every paid subscription with Stripe. It also runs every night, with repair.
      </EmptyState>
    );
  } else {
    const r = last.data.run;
    body = (
      <>
        <RunSummary run={r} />
        {r.rows.length === 0 ? (
          <EmptyState title={isReconciliationFiltered(filters) ? 'No subscriptions match these filters' : 'No paid subscriptions to check'}>
            {isReconciliationFiltered(filters) ? 'Try other filters.' : 'Subscriptions to paid plans appear here once they exist.'}
          </EmptyState>
        ) : (
          <ReconciliationTable rows={r.rows} />
        )}
      </>
    );
  }

  return (
    <>
      <PageHeader title="Reconciliation" docTitle="Reconciliation with Stripe"
        description="Compare every paid subscription with Stripe, and repair our side where it is out of step."
        actions={
          <>
            <button type="button" className="btn" onClick={csv.download} disabled={!hasRun || csv.pending}>
              {csv.pending ? 'Downloading…' : 'Download CSV'}
            </button>
            <button type="button" className="btn" onClick={() => setConfirmingFix(true)} disabled={run.isPending}>
              Check and repair
            </button>
            <button type="button" className="btn btn-primary" onClick={() => void start(false).catch(() => undefined)} disabled={run.isPending}
              aria-busy={run.isPending}>
              {run.isPending ? 'Checking…' : 'Check now'}
            </button>
          </>
        } />
      <BillingNav />
      {run.isPending && (
        <p className="progress-note" role="status">
          <span className="spinner" aria-hidden="true" />
          Asking Stripe about every paid subscription{run.variables ? ' and repairing what is out of step' : ''}…
        </p>
      )}
      <StripeErrorAlert error={run.error} />
      {csv.error != null && <Alert tone="error">The CSV could not be downloaded: {describeError(csv.error)}</Alert>}
      <ReconciliationFiltersBar filters={filters} onChange={setFilters} />
      {body}
      <ConfirmDialog
        open={confirmingFix}
        title="Check and repair?"
        confirmLabel="Check and repair"
        destructive={false}
        onClose={() => setConfirmingFix(false)}
        onConfirm={() => start(true)}
      >
        <p>
          Tollgate compares every paid subscription with Stripe and changes <strong>its own records</strong> to match Stripe:
          states (teams are notified as usual), billing periods and latest invoices, and it reports metered usage Stripe has
          not received yet. Stripe itself is not changed, and subscriptions an admin suspended stay suspended.
        </p>
      </ConfirmDialog>
    </>
  );
}
