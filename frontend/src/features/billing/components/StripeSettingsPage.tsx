import { Alert } from '../../../components/Alert';
import { Badge } from '../../../components/Badge';
import { PageHeader } from '../../../components/PageHeader';
import { SettingsNav } from '../../../components/SettingsNav';
import { ErrorState, ForbiddenState, LoadingState } from '../../../components/States';
import { StripeErrorAlert } from '../../../components/StripeErrorAlert';
import { formatDateTime } from '../../../lib/format';
import { useTenant } from '../../../lib/tenant';
import type { StripeSettings } from '../../../lib/types';
import { useStripeSettings, useTestStripe } from '../api/billing';
import { StripeSecretsForm } from './StripeSecretsForm';
import { StripeWebhookSetup } from './StripeWebhookSetup';

/** ConnectionBadge says whose Stripe account the tenant uses, if any. */
export function ConnectionBadge({ settings }: { settings: Pick<StripeSettings, 'connected' | 'source'> }) {
  if (!settings.connected || settings.source === 'none') return <Badge tone="red">Not connected</Badge>;
  return settings.source === 'tenant' ? (
    <Badge tone="green">Connected: your Stripe account</Badge>
  ) : (
    <Badge tone="blue">Connected: the platform’s Stripe account</Badge>
  );
}

/** StripeConnection shows the connection's status and mode, and tests it against Stripe. */
function StripeConnection({ settings }: { settings: StripeSettings }) {
  const { tenant } = useTenant();
  const test = useTestStripe(tenant.slug);
  return (
    <section className="card" aria-labelledby="stripe-connection-title">
      <h2 id="stripe-connection-title">Connection</h2>
      <dl className="details details-wide">
        <div>
          <dt>Status</dt>
          <dd>
            <ConnectionBadge settings={settings} />
          </dd>
        </div>
        <div>
          <dt>Mode</dt>
          <dd>
            {!settings.verified_at ? (
              <span className="muted">Known once the connection is tested</span>
            ) : settings.livemode ? (
              <Badge tone="violet">Live mode</Badge>
            ) : (
              <Badge tone="amber">Test mode</Badge>
            )}
          </dd>
        </div>
        <div>
          <dt>Verified</dt>
          <dd>{settings.verified_at ? formatDateTime(settings.verified_at) : 'Not tested yet'}</dd>
        </div>
        <div>
          <dt>Keys changed</dt>
          <dd>{formatDateTime(settings.updated_at)}</dd>
        </div>
      </dl>
      <button type="button" className="btn" disabled={test.isPending} aria-busy={test.isPending}
        onClick={() => test.mutate()}>
        {test.isPending ? 'Testing…' : 'Test connection'}
      </button>
      <div aria-live="polite">
        {test.data && (
          <Alert tone={test.data.ok ? 'success' : 'error'} title={test.data.ok ? 'Stripe answered' : 'Stripe refused the key'}>
            <p>{test.data.detail}</p>
          </Alert>
        )}
      </div>
      <StripeErrorAlert error={test.error} />
    </section>
  );
}

/**
 * StripeSettingsPage connects the tenant to Stripe: its secret key and webhook signing secret (owners change them;
 * admins and billing members read), a connection test, and how to set up the webhook endpoint in Stripe.
 */
export function StripeSettingsPage() {
  const { tenant, canBill } = useTenant();
  const settings = useStripeSettings(tenant.slug, canBill);
  const header = (
    <>
      <PageHeader title="Stripe" docTitle="Stripe settings" description={`How ${tenant.name} takes payments for paid plans.`} />
      <SettingsNav />
    </>
  );
  if (!canBill) {
    return <ForbiddenState what="the Stripe settings" because="Only owners, admins and billing members of this tenant can see the Stripe settings." />;
  }
  if (settings.isPending) return <>{header}<LoadingState /></>;
  if (settings.isError) {
    return <>{header}<ErrorState error={settings.error} onRetry={() => settings.refetch()} /></>;
  }
  return (
    <>
      {header}
      <StripeConnection settings={settings.data} />
      <StripeSecretsForm settings={settings.data} />
      <StripeWebhookSetup settings={settings.data} />
    </>
  );
}
