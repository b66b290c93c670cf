import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert } from '../../../components/Alert';
import { FormError } from '../../../components/FormError';
import { TextField } from '../../../components/FormField';
import { ErrorState, LoadingState } from '../../../components/States';
import { useFormErrors } from '../../../lib/forms';
import { checkEmail, checkNewPassword, checkRequired } from '../../../lib/validation';
import { usePublicTenant, useSignup } from '../api/auth';
import { AuthCard } from './AuthCard';

type Field = 'name' | 'email' | 'password';

/** SignupPage creates an account with a developer membership in a tenant that allows sign-up. */
export function SignupPage() {
  const { tenant: slug = '' } = useParams();
  const tenant = usePublicTenant(slug);
  const signup = useSignup(slug);
  const navigate = useNavigate();
  const [form, setForm] = useState({ name: '', email: '', password: '' });
  const fe = useFormErrors<Field>(signup);
  const errors = fe.errors;

  if (tenant.isPending) return <LoadingState />;
  if (tenant.isError) {
    return (
      <AuthCard title="Sign up">
        <ErrorState error={tenant.error} title="This tenant cannot be loaded" onRetry={() => tenant.refetch()} />
      </AuthCard>
    );
  }
  const t = tenant.data;
  if (!t.allow_signup) {
    return (
      <AuthCard title={`Join ${t.name}`}>
        <Alert tone="info" title="Sign-up is closed">
          {t.name} does not accept new sign-ups. Ask an owner or admin for an invitation.
        </Alert>
        <p>
          <Link to={`/login?tenant=${encodeURIComponent(t.slug)}`}>Sign in instead</Link>
        </p>
      </AuthCard>
    );
  }

  const set = (field: Field) => (e: React.ChangeEvent<HTMLInputElement>) => {
    setForm((f) => ({ ...f, [field]: e.target.value }));
    fe.clear(field);
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found = {
      name: checkRequired(form.name, 'your name'),
      email: checkEmail(form.email),
      password: checkNewPassword(form.password),
    };
    if (!fe.validate(found)) return;
    signup.mutate(
      { name: form.name.trim(), email: form.email.trim(), password: form.password },
      { onSuccess: () => navigate(`/t/${t.slug}`, { replace: true }) },
    );
  };

  return (
    <AuthCard
      title={`Join ${t.name}`}
      subtitle="Create a developer account."
      footer={
        <p>
          Already have an account? <Link to={`/login?tenant=${encodeURIComponent(t.slug)}`}>Sign in</Link>
        </p>
      }
    >
      <form onSubmit={onSubmit} noValidate aria-label="Sign up">
        <FormError error={fe.formError} fields={['name', 'email', 'password']} />
        <TextField label="Name" name="name" autoComplete="name" value={form.name} onChange={set('name')}
          error={errors.name} autoFocus />
        <TextField label="Email" type="email" name="email" autoComplete="email" value={form.email}
          onChange={set('email')} error={errors.email} />
        <TextField label="Password" type="password" name="password" autoComplete="new-password"
          value={form.password} onChange={set('password')} error={errors.password}
          hint="At least 10 characters, with letters and digits." />
        <button type="submit" className="btn btn-primary btn-block" disabled={signup.isPending}>
          {signup.isPending ? 'Creating account…' : 'Create account'}
        </button>
      </form>
    </AuthCard>
  );
}
