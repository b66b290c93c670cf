import { Alert } from '../../../components/Alert';
import { formatDateTime, plural } from '../../../lib/format';
import type { ReconciliationRun } from '../../../lib/types';

const TRIGGERS: Record<string, string> = {
  manual: 'started by hand',
  nightly: 'nightly',
  cli: 'from the command line',
  subscription: 're-sync of one subscription',
};

/** RunSummary says when a reconciliation ran, what it found and repaired, and why it stopped when Stripe failed. */
export function RunSummary({ run }: { run: ReconciliationRun }) {
  return (
    <div className="run-summary">
      <p>
        Last check {formatDateTime(run.finished_at ?? run.started_at)} ({TRIGGERS[run.trigger] ?? run.trigger},{' '}
        {run.fix ? 'with repair' : 'check only'}): <strong>{plural(run.checked, ['subscription', 'subscriptions'])}</strong> checked,{' '}
        <strong>{run.drifted}</strong> out of step with Stripe, <strong>{run.fixed}</strong> repaired.
      </p>
      {run.error && (
        <Alert tone="error" title="Stripe could not be asked">
          <p>{run.error}</p>
        </Alert>
      )}
    </div>
  );
}
