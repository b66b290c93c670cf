-- Stripe billing: each tenant's Stripe connection (secrets encrypted by the server), Stripe's view of every paid
-- subscription, every webhook event as delivered, hourly usage for metered plans and the ledger of what was reported,
-- and reconciliation runs.

CREATE TABLE tenant_stripe (
    tenant_id             uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    secret_key_enc        bytea,
    secret_key_last4      text NOT NULL DEFAULT '',
    webhook_secret_enc    bytea,
    webhook_secret_last4  text NOT NULL DEFAULT '',
    verified_at           timestamptz,
    livemode              boolean NOT NULL DEFAULT false,
    updated_at            timestamptz NOT NULL DEFAULT now()
);

-- One Stripe customer per team.
ALTER TABLE teams ADD COLUMN stripe_customer_id text NOT NULL DEFAULT '';

ALTER TABLE subscriptions
    ADD COLUMN stripe_status           text NOT NULL DEFAULT '',
    ADD COLUMN stripe_item_id          text NOT NULL DEFAULT '',
    ADD COLUMN stripe_event_at         timestamptz, -- creation time of the last Stripe event applied
    ADD COLUMN checkout_session_id     text NOT NULL DEFAULT '',
    ADD COLUMN latest_invoice_id       text NOT NULL DEFAULT '',
    ADD COLUMN latest_invoice_status   text NOT NULL DEFAULT '',
    ADD COLUMN latest_invoice_amount   bigint NOT NULL DEFAULT 0,
    ADD COLUMN latest_invoice_currency text NOT NULL DEFAULT '',
    ADD COLUMN hosted_invoice_url      text NOT NULL DEFAULT '';
CREATE INDEX subscriptions_stripe_idx ON subscriptions (tenant_id, stripe_subscription_id) WHERE stripe_subscription_id <> '';

-- Every webhook delivery that passed its signature check, stored before it is acknowledged. Stripe may deliver an
-- event twice: the primary key makes the second delivery a no-op.
CREATE TABLE stripe_events (
    tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id              text NOT NULL,
    type            text NOT NULL,
    created         timestamptz NOT NULL,
    livemode        boolean NOT NULL DEFAULT false,
    payload         jsonb NOT NULL,
    subscription_id uuid REFERENCES subscriptions (id) ON DELETE SET NULL,
    received_at     timestamptz NOT NULL DEFAULT now(),
    processed_at    timestamptz,
    outcome         text NOT NULL DEFAULT '',
    error           text NOT NULL DEFAULT '',
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    source          text NOT NULL DEFAULT 'webhook' CHECK (source IN ('webhook', 'recovery')),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX stripe_events_pending_idx ON stripe_events (next_attempt_at) WHERE processed_at IS NULL;
CREATE INDEX stripe_events_tenant_idx ON stripe_events (tenant_id, received_at DESC);

-- Calls per subscription and hour, kept by a trigger on usage_counters so every writer feeds it: metered plans report
-- these buckets to Stripe.
CREATE TABLE usage_hourly (
    subscription_id uuid NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    hour            timestamptz NOT NULL,
    units           bigint NOT NULL DEFAULT 0 CHECK (units >= 0),
    PRIMARY KEY (subscription_id, hour)
);
CREATE FUNCTION tollgate_usage_hourly() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    delta bigint := NEW.calls - CASE WHEN TG_OP = 'UPDATE' THEN OLD.calls ELSE 0 END;
BEGIN
    IF delta > 0 THEN
        INSERT INTO usage_hourly (subscription_id, hour, units) VALUES (NEW.subscription_id, date_trunc('hour', now()), delta)
        ON CONFLICT (subscription_id, hour) DO UPDATE SET units = usage_hourly.units + EXCLUDED.units;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER usage_counters_hourly AFTER INSERT OR UPDATE OF calls ON usage_counters
    FOR EACH ROW EXECUTE FUNCTION tollgate_usage_hourly();

-- What was reported to Stripe for metered plans. The idempotency key is derived from the bucket and what had been
-- reported before, so a retry after a lost answer repeats the same request and Stripe applies it once.
CREATE TABLE usage_reports (
    id               bigserial PRIMARY KEY,
    tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    subscription_id  uuid NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    stripe_item_id   text NOT NULL,
    hour             timestamptz NOT NULL,
    quantity         bigint NOT NULL CHECK (quantity > 0),
    idempotency_key  text NOT NULL UNIQUE,
    stripe_reference text NOT NULL DEFAULT '',
    reported_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX usage_reports_sub_idx ON usage_reports (subscription_id, hour);

CREATE TABLE reconciliation_runs (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    trigger     text NOT NULL, -- manual | nightly | cli | subscription
    fix         boolean NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz,
    checked     integer NOT NULL DEFAULT 0,
    drifted     integer NOT NULL DEFAULT 0,
    fixed       integer NOT NULL DEFAULT 0,
    error       text NOT NULL DEFAULT '',
    results     jsonb NOT NULL DEFAULT '[]',
    started_by  uuid REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX reconciliation_runs_tenant_idx ON reconciliation_runs (tenant_id, started_at DESC);
