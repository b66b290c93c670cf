import { formatDateTime, stateLabel } from '../lib/format';
import type { SubscriptionEvent } from '../lib/types';

function eventText(e: SubscriptionEvent): string {
  const to = stateLabel(e.to_state);
  if (!e.from_state) return `${e.event ? e.event.replace(/_/g, ' ') : 'Created'} → ${to}`;
  return `${stateLabel(e.from_state)} → ${to}`;
}

/** SubscriptionTimeline lists a subscription's history, oldest first: who moved it where, when and why. */
export function SubscriptionTimeline({ events }: { events: SubscriptionEvent[] }) {
  if (events.length === 0) return <p className="muted">No history yet.</p>;
  return (
    <ol className="timeline">
      {events.map((e) => (
        <li key={String(e.id)} className="timeline-item">
          <p className="timeline-head">
            <strong>{eventText(e)}</strong>
            {e.event && e.from_state ? <span className="muted small"> ({e.event.replace(/_/g, ' ')})</span> : null}
          </p>
          <p className="muted small">
            {formatDateTime(e.created_at)} · {e.actor ? e.actor.name || e.actor.email : 'System'}
          </p>
          {e.reason && <p className="timeline-reason prewrap">“{e.reason}”</p>}
        </li>
      ))}
    </ol>
  );
}
