import { useState, type FormEvent, type ReactNode } from 'react';
import { Alert } from '../../../components/Alert';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { FormError } from '../../../components/FormError';
import { TextField } from '../../../components/FormField';
import { useToast } from '../../../components/Toast';
import { useFormErrors } from '../../../lib/forms';
import { useTenant } from '../../../lib/tenant';
import type { StripeSecretsInput, StripeSettings } from '../../../lib/types';
import type { Errors } from '../../../lib/validation';
import { useSaveStripeSecrets } from '../api/billing';

type Field = 'secret_key' | 'webhook_secret';
const FIELDS: Field[] = ['secret_key', 'webhook_secret'];

const SECRETS: Record<Field, { label: string; noun: string; prefixes: string[]; placeholder: string; removal: string }> = {
  secret_key: {
    label: 'Secret key',
    noun: 'secret key',
    prefixes: ['sk_', 'rk_'],
    placeholder: 'sk_live_… or rk_live_…',
    removal: 'Developers can no longer pay, and prices and reconciliation stop working until a new key is saved.',
  },
  webhook_secret: {
    label: 'Webhook signing secret',
    noun: 'webhook signing secret',
    prefixes: ['whsec_'],
    placeholder: 'whsec_…',
    removal: 'Stripe’s deliveries are refused until a new signing secret is saved, so payments are no longer confirmed.',
  },
};

/** checkSecret applies the server's rules to a typed secret: its prefix, and no spaces. Empty means "keep it". */
export function checkSecret(field: Field, value: string): string | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  const { prefixes } = SECRETS[field];
  if (!prefixes.some((p) => v.startsWith(p))) return `It must start with ${prefixes.join(' or ')}.`;
  if (v.length < 12 || /\s/.test(v)) return 'This does not look like a Stripe secret: 12 characters or more, no spaces.';
  return undefined;
}

/** secretStatus says whether a secret is set, showing only its last four characters. */
export function secretStatus(settings: StripeSettings, field: Field): ReactNode {
  const set = field === 'secret_key' ? settings.secret_key_set : settings.webhook_secret_set;
  const last4 = field === 'secret_key' ? settings.secret_key_last4 : settings.webhook_secret_last4;
  if (set && last4) return <>Set, ends in <code>••••{last4}</code>.</>;
  if (set) return 'Set by the platform’s operator.';
  if (field === 'secret_key' && settings.source === 'operator') return 'Not set: the platform’s Stripe account is used.';
  return 'Not set.';
}

/** ownSecret: the tenant stored this secret itself (the operator's cannot be removed here). */
const ownSecret = (settings: StripeSettings, field: Field) =>
  field === 'secret_key' ? settings.secret_key_set : settings.webhook_secret_set && settings.webhook_secret_last4 !== '';

/**
 * StripeSecretsForm sets the tenant's Stripe secret key and webhook signing secret. Secrets are never shown, not even
 * to owners: a field left empty keeps what is stored, and Remove (after confirming) clears it. Only owners change them.
 */
export function StripeSecretsForm({ settings }: { settings: StripeSettings }) {
  const { tenant, isOwner } = useTenant();
  const save = useSaveStripeSecrets(tenant.slug);
  // Its own mutation, so that a refused removal shows in its dialog and not under the form.
  const remove = useSaveStripeSecrets(tenant.slug);
  const toast = useToast();
  const fe = useFormErrors<Field>(save);
  const [values, setValues] = useState<Record<Field, string>>({ secret_key: '', webhook_secret: '' });
  const [removing, setRemoving] = useState<Field | null>(null);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: Errors<Field> = { secret_key: checkSecret('secret_key', values.secret_key), webhook_secret: checkSecret('webhook_secret', values.webhook_secret) };
    if (!values.secret_key.trim() && !values.webhook_secret.trim()) found.secret_key = 'Enter a new secret key, a new webhook signing secret, or both.';
    if (!fe.validate(found)) return;
    const input: StripeSecretsInput = {};
    for (const f of FIELDS) if (values[f].trim()) input[f] = values[f].trim();
    save.mutate(input, {
      onSuccess: () => {
        setValues({ secret_key: '', webhook_secret: '' });
        toast.success('The Stripe keys were saved. Test the connection to check them.');
      },
    });
  };

  if (!isOwner) {
    return (
      <section className="card" aria-labelledby="stripe-secrets-title">
        <h2 id="stripe-secrets-title">Keys</h2>
        <Alert tone="info">Only owners can change the Stripe keys.</Alert>
        <dl className="details details-wide">
          {FIELDS.map((f) => (
            <div key={f}>
              <dt>{SECRETS[f].label}</dt>
              <dd>{secretStatus(settings, f)}</dd>
            </div>
          ))}
        </dl>
      </section>
    );
  }

  return (
    <section className="card" aria-labelledby="stripe-secrets-title">
      <h2 id="stripe-secrets-title">Keys</h2>
      <form onSubmit={onSubmit} noValidate aria-label="Stripe keys">
        <FormError error={fe.formError} fields={FIELDS} />
        <p className="muted">Keys are stored encrypted and never shown again; leave a field empty to keep what is stored.</p>
        {FIELDS.map((f) => (
          <div key={f}>
            <TextField label={SECRETS[f].label} type="password" autoComplete="new-password" spellCheck={false}
              placeholder={SECRETS[f].placeholder} value={values[f]} error={fe.errors[f]} hint={secretStatus(settings, f)}
              onChange={(e) => {
                setValues((v) => ({ ...v, [f]: e.target.value }));
                fe.clear(f);
              }} />
            {ownSecret(settings, f) && (
              <button type="button" className="btn btn-sm btn-danger-ghost secret-status" onClick={() => setRemoving(f)}>
                Remove {SECRETS[f].noun}
              </button>
            )}
          </div>
        ))}
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save keys'}
        </button>
      </form>
      <ConfirmDialog
        open={removing !== null}
        title={`Remove the ${removing ? SECRETS[removing].noun : 'secret'}?`}
        confirmLabel="Remove"
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          if (!removing) return;
          await remove.mutateAsync({ [removing]: '' });
          toast.success(`The ${SECRETS[removing].noun} was removed.`);
        }}
      >
        <p>
          Tollgate forgets the stored {removing ? SECRETS[removing].noun : 'secret'} at once. {removing && SECRETS[removing].removal}
        </p>
      </ConfirmDialog>
    </section>
  );
}
