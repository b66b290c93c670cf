import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { Alert } from '../../../components/Alert';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { FormError } from '../../../components/FormError';
import { CheckboxField, TextField } from '../../../components/FormField';
import { PageHeader } from '../../../components/PageHeader';
import { SettingsNav } from '../../../components/SettingsNav';
import { useToast } from '../../../components/Toast';
import { useFormErrors } from '../../../lib/forms';
import { queryKeys } from '../../../lib/queryKeys';
import { useSession } from '../../../lib/session';
import { useTenant } from '../../../lib/tenant';
import { checkRequired } from '../../../lib/validation';
import { useLeaveTenant, useUpdateTenant } from '../api/tenants';

/** SettingsPage changes the tenant's name and whether people may sign up on their own; members can leave here. */
export function SettingsPage() {
  const { tenant, canManage, role } = useTenant();
  const update = useUpdateTenant(tenant.slug);
  const toast = useToast();
  const fe = useFormErrors<'name' | 'allow_signup'>(update);
  const [name, setName] = useState(tenant.name);
  const [allowSignup, setAllowSignup] = useState(tenant.allow_signup);
  const changed = name.trim() !== tenant.name || allowSignup !== tenant.allow_signup;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!fe.validate({ name: checkRequired(name, 'a name') })) return;
    update.mutate({ name: name.trim(), allow_signup: allowSignup }, { onSuccess: () => toast.success('Settings saved.') });
  };

  const origin = typeof window !== 'undefined' ? window.location.origin : '';
  return (
    <>
      <PageHeader title="Settings" description={`Settings of ${tenant.name}.`} />
      <SettingsNav />
      {!canManage && <Alert tone="info">Only owners and admins can change these settings.</Alert>}
      <section className="card">
        <form onSubmit={onSubmit} noValidate aria-label="Tenant settings">
          <FormError error={fe.formError} fields={['name', 'allow_signup']} />
          <TextField label="Slug" value={tenant.slug} readOnly disabled hint="The slug is part of every URL and cannot change." />
          <TextField label="Name" name="name" value={name}
            onChange={(e) => {
              setName(e.target.value);
              fe.clear('name');
            }}
            error={fe.errors.name} disabled={!canManage} />
          <CheckboxField label="Allow sign-up" checked={allowSignup}
            onChange={(e) => {
              setAllowSignup(e.target.checked);
              fe.clear('allow_signup');
            }}
            disabled={!canManage} error={fe.errors.allow_signup}
            hint={<>Anyone can create a developer account at <code>{origin}/t/{tenant.slug}/signup</code>.</>} />
          {canManage && (
            <button type="submit" className="btn btn-primary" disabled={!changed || update.isPending}>
              {update.isPending ? 'Saving…' : 'Save settings'}
            </button>
          )}
        </form>
      </section>
      {role !== null && <LeaveTenant />}
    </>
  );
}

/** LeaveTenant lets any member leave the tenant; the server refuses the last owner. */
function LeaveTenant() {
  const { tenant, role } = useTenant();
  const session = useSession();
  const leave = useLeaveTenant(tenant.slug);
  const qc = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const [asking, setAsking] = useState(false);
  return (
    <section className="card danger-zone" aria-labelledby="leave-title">
      <h2 id="leave-title">Leave {tenant.name}</h2>
      <p className="muted">
        You lose access to {tenant.name}, its teams and its applications. To come back you need a new invitation.
        {role === 'owner' && ' If you are its only owner, make someone else owner first.'}
      </p>
      <button type="button" className="btn btn-danger-ghost" onClick={() => setAsking(true)} disabled={!session.user}>
        Leave tenant
      </button>
      <ConfirmDialog
        open={asking}
        title={`Leave ${tenant.name}?`}
        confirmLabel="Leave tenant"
        onClose={() => setAsking(false)}
        onConfirm={async () => {
          if (!session.user) return;
          await leave.mutateAsync(session.user.id);
          toast.success(`You left ${tenant.name}.`);
          navigate('/', { replace: true });
          qc.removeQueries({ queryKey: queryKeys.tenant(tenant.slug) });
        }}
      >
        <p>
          Leave <strong>{tenant.name}</strong>? You lose access at once and leave all of its teams.
        </p>
      </ConfirmDialog>
    </section>
  );
}
