import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { RoleBadge } from '../../../components/Badge';
import { FormError } from '../../../components/FormError';
import { TextField } from '../../../components/FormField';
import { PageHeader } from '../../../components/PageHeader';
import { ErrorState, LoadingState } from '../../../components/States';
import { useToast } from '../../../components/Toast';
import { formatDate } from '../../../lib/format';
import { useMe } from '../../../lib/session';
import { useFormErrors } from '../../../lib/forms';
import { checkNewPassword, checkRequired } from '../../../lib/validation';
import { useChangePassword, useUpdateProfile } from '../api/profile';

/** ProfilePage lets people change their name and password and see their memberships, with their notification preferences. */
export function ProfilePage() {
  const me = useMe();
  if (me.isPending) return <LoadingState />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => me.refetch()} />;
  const user = me.data;
  return (
    <>
      <PageHeader title="Your profile" description={`${user.email} · member since ${formatDate(user.created_at)}`} />
      <div className="grid-2">
        <NameForm name={user.name} />
        <PasswordForm />
      </div>
      <section className="card" aria-labelledby="memberships-title">
        <h2 id="memberships-title">Memberships</h2>
        {user.memberships.length === 0 ? (
          <p className="muted">You are not a member of any tenant.</p>
        ) : (
          <ul className="plain-list">
            {user.memberships.map((m) => (
              <li key={m.tenant.id}>
                {m.tenant.name} <span className="muted">({m.tenant.slug})</span> <RoleBadge role={m.role} />{' '}
                <Link to={`/t/${m.tenant.slug}/notifications/preferences`} aria-label={`Notification preferences in ${m.tenant.name}`}
                  className="small">
                  Notification preferences
                </Link>
              </li>
            ))}
          </ul>
        )}
        {user.is_platform_admin && <p className="muted">You are a platform administrator.</p>}
      </section>
    </>
  );
}

function NameForm({ name: initial }: { name: string }) {
  const update = useUpdateProfile();
  const toast = useToast();
  const [name, setName] = useState(initial);
  const fe = useFormErrors<'name'>(update);
  useEffect(() => setName(initial), [initial]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!fe.validate({ name: checkRequired(name, 'your name') })) return;
    update.mutate({ name: name.trim() }, { onSuccess: () => toast.success('Your name was saved.') });
  };

  return (
    <section className="card" aria-labelledby="name-title">
      <h2 id="name-title">Name</h2>
      <form onSubmit={onSubmit} noValidate aria-label="Change name">
        <FormError error={fe.formError} fields={['name']} />
        <TextField label="Name" name="name" autoComplete="name" value={name}
          onChange={(e) => {
            setName(e.target.value);
            fe.clear('name');
          }}
          error={fe.errors.name} />
        <button type="submit" className="btn btn-primary" disabled={update.isPending || name.trim() === initial}>
          {update.isPending ? 'Saving…' : 'Save name'}
        </button>
      </form>
    </section>
  );
}

type PwField = 'current_password' | 'new_password' | 'confirm';

function PasswordForm() {
  const change = useChangePassword();
  const toast = useToast();
  const empty = { current_password: '', new_password: '', confirm: '' };
  const [form, setForm] = useState(empty);
  const fe = useFormErrors<PwField>(change);
  const errors = fe.errors;
  const set = (field: PwField) => (e: React.ChangeEvent<HTMLInputElement>) => {
    setForm((f) => ({ ...f, [field]: e.target.value }));
    fe.clear(field);
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found = {
      current_password: form.current_password === '' ? 'Enter your current password.' : undefined,
      new_password: checkNewPassword(form.new_password),
      confirm: form.confirm !== form.new_password ? 'The passwords do not match.' : undefined,
    };
    if (!fe.validate(found)) return;
    change.mutate(
      { current_password: form.current_password, new_password: form.new_password },
      {
        onSuccess: () => {
          setForm(empty);
          toast.success('Your password was changed. Other sessions were signed out.');
        },
      },
    );
  };

  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      <form onSubmit={onSubmit} noValidate aria-label="Change password">
        <FormError error={fe.formError} fields={['current_password', 'new_password']} />
        <TextField label="Current password" type="password" autoComplete="current-password"
          value={form.current_password} onChange={set('current_password')}
          error={errors.current_password} />
        <TextField label="New password" type="password" autoComplete="new-password" value={form.new_password}
          onChange={set('new_password')} error={errors.new_password}
          hint="At least 10 characters, with letters and digits." />
        <TextField label="Confirm new password" type="password" autoComplete="new-password" value={form.confirm}
          onChange={set('confirm')} error={errors.confirm} />
        <button type="submit" className="btn btn-primary" disabled={change.isPending}>
          {change.isPending ? 'Changing…' : 'Change password'}
        </button>
      </form>
    </section>
  );
}
