import { Badge, type BadgeTone } from '../../../components/Badge';
import type { WebhookDeliveryStatus, WebhookEndpoint } from '../../../lib/types';

/** EndpointStatusBadge says whether an endpoint receives events: disabled, active, or failing (3 failures in a row). */
export function EndpointStatusBadge({ endpoint }: { endpoint: WebhookEndpoint }) {
  if (!endpoint.enabled) return <Badge>Disabled</Badge>;
  if (endpoint.status === 'failing') {
    return <Badge tone="red">Failing ({endpoint.failure_count} in a row)</Badge>;
  }
  return <Badge tone="green">Active</Badge>;
}

const DELIVERY_TONE: Record<WebhookDeliveryStatus, BadgeTone> = {
  delivered: 'green',
  pending: 'blue',
  retrying: 'amber',
  failed: 'red',
};

const DELIVERY_LABEL: Record<WebhookDeliveryStatus, string> = {
  delivered: 'Delivered',
  pending: 'Pending',
  retrying: 'Retrying',
  failed: 'Failed',
};

/** DeliveryStatusBadge shows how sending one event went. */
export function DeliveryStatusBadge({ status }: { status: WebhookDeliveryStatus }) {
  return <Badge tone={DELIVERY_TONE[status] ?? 'neutral'}>{DELIVERY_LABEL[status] ?? status}</Badge>;
}

/** ResponseStatus shows the status the endpoint answered, green for 2xx, or a dash when it did not answer. */
export function ResponseStatus({ status }: { status: number | null }) {
  if (status === null || status === 0) return <span className="muted">—</span>;
  return <span className={status < 300 ? 'status-code status-ok' : 'status-code status-error'}>{status}</span>;
}
