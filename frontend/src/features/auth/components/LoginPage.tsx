import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { FormError } from '../../../components/FormError';
import { TextField } from '../../../components/FormField';
import { LoadingState } from '../../../components/States';
import { useToast } from '../../../components/Toast';
import { api } from '../../../lib/api';
import { queryKeys } from '../../../lib/queryKeys';
import type { Me } from '../../../lib/types';
import { useSession } from '../../../lib/session';
import { useFormErrors } from '../../../lib/forms';
import { checkEmail } from '../../../lib/validation';
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
  const qc = useQueryClient();
  const toast = useToast();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const fe = useFormErrors<'email' | 'password'>(login);
  const errors = fe.errors;

  if (session.status === 'loading') return <LoadingState label="Checking your session…" />;
  if (session.status === 'authenticated' && !login.isPending && !login.isSuccess) {
    return <Navigate to={next ?? (tenantSlug ? `/t/${tenantSlug}` : '/')} replace />;
  }

  // With ?tenant=slug the user meant that tenant; if they are not a member of it, a tenant of theirs opens instead
  // of a page that cannot load.
  const afterLogin = async () => {
    if (next || !tenantSlug) {
      navigate(next ?? '/', { replace: true });
      return;
    }
    let me: Me | undefined;
    try {
      me = await qc.fetchQuery({ queryKey: queryKeys.me, queryFn: () => api.get<Me>('/me') });
    } catch {
      me = undefined;
    }
    const own = me?.memberships ?? [];
    if (!me || me.is_platform_admin || own.length === 0 || own.some((m) => m.tenant.slug === tenantSlug)) {
      navigate(`/t/${tenantSlug}`, { replace: true });
      return;
    }
    toast.info(`You are not a member of ${tenant.data?.name ?? tenantSlug}, so ${own[0].tenant.name} was opened instead.`);
    navigate(`/t/${own[0].tenant.slug}`, { replace: true });
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found = {
      email: checkEmail(email),
      password: password === '' ? 'Enter your password.' : undefined,
    };
    if (!fe.validate(found)) return;
    login.mutate({ email, password }, { onSuccess: () => void afterLogin() });
  };

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
        <FormError error={fe.formError} fields={['email', 'password']} />
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="username"
          value={email}
          onChange={(e) => {
            setEmail(e.target.value);
            fe.clear('email');
          }}
          error={errors.email}
          autoFocus
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => {
            setPassword(e.target.value);
            fe.clear('password');
          }}
          error={errors.password}
        />
        <button type="submit" className="btn btn-primary btn-block" disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthCard>
  );
}
