import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert } from '../../../components/Alert';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { SelectField } from '../../../components/FormField';
import { PageHeader } from '../../../components/PageHeader';
import { Pagination } from '../../../components/Pagination';
import { EmptyState, ErrorState, ForbiddenState, LoadingState } from '../../../components/States';
import { useToast } from '../../../components/Toast';
import { plural } from '../../../lib/format';
import { usePagination } from '../../../lib/hooks';
import { useTenant } from '../../../lib/tenant';
import type { StripeEventRecord } from '../../../lib/types';
import { useRecoverEvents, useReplayEvent, useStripeEvents } from '../api/billing';
import {
  EMPTY_EVENT_FILTERS,
  EVENT_STATUSES,
  eventFiltersFromParams,
  eventFiltersToParams,
  isEventsFiltered,
  STRIPE_EVENT_TYPES,
  type EventFilters,
  type EventStatusFilter,
} from '../filters';
import { BILLING_FORBIDDEN } from './BillingOverviewPage';
import { BillingNav } from './BillingNav';
import { EVENT_STATUS, EventsTable } from './WebhookEventsTable';

const PAGE_SIZE = 25;

function EventFiltersBar({ filters, onChange }: { filters: EventFilters; onChange: (f: EventFilters) => void }) {
  const typeKnown = filters.type === '' || STRIPE_EVENT_TYPES.includes(filters.type);
  return (
    <div className="toolbar toolbar-fields">
      <SelectField label="Status" value={filters.status} onChange={(e) => onChange({ ...filters, status: e.target.value as EventStatusFilter })}>
        <option value="">Any status</option>
        {EVENT_STATUSES.map((s) => (
          <option key={s} value={s}>
            {EVENT_STATUS[s].label}
          </option>
        ))}
      </SelectField>
      <SelectField label="Type" value={filters.type} onChange={(e) => onChange({ ...filters, type: e.target.value })}>
        <option value="">Any type</option>
        {!typeKnown && <option value={filters.type}>{filters.type}</option>}
        {STRIPE_EVENT_TYPES.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </SelectField>
      {isEventsFiltered(filters) && (
        <button type="button" className="btn btn-ghost" onClick={() => onChange(EMPTY_EVENT_FILTERS)}>
          Clear filters
        </button>
      )}
    </div>
  );
}

/**
 * WebhookEventsPage lists the Stripe events received, newest first, with how applying each went. The billing team
 * replays an event (after a fix) and recovers the events Stripe could not deliver.
 */
export function WebhookEventsPage() {
  const { tenant, canBill } = useTenant();
  const [params, setParams] = useSearchParams();
  const filters = eventFiltersFromParams(params);
  const page = usePagination(PAGE_SIZE, [filters.status, filters.type]);
  const events = useStripeEvents(tenant.slug, { ...filters, limit: page.limit, offset: page.offset }, canBill);
  const replay = useReplayEvent(tenant.slug);
  const recover = useRecoverEvents(tenant.slug);
  const toast = useToast();
  const [replaying, setReplaying] = useState<StripeEventRecord | null>(null);
  const [recovering, setRecovering] = useState(false);

  if (!canBill) return <ForbiddenState what="billing" because={BILLING_FORBIDDEN} />;
  const setFilters = (f: EventFilters) => setParams((prev) => eventFiltersToParams(f, prev), { replace: true });

  let body;
  if (events.isPending) body = <LoadingState />;
  else if (events.isError) body = <ErrorState error={events.error} onRetry={() => events.refetch()} />;
  else if (events.data.items.length === 0) {
    body = isEventsFiltered(filters) ? (
      <EmptyState title="No events match your filters">Try another status or type.</EmptyState>
    ) : (
      <EmptyState title="No webhook events yet">
        Stripe’s events arrive here once the webhook endpoint is set up under Settings → Stripe.
      </EmptyState>
    );
  } else {
    body = (
      <>
        <EventsTable events={events.data.items} onReplay={setReplaying} />
        <Pagination total={events.data.total} limit={page.limit} offset={page.offset} onChange={page.setOffset} noun={['event', 'events']} />
      </>
    );
  }

  return (
    <>
      <PageHeader title="Webhook events" description="The events Stripe sent, newest first, and how applying each went."
        actions={
          <button type="button" className="btn" onClick={() => setRecovering(true)} disabled={recover.isPending}>
            {recover.isPending ? 'Recovering…' : 'Recover undelivered events'}
          </button>
        } />
      <BillingNav />
      <div aria-live="polite">
        {recover.data && (
          <Alert tone="success">
            {recover.data.recovered === 0
              ? 'No undelivered events: Stripe delivered everything.'
              : `${plural(recover.data.recovered, ['undelivered event was', 'undelivered events were'])} recovered and applied.`}
          </Alert>
        )}
      </div>
      <EventFiltersBar filters={filters} onChange={setFilters} />
      {body}
      <ConfirmDialog
        open={replaying !== null}
        title="Replay event?"
        confirmLabel="Replay"
        destructive={false}
        onClose={() => setReplaying(null)}
        onConfirm={async () => {
          if (!replaying) return;
          const e = await replay.mutateAsync(replaying.id);
          if (e.status === 'processed') toast.success(`Event ${e.id} was applied: ${e.outcome || 'done'}.`);
          else toast.error(`Event ${e.id} failed again: ${e.error || e.status}.`);
        }}
      >
        <p>
          Apply <code>{replaying?.type}</code> ({replaying?.id}) again now? Events older than what the subscription last
          heard from Stripe change nothing.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={recovering}
        title="Recover undelivered events?"
        confirmLabel="Recover events"
        destructive={false}
        onClose={() => setRecovering(false)}
        onConfirm={async () => {
          recover.reset();
          await recover.mutateAsync();
        }}
      >
        <p>
          Tollgate asks Stripe for the events of the last 30 days it could not deliver, and applies those it has not received
          yet.
        </p>
      </ConfirmDialog>
    </>
  );
}
