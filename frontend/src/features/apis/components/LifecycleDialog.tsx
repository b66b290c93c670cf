import { useEffect, useState } from 'react';
import { Alert } from '../../../components/Alert';
import { Dialog } from '../../../components/Dialog';
import { FormError } from '../../../components/FormError';
import { TextField } from '../../../components/FormField';
import { useToast } from '../../../components/Toast';
import { formatDate, fromDateTimeLocal, toDateTimeLocal } from '../../../lib/format';
import { useFormErrors } from '../../../lib/forms';
import { useTenant } from '../../../lib/tenant';
import type { Api, LifecycleAction } from '../../../lib/types';
import { useLifecycle } from '../api/apis';

/** nextAction is the one lifecycle step an API can take from where it is, or null once retired. */
export function nextAction(api: Api): LifecycleAction | null {
  switch (api.lifecycle) {
    case 'draft':
      return 'publish';
    case 'published':
      return 'deprecate';
    case 'deprecated':
      return 'retire';
    default:
      return null;
  }
}

export const ACTION_LABELS: Record<LifecycleAction, string> = {
  publish: 'Publish',
  deprecate: 'Deprecate',
  retire: 'Retire',
};

/**
 * LifecycleDialog confirms moving an API one step along draft → published → deprecated → retired. Deprecating
 * asks for the sunset date, which developers see in the catalogue.
 */
export function LifecycleDialog({
  open,
  api,
  action,
  onClose,
}: {
  open: boolean;
  api: Api;
  action: LifecycleAction;
  onClose: () => void;
}) {
  const { tenant } = useTenant();
  const lifecycle = useLifecycle(tenant.slug, api.id);
  const toast = useToast();
  const fe = useFormErrors<'sunset_at' | 'action'>(lifecycle);
  const [sunset, setSunset] = useState('');

  useEffect(() => {
    if (!open) return;
    // A sensible default: three months from now.
    const d = new Date();
    d.setMonth(d.getMonth() + 3);
    d.setHours(12, 0, 0, 0);
    setSunset(toDateTimeLocal(d));
    fe.reset();
    lifecycle.reset();
  }, [open]);

  const confirm = () => {
    const sunsetAt = action === 'deprecate' ? fromDateTimeLocal(sunset) : undefined;
    const found =
      action === 'deprecate'
        ? {
            sunset_at: !sunsetAt
              ? 'Choose the sunset date.'
              : new Date(sunsetAt).getTime() <= Date.now()
                ? 'The sunset date must be in the future.'
                : undefined,
          }
        : {};
    if (!fe.validate(found)) return;
    lifecycle.mutate(
      { action, ...(sunsetAt ? { sunset_at: sunsetAt } : {}) },
      {
        onSuccess: (a) => {
          toast.success(
            action === 'publish'
              ? `${a.name} is published.`
              : action === 'deprecate'
                ? `${a.name} is deprecated; its sunset is ${formatDate(a.sunset_at)}.`
                : `${a.name} is retired.`,
          );
          onClose();
        },
      },
    );
  };

  const title = `${ACTION_LABELS[action]} ${api.name}?`;
  return (
    <Dialog
      open={open}
      title={title}
      role="alertdialog"
      size="sm"
      onClose={lifecycle.isPending ? () => undefined : onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={lifecycle.isPending}>
            Cancel
          </button>
          <button type="button" className={action === 'publish' ? 'btn btn-primary' : 'btn btn-danger'} onClick={confirm}
            disabled={lifecycle.isPending}>
            {lifecycle.isPending ? 'Working…' : ACTION_LABELS[action]}
          </button>
        </>
      }
    >
      {action === 'publish' && (
        <p>
          Publish <strong>{api.name}</strong>? It appears in the catalogue
          {api.visibility === 'private' ? ' of the teams it is shown to' : ' of every member'} and developers can
          subscribe to its plans.
        </p>
      )}
      {action === 'deprecate' && (
        <>
          <p>
            Deprecate <strong>{api.name}</strong>? Developers see the sunset date and can no longer rely on it after that;
            existing subscribers keep access until you retire it.
          </p>
          <TextField label="Sunset date" type="datetime-local" value={sunset}
            onChange={(e) => {
              setSunset(e.target.value);
              fe.clear('sunset_at');
            }}
            error={fe.errors.sunset_at} hint="In your local time; it must be in the future." />
        </>
      )}
      {action === 'retire' && (
        <p>
          Retire <strong>{api.name}</strong>? The gateway stops serving it and nobody can subscribe again. Its history is
          kept. This cannot be undone.
        </p>
      )}
      {!api.has_openapi && action === 'publish' && (
        <Alert tone="warning">This API has no OpenAPI document yet, so developers will see no docs.</Alert>
      )}
      <FormError error={fe.formError} fields={['sunset_at']} />
    </Dialog>
  );
}
