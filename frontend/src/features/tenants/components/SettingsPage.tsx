import { useState, type FormEvent } from 'react';
import { Alert } from '../../../components/Alert';
import { FormError, serverFieldErrors } from '../../../components/FormError';
import { CheckboxField, TextField } from '../../../components/FormField';
import { PageHeader } from '../../../components/PageHeader';
import { useToast } from '../../../components/Toast';
import { useTenant } from '../../../lib/tenant';
import { checkRequired } from '../../../lib/validation';
import { useUpdateTenant } from '../api/tenants';

/** SettingsPage changes the tenant's name and whether people may sign up on their own. */
export function SettingsPage() {
  const { tenant, canManage } = useTenant();
  const update = useUpdateTenant(tenant.slug);
  const toast = useToast();
  const [name, setName] = useState(tenant.name);
  const [allowSignup, setAllowSignup] = useState(tenant.allow_signup);
  const [nameError, setNameError] = useState<string>();
  const changed = name.trim() !== tenant.name || allowSignup !== tenant.allow_signup;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const err = checkRequired(name, 'a name');
    setNameError(err);
    if (err) return;
    update.mutate(
      { name: name.trim(), allow_signup: allowSignup },
      { onSuccess: () => toast.success('Settings saved.') },
    );
  };

  const server = serverFieldErrors(update.error);
  const origin = typeof window !== 'undefined' ? window.location.origin : '';
  return (
    <>
      <PageHeader title="Settings" description={`Settings of ${tenant.name}.`} />
      {!canManage && <Alert tone="info">Only owners and admins can change these settings.</Alert>}
      <section className="card">
        <form onSubmit={onSubmit} noValidate aria-label="Tenant settings">
          <FormError error={update.error} fields={['name', 'allow_signup']} />
          <TextField label="Slug" value={tenant.slug} readOnly disabled hint="The slug is part of every URL and cannot change." />
          <TextField label="Name" name="name" value={name} onChange={(e) => setName(e.target.value)}
            error={nameError ?? server.name} disabled={!canManage} />
          <CheckboxField label="Allow sign-up" checked={allowSignup} onChange={(e) => setAllowSignup(e.target.checked)}
            disabled={!canManage} error={server.allow_signup}
            hint={<>Anyone can create a developer account at <code>{origin}/t/{tenant.slug}/signup</code>.</>} />
          {canManage && (
            <button type="submit" className="btn btn-primary" disabled={!changed || update.isPending}>
              {update.isPending ? 'Saving…' : 'Save settings'}
            </button>
          )}
        </form>
      </section>
    </>
  );
}
