import { useState } from 'react';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { useToast } from '../../../components/Toast';
import { describeError } from '../../../lib/api';
import { useTenant } from '../../../lib/tenant';
import type { WebhookDelivery, WebhookEndpoint } from '../../../lib/types';
import { useDeleteEndpoint, useTestEndpoint } from '../api/webhooks';

/** testOutcome says how a test delivery went, in a sentence. */
export function testOutcome(d: WebhookDelivery): { ok: boolean; message: string } {
  if (d.status === 'delivered') {
    return { ok: true, message: `The test event was delivered: the endpoint answered ${d.response_status ?? 'with success'}.` };
  }
  const why = d.error || (d.response_status ? `the endpoint answered ${d.response_status}` : 'the endpoint did not answer');
  const next = d.status === 'retrying' || d.status === 'pending' ? ' Tollgate will try again.' : '';
  return { ok: false, message: `The test event was not delivered: ${why}.${next}` };
}

/** useSendTest sends a test event to an endpoint and says how it went. */
export function useSendTest() {
  const { tenant } = useTenant();
  const test = useTestEndpoint(tenant.slug);
  const toast = useToast();
  const send = (e: WebhookEndpoint) =>
    test.mutate(e.id, {
      onSuccess: (d) => {
        const out = testOutcome(d);
        if (out.ok) toast.success(out.message);
        else toast.error(out.message);
      },
      onError: (err) => toast.error(describeError(err)),
    });
  return { send, testing: test.isPending ? (test.variables ?? null) : null };
}

/** DeleteEndpointDialog asks before deleting an endpoint and its deliveries. */
export function DeleteEndpointDialog({
  endpoint,
  onClose,
  onDeleted,
}: {
  endpoint: WebhookEndpoint | null;
  onClose: () => void;
  onDeleted?: () => void;
}) {
  const { tenant } = useTenant();
  const remove = useDeleteEndpoint(tenant.slug);
  const toast = useToast();
  return (
    <ConfirmDialog open={endpoint !== null} title="Delete webhook endpoint?" confirmLabel="Delete endpoint" onClose={onClose}
      onConfirm={async () => {
        if (!endpoint) return;
        await remove.mutateAsync(endpoint.id);
        toast.success('The webhook endpoint was deleted.');
        onDeleted?.();
      }}>
      <p>
        Tollgate stops sending events to <strong className="break">{endpoint?.url}</strong> at once, and its delivery log is
        deleted. This cannot be undone.
      </p>
    </ConfirmDialog>
  );
}

/** useEndpointDialogs keeps which endpoint is being edited or deleted. */
export function useEndpointDialogs() {
  const [editing, setEditing] = useState<WebhookEndpoint | null>(null);
  const [deleting, setDeleting] = useState<WebhookEndpoint | null>(null);
  return { editing, setEditing, deleting, setDeleting };
}
