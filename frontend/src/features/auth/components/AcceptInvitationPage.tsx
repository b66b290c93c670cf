import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert } from '../../../components/Alert';
import { RoleBadge } from '../../../components/Badge';
import { FormError } from '../../../components/FormError';
import { TextField } from '../../../components/FormField';
import { ErrorState, LoadingState } from '../../../components/States';
import { useToast } from '../../../components/Toast';
import { ApiError } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { useSession } from '../../../lib/session';
import { useFormErrors } from '../../../lib/forms';
import { checkNewPassword, checkRequired } from '../../../lib/validation';
import { useAcceptInvitation, useInvitationPreview } from '../api/auth';
import { AuthCard } from './AuthCard';

type Field = 'name' | 'password' | 'confirm';

/**
 * AcceptInvitationPage shows what an invitation is for and accepts it: a new user chooses a name and password,
 * an existing user confirms with their password.
 */
export function AcceptInvitationPage() {
  const { token = '' } = useParams();
  const preview = useInvitationPreview(token);
  const accept = useAcceptInvitation(token);
  const session = useSession();
  const navigate = useNavigate();
  const toast = useToast();
  const [form, setForm] = useState({ name: '', password: '', confirm: '' });
  const fe = useFormErrors<Field>(accept);
  const errors = fe.errors;

  if (preview.isPending) return <LoadingState label="Loading invitation…" />;
  if (preview.isError) {
    const gone = preview.error instanceof ApiError && preview.error.status === 404;
    return (
      <AuthCard title="Invitation">
        {gone ? (
          <Alert tone="error" title="This invitation cannot be used">
            The link is unknown, has expired, was revoked or was already used. Ask the person who invited you for a
            new invitation.
          </Alert>
        ) : (
          <ErrorState error={preview.error} onRetry={() => preview.refetch()} />
        )}
        <p>
          <Link to="/login">Go to sign in</Link>
        </p>
      </AuthCard>
    );
  }

  const inv = preview.data;
  const existing = inv.user_exists;
  const set = (field: Field) => (e: React.ChangeEvent<HTMLInputElement>) => {
    setForm((f) => ({ ...f, [field]: e.target.value }));
    fe.clear(field);
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found = existing
      ? { password: form.password === '' ? 'Enter the password of your account.' : undefined }
      : {
          name: checkRequired(form.name, 'your name'),
          password: checkNewPassword(form.password),
          confirm: form.confirm !== form.password ? 'The passwords do not match.' : undefined,
        };
    if (!fe.validate(found)) return;
    accept.mutate(
      { name: existing ? '' : form.name.trim(), password: form.password },
      {
        onSuccess: () => {
          toast.success(`Welcome to ${inv.tenant.name}.`);
          navigate(`/t/${inv.tenant.slug}`, { replace: true });
        },
      },
    );
  };

  const otherUser = session.user && session.user.email.toLowerCase() !== inv.email.toLowerCase() ? session.user : null;
  return (
    <AuthCard title={`Join ${inv.tenant.name}`} subtitle="You have been invited to a Tollgate tenant.">
      <dl className="details">
        <div>
          <dt>Tenant</dt>
          <dd>{inv.tenant.name}</dd>
        </div>
        <div>
          <dt>Email</dt>
          <dd>{inv.email}</dd>
        </div>
        <div>
          <dt>Role</dt>
          <dd>
            <RoleBadge role={inv.role} />
          </dd>
        </div>
        <div>
          <dt>Expires</dt>
          <dd>{formatDateTime(inv.expires_at)}</dd>
        </div>
      </dl>
      {otherUser && (
        <Alert tone="warning">
          You are signed in as {otherUser.email}. Accepting signs you in as {inv.email}.
        </Alert>
      )}
      <form onSubmit={onSubmit} noValidate aria-label="Accept invitation">
        <FormError error={fe.formError} fields={['name', 'password']} />
        {existing ? (
          <>
            <p className="form-intro">{inv.email} already has an account. Enter its password to accept.</p>
            <TextField label="Password" type="password" name="password" autoComplete="current-password"
              value={form.password} onChange={set('password')} error={errors.password} autoFocus />
          </>
        ) : (
          <>
            <p className="form-intro">Choose your name and a password for your new account.</p>
            <TextField label="Name" name="name" autoComplete="name" value={form.name} onChange={set('name')}
              error={errors.name} autoFocus />
            <TextField label="Password" type="password" name="password" autoComplete="new-password"
              value={form.password} onChange={set('password')} error={errors.password}
              hint="At least 10 characters, with letters and digits." />
            <TextField label="Confirm password" type="password" name="confirm" autoComplete="new-password"
              value={form.confirm} onChange={set('confirm')} error={errors.confirm} />
          </>
        )}
        <button type="submit" className="btn btn-primary btn-block" disabled={accept.isPending}>
          {accept.isPending ? 'Accepting…' : 'Accept invitation'}
        </button>
      </form>
    </AuthCard>
  );
}
