import { useEffect, useState, type FormEvent } from 'react';
import { CopyOnceDialog } from '../../../components/CopyOnceDialog';
import { Dialog, FormDialogFooter } from '../../../components/Dialog';
import { FormError } from '../../../components/FormError';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../../components/FormField';
import { formatDateTime, fromDateTimeLocal } from '../../../lib/format';
import { useFormErrors } from '../../../lib/forms';
import { useTenant } from '../../../lib/tenant';
import type { ApiKey, CreatedApiKey, KeyMode } from '../../../lib/types';
import { checkRequired } from '../../../lib/validation';
import { useCreateKey, useRenameKey, useRotateKey } from '../api/applications';

/** NewKeyDialog shows a key that was just made: the one time its plaintext exists outside the caller's hands. */
export function NewKeyDialog({ created, rotatedFrom, onClose }: { created: CreatedApiKey | null; rotatedFrom?: ApiKey | null; onClose: () => void }) {
  return (
    <CopyOnceDialog
      open={created !== null}
      title={rotatedFrom ? 'Copy your replacement key' : 'Copy your new API key'}
      label="API key"
      copyLabel="Copy key"
      value={created?.key ?? ''}
      warning="This is the only time the key is shown: you will not see it again. Keep it in a secret store, never in code."
      onClose={onClose}
    >
      <p>
        Key <strong>{created?.name}</strong> ({created?.mode}) starts with <code>{created?.prefix}</code>.
        {rotatedFrom && (
          <>
            {' '}
            The old key <code>{rotatedFrom.prefix}</code> keeps working until{' '}
            {rotatedFrom.expires_at ? formatDateTime(rotatedFrom.expires_at) : 'its overlap ends'}; revoke it sooner
            once nothing uses it.
          </>
        )}
      </p>
    </CopyOnceDialog>
  );
}

