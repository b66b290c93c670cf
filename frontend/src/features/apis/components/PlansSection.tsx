import { useState } from 'react';
import { Badge } from '../../../components/Badge';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { CheckboxField } from '../../../components/FormField';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { useToast } from '../../../components/Toast';
import { APPROVAL_LABELS, formatDate, planLimits, planPrice } from '../../../lib/format';
import { useTenant } from '../../../lib/tenant';
import type { Api, Plan } from '../../../lib/types';
import { useArchivePlan, usePlans, usePrices } from '../api/apis';
import { PlanFormDialog } from './PlanFormDialog';
import { ChoosePriceDialog, CreatePriceDialog } from './PlanPriceDialogs';
import { PlanPriceCell } from './PlanPriceCell';

/** PlansSection lists an API's plans; providers create, edit and archive them. */
export function PlansSection({ api }: { api: Api }) {
  const { tenant } = useTenant();
  const [showArchived, setShowArchived] = useState(false);
  const plans = usePlans(tenant.slug, api.id, showArchived);
  const archive = useArchivePlan(tenant.slug, api.id);
  const toast = useToast();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Plan | null>(null);
  const [archiving, setArchiving] = useState<Plan | null>(null);
  const [choosingPrice, setChoosingPrice] = useState<Plan | null>(null);
  const [creatingPrice, setCreatingPrice] = useState<Plan | null>(null);
  const retired = api.lifecycle === 'retired';
  // The Stripe prices name the paid plans' prices; asked only when a plan has one to show.
  const prices = usePrices(tenant.slug, (plans.data?.items ?? []).some((p) => p.paid && p.stripe_price_id));

  const createButton = retired ? undefined : (
    <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
      Create plan
    </button>
  );

  return (
    <section aria-labelledby="plans-title">
      <div className="section-header">
        <h2 id="plans-title">Plans</h2>
        {createButton}
      </div>
      <CheckboxField label="Show archived plans" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
      {plans.isPending ? (
        <LoadingState />
      ) : plans.isError ? (
        <ErrorState error={plans.error} onRetry={() => plans.refetch()} />
      ) : plans.data.items.length === 0 ? (
        <EmptyState title={showArchived ? 'No plans' : 'No active plans'} action={createButton}>
          {retired ? 'This API is retired.' : 'Developers subscribe to plans: create at least one before publishing.'}
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">Plans of {api.name}</caption>
            <thead>
              <tr>
                <th scope="col">Plan</th>
                <th scope="col">Price</th>
                <th scope="col">Limits</th>
                <th scope="col">Approval</th>
                <th scope="col">Status</th>
                <th scope="col"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {plans.data.items.map((p) => (
                <tr key={p.id}>
                  <td>
                    <strong>{p.name}</strong>
                    {p.description && <div className="muted small">{p.description}</div>}
                  </td>
                  <td className="price-cell">
                    {planPrice(p)}
                    {p.paid && (
                      <PlanPriceCell plan={p} prices={prices} onChoose={() => setChoosingPrice(p)} onCreate={() => setCreatingPrice(p)} />
                    )}
                  </td>
                  <td className="small">{planLimits(p)}</td>
                  <td>{APPROVAL_LABELS[p.approval] ?? p.approval}</td>
                  <td>
                    {p.archived_at ? (
                      <Badge>Archived {formatDate(p.archived_at)}</Badge>
                    ) : (
                      <Badge tone="green">Open</Badge>
                    )}
                  </td>
                  <td className="actions">
                    {!p.archived_at && (
                      <>
                        <button type="button" className="btn btn-sm" onClick={() => setEditing(p)} aria-label={`Edit plan ${p.name}`}>
                          Edit
                        </button>
                        <button type="button" className="btn btn-sm btn-danger-ghost" onClick={() => setArchiving(p)}
                          aria-label={`Archive plan ${p.name}`}>
                          Archive
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <PlanFormDialog open={creating} apiId={api.id} onClose={() => setCreating(false)} />
      <PlanFormDialog open={editing !== null} apiId={api.id} plan={editing} onClose={() => setEditing(null)} />
      <ChoosePriceDialog plan={choosingPrice} apiId={api.id} onClose={() => setChoosingPrice(null)} />
      <CreatePriceDialog plan={creatingPrice} apiId={api.id} onClose={() => setCreatingPrice(null)} />
      <ConfirmDialog
        open={archiving !== null}
        title="Archive plan?"
        confirmLabel="Archive plan"
        onClose={() => setArchiving(null)}
        onConfirm={async () => {
          if (!archiving) return;
          await archive.mutateAsync(archiving.id);
          toast.success(`Plan ${archiving.name} was archived.`);
        }}
      >
        <p>
          Archive <strong>{archiving?.name}</strong>? Nobody can subscribe to it any more; existing subscribers keep it.
          This cannot be undone.
        </p>
      </ConfirmDialog>
    </section>
  );
}
