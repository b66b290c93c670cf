import { useId, useRef, useState } from 'react';
import { copyText } from '../../../components/CopyOnceDialog';
import type { StripeSettings } from '../../../lib/types';

/** CopyField is a read-only value with a copy button, e.g. the webhook URL. */
function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <div className="copy-row">
        <input id={id} ref={input} className="input input-mono" readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="btn" aria-label={`Copy the ${label.toLowerCase()}`}
          onClick={async () => setCopied((await copyText(value, input.current)) ? 'yes' : 'failed')}>
          Copy
        </button>
      </div>
      <p className="field-hint" aria-live="polite">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'failed' ? 'The browser did not allow copying: select the text and copy it by hand.' : ''}
      </p>
    </div>
  );
}

/**
 * StripeWebhookSetup tells how to create the webhook endpoint in Stripe's Dashboard: the URL to paste, the API
 * version, the events to select, and where the signing secret goes.
 */
export function StripeWebhookSetup({ settings }: { settings: StripeSettings }) {
  return (
    <section className="card" aria-labelledby="stripe-webhook-title">
      <h2 id="stripe-webhook-title">Webhook endpoint</h2>
      <p className="muted">
        Stripe tells Tollgate about payments, failed renewals and cancelations through a webhook. Without it, paid
        subscriptions do not start after Checkout.
      </p>
      <ol className="steps webhook-steps">
        <li>
          In Stripe’s Dashboard, open Developers → API keys. Create a restricted key (or reveal the secret key) and save it
          above as the secret key.
        </li>
        <li>
          Open Developers → Webhooks and add an endpoint: paste the URL below, choose the API version{' '}
          <code>{settings.api_version}</code> and select the events listed below.
        </li>
        <li>
          Reveal the endpoint’s signing secret (<code>whsec_…</code>) and save it above as the webhook signing secret.
        </li>
        <li>Press Test connection.</li>
      </ol>
      <CopyField label="Webhook URL" value={settings.webhook_url} />
      <dl className="details details-wide">
        <div>
          <dt>API version</dt>
          <dd>
            <code>{settings.api_version}</code>
          </dd>
        </div>
      </dl>
      <h3 id="stripe-events-title">Events to send</h3>
      <ul className="plain-list event-types" aria-labelledby="stripe-events-title">
        {settings.event_types.map((t) => (
          <li key={t}>
            <code>{t}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}