/** parseIps reads an IP allow-list: one address or CIDR range per line or separated by commas. */
export function parseIps(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const IP_OR_CIDR = /^(\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?|[0-9a-fA-F:]+:[0-9a-fA-F:]*(\/\d{1,3})?)$/;

type CreateField = 'name' | 'mode' | 'api_ids' | 'allowed_ips' | 'expires_at';

/**
 * CreateKeyDialog makes a key for an application: live or test, optionally limited to some of its subscribed APIs,
 * to some IP addresses and in time. The new key is handed to onCreated, which shows it once.
 */
export function CreateKeyDialog({
  open,
  appId,
  apis,
  onClose,
  onCreated,
}: {
  open: boolean;
  appId: string;
  /** The APIs the application subscribes to: the possible scopes. */
  apis: { id: string; name: string }[];
  onClose: () => void;
  onCreated: (key: CreatedApiKey) => void;
}) {
  const { tenant } = useTenant();
  const create = useCreateKey(tenant.slug, appId);
  const fe = useFormErrors<CreateField>(create);
  const [name, setName] = useState('');
  const [mode, setMode] = useState<KeyMode>('live');
  const [apiIds, setApiIds] = useState<string[]>([]);
  const [ips, setIps] = useState('');
  const [expires, setExpires] = useState('');

  useEffect(() => {
    if (!open) return;
    setName('');
    setMode('live');
    setApiIds([]);
    setIps('');
    setExpires('');
    fe.reset();
    create.reset();
  }, [open]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const list = parseIps(ips);
    const bad = list.find((ip) => !IP_OR_CIDR.test(ip));
    const expiresAt = fromDateTimeLocal(expires);
    const found = {
      name: checkRequired(name, 'a name'),
      allowed_ips: bad ? `${bad} is not an IP address or CIDR range.` : undefined,
      expires_at: expires && !expiresAt ? 'Enter a valid date.' : expiresAt && new Date(expiresAt).getTime() <= Date.now() ? 'The expiry must be in the future.' : undefined,
    };
    if (!fe.validate(found)) return;
    create.mutate(
      { name: name.trim(), mode, api_ids: apiIds, allowed_ips: list, ...(expiresAt ? { expires_at: expiresAt } : {}) },
      {
        onSuccess: (key) => {
          onClose();
          onCreated(key);
        },
      },
    );
  };

  return (
    <Dialog
      open={open}
      title="Create API key"
      onClose={onClose}
      footer={
        <FormDialogFooter form="create-key-form" label="Create key" pending={create.isPending} pendingLabel="Creating…" onCancel={onClose} />
      }
    >
      <form id="create-key-form" onSubmit={onSubmit} noValidate aria-label="Create API key">
        <FormError error={fe.formError} fields={['name', 'mode', 'api_ids', 'allowed_ips', 'expires_at']} />
        <TextField label="Name" value={name} placeholder="production backend" onChange={(e) => {
          setName(e.target.value);
          fe.clear('name');
        }} error={fe.errors.name} hint="Say where the key is used, so you know what breaks if you revoke it." />
        <SelectField label="Mode" value={mode} onChange={(e) => setMode(e.target.value as KeyMode)} error={fe.errors.mode}>
          <option value="live">Live</option>
          <option value="test">Test</option>
        </SelectField>
        <fieldset className="fieldset">
          <legend className="field-label">APIs (optional)</legend>
          <p className="field-hint">Leave all unticked to let the key call every API the application subscribes to.</p>
          {apis.length === 0 && <p className="muted small">The application subscribes to no API yet.</p>}
          {apis.map((a) => (
            <CheckboxField key={a.id} label={a.name} checked={apiIds.includes(a.id)} onChange={(e) => {
              setApiIds((ids) => (e.target.checked ? [...ids, a.id] : ids.filter((x) => x !== a.id)));
              fe.clear('api_ids');
            }} />
          ))}
          {fe.errors.api_ids && <p className="field-error">{fe.errors.api_ids}</p>}
        </fieldset>
        <TextAreaField label="Allowed IP addresses (optional)" value={ips} rows={2} placeholder="203.0.113.0/24"
          onChange={(e) => {
            setIps(e.target.value);
            fe.clear('allowed_ips');
          }} error={fe.errors.allowed_ips} hint="Addresses or CIDR ranges, one per line; empty allows any address." />
        <TextField label="Expires (optional)" type="datetime-local" value={expires} onChange={(e) => {
          setExpires(e.target.value);
          fe.clear('expires_at');
        }} error={fe.errors.expires_at} hint="In your local time; empty means the key does not expire." />
      </form>
    </Dialog>
  );
}

export const OVERLAPS: { seconds: number; label: string }[] = [
  { seconds: 0, label: 'None: the old key stops now' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 86400, label: '24 hours' },
  { seconds: 7 * 86400, label: '7 days' },
  { seconds: 30 * 86400, label: '30 days' },
];

/** RotateKeyDialog replaces a key; the old one keeps working for the overlap chosen, so callers can switch. */
export function RotateKeyDialog({
  appId,
  target,
  onClose,
  onRotated,
}: {
  appId: string;
  target: ApiKey | null;
  onClose: () => void;
  onRotated: (key: CreatedApiKey, old: ApiKey) => void;
}) {
  const { tenant } = useTenant();
  const rotate = useRotateKey(tenant.slug, appId);
  const [overlap, setOverlap] = useState(86400);

  useEffect(() => {
    if (!target) return;
    setOverlap(86400);
    rotate.reset();
  }, [target]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!target) return;
    rotate.mutate(
      { id: target.id, overlap_seconds: overlap },
      {
        onSuccess: (key) => {
          const old = { ...target, expires_at: new Date(Date.now() + overlap * 1000).toISOString() };
          onClose();
          onRotated(key, old);
        },
      },
    );
  };

  return (
    <Dialog
      open={target !== null}
      title={`Rotate key ${target?.name ?? ''}?`}
      role="alertdialog"
      onClose={onClose}
      footer={
        <FormDialogFooter form="rotate-key-form" label="Rotate key" pending={rotate.isPending} pendingLabel="Rotating…" onCancel={onClose} />
      }
    >
      <form id="rotate-key-form" onSubmit={onSubmit} noValidate aria-label="Rotate key">
        <p>
          A new key replaces <code>{target?.prefix}</code> with the same name, mode and limits. Choose how long the old key
          keeps working, so your callers have time to switch.
        </p>
        <SelectField label="Overlap" value={String(overlap)} onChange={(e) => setOverlap(Number(e.target.value))}>
          {OVERLAPS.map((o) => (
            <option key={o.seconds} value={o.seconds}>
              {o.label}
            </option>
          ))}
        </SelectField>
        <FormError error={rotate.error} fields={[]} />
      </form>
    </Dialog>
  );
}

/** RenameKeyDialog changes a key's name. */
export function RenameKeyDialog({ appId, target, onClose }: { appId: string; target: ApiKey | null; onClose: () => void }) {
  const { tenant } = useTenant();
  const rename = useRenameKey(tenant.slug, appId);
  const fe = useFormErrors<'name'>(rename);
  const [name, setName] = useState('');

  useEffect(() => {
    if (!target) return;
    setName(target.name);
    fe.reset();
    rename.reset();
  }, [target]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!target || !fe.validate({ name: checkRequired(name, 'a name') })) return;
    rename.mutate({ id: target.id, name: name.trim() }, { onSuccess: onClose });
  };

  return (
    <Dialog
      open={target !== null}
      title="Rename key"
      onClose={onClose}
      size="sm"
      footer={
        <FormDialogFooter form="rename-key-form" label="Save name" pending={rename.isPending} onCancel={onClose} />
      }
    >
      <form id="rename-key-form" onSubmit={onSubmit} noValidate aria-label="Rename key">
        <FormError error={fe.formError} fields={['name']} />
        <TextField label="Name" value={name} onChange={(e) => {
          setName(e.target.value);
          fe.clear('name');
        }} error={fe.errors.name} />
      </form>
    </Dialog>
  );
}
