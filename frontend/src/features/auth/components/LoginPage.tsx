import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { FormError, serverFieldErrors } from '../../../components/FormError';
import { TextField } from '../../../components/FormField';
import { LoadingState } from '../../../components/States';
import { useSession } from '../../../lib/session';
import { checkEmail, hasErrors, type Errors } from '../../../lib/validation';
import { useLogin, usePublicTenant } from '../api/auth';
import { AuthCard } from './AuthCard';

/** safeNext keeps only same-site paths, so a crafted link cannot send people elsewhere after login. */
export function safeNext(next: string | null): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  return next;
}

/** LoginPage signs people in; with ?tenant=slug it names the tenant and links to its sign-up page. */
export function LoginPage() {
  const [params] = useSearchParams();
  const tenantSlug = params.get('tenant');
  const next = safeNext(params.get('next'));
  const session = useSession();
  const navigate = useNavigate();
  const tenant = usePublicTenant(tenantSlug);
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors<'email' | 'password'>>({});

  if (session.status === 'loading') return <LoadingState label="Checking your session…" />;
  if (session.status === 'authenticated' && !login.isPending && !login.isSuccess) {
    return <Navigate to={next ?? (tenantSlug ? `/t/${tenantSlug}` : '/')} replace />;
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: Errors<'email' | 'password'> = {
      email: checkEmail(email),
      password: password === '' ? 'Enter your password.' : undefined,
    };
    setErrors(found);
    if (hasErrors(found)) return;
    login.mutate(
      { email, password },
      { onSuccess: () => navigate(next ?? (tenantSlug ? `/t/${tenantSlug}` : '/'), { replace: true }) },
    );
  };

  const server = serverFieldErrors(login.error);
  const tenantName = tenant.data?.name;
  return (
    <AuthCard
      title={tenantName ? `Sign in to ${tenantName}` : 'Sign in to Tollgate'}
      subtitle={tenantName ? 'Use your Tollgate account.' : 'Manage your APIs, teams and members.'}
      footer={
        tenant.data?.allow_signup ? (
          <p>
            New to {tenant.data.name}? <Link to={`/t/${tenant.data.slug}/signup`}>Create an account</Link>
          </p>
        ) : undefined
      }
    >
      <form onSubmit={onSubmit} noValidate aria-label="Sign in">
        <FormError error={login.error} fields={['email', 'password']} />
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="username"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.email ?? server.email}
          autoFocus
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password ?? server.password}
        />
        <button type="submit" className="btn btn-primary btn-block" disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthCard>
  );
}
