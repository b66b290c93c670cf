import { useContext } from 'react';
import { Link } from 'react-router';
import { ApiError, describeError } from '../lib/api';
import { TenantContext } from '../lib/tenant';
import { Alert } from './Alert';

/** isStripeNotConnected reports whether an error says the tenant has not connected Stripe (409 stripe_not_connected). */
export function isStripeNotConnected(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'stripe_not_connected';
}

/**
 * StripeErrorAlert explains a failed billing call: Stripe not connected (with where to connect it), Stripe refusing or
 * unreachable (nothing was changed), or any other problem with its detail.
 */
export function StripeErrorAlert({ error }: { error: unknown }) {
  const ctx = useContext(TenantContext);
  if (error == null) return null;
  if (isStripeNotConnected(error)) {
    return (
      <Alert tone="warning" title="Stripe is not connected">
        {ctx?.canBill ? (
          <p>
            An owner connects the tenant’s Stripe account under{' '}
            <Link to={`/t/${ctx.tenant.slug}/settings/stripe`}>Settings → Stripe</Link>.
          </p>
        ) : (
          <p>Ask an owner of the tenant to connect its Stripe account under Settings → Stripe.</p>
        )}
      </Alert>
    );
  }
  if (error instanceof ApiError && error.code === 'stripe_error') {
    const said = /nothing was changed/i.test(error.message);
    return (
      <Alert tone="error" title="Stripe error">
        <p>
          {error.message}
          {!said && ' Nothing was changed.'}
        </p>
      </Alert>
    );
  }
  return <Alert tone="error">{describeError(error)}</Alert>;
}
