-- Usage analytics and alerts: rollups of the call logs per minute, hour and day (with mergeable latency histograms),
-- quota thresholds per plan, alerts fired once, notification preferences, outgoing webhooks and their deliveries.

-- Latency histograms are bigint arrays with one count per bucket (bounds in the code: analytics.Bounds); they merge
-- by adding element-wise, so percentiles over any range come from exact bucket counts, never averages of averages.
CREATE FUNCTION tollgate_hist_add(a bigint[], b bigint[]) RETURNS bigint[] LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN a IS NULL THEN b WHEN b IS NULL THEN a
        ELSE ARRAY(SELECT COALESCE(x, 0) + COALESCE(y, 0) FROM unnest(a, b) AS t(x, y)) END
$$;
CREATE AGGREGATE tollgate_hist_sum(bigint[]) (SFUNC = tollgate_hist_add, STYPE = bigint[]);

CREATE TABLE usage_rollups (
    grain          text NOT NULL CHECK (grain IN ('minute', 'hour', 'day')),
    bucket         timestamptz NOT NULL,
    tenant_id      uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    api_id         uuid,
    application_id uuid,
    plan_id        uuid,
    status_class   smallint NOT NULL, -- 1..5; 0: no response
    code           text NOT NULL,     -- the gateway's decision code (ok: allowed)
    calls          bigint NOT NULL,
    errors         bigint NOT NULL,   -- 5xx
    billable       bigint NOT NULL,   -- calls the plan counts
    bytes_in       bigint NOT NULL,
    bytes_out      bigint NOT NULL,
    latency_sum_us bigint NOT NULL,
    latency_hist   bigint[] NOT NULL,
    UNIQUE NULLS NOT DISTINCT (grain, bucket, tenant_id, api_id, application_id, plan_id, status_class, code)
);
CREATE INDEX usage_rollups_tenant_idx ON usage_rollups (tenant_id, grain, bucket);

-- How far the call logs have been rolled up (one row).
CREATE TABLE rollup_progress (
    id         boolean PRIMARY KEY DEFAULT true CHECK (id),
    done_until timestamptz NOT NULL
);

-- Quota alerts: percents of the monthly quota at which the subscription's developers are warned.
ALTER TABLE plans ADD COLUMN alert_thresholds smallint[] NOT NULL DEFAULT '{80,90,100}'
    CHECK (cardinality(alert_thresholds) <= 5 AND 0 < ALL (alert_thresholds) AND 100 >= ALL (alert_thresholds));

-- Every alert fired, once: the unique key (kind, subject, occasion) makes a second firing a no-op, whoever tries.
CREATE TABLE alerts (
    id         uuid PRIMARY KEY,
    tenant_id  uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind       text NOT NULL,
    subject_id uuid NOT NULL,  -- the subscription, key or API
    occasion   text NOT NULL,  -- e.g. the quota period and threshold, the expiry date and lead time
    title      text NOT NULL,
    body       text NOT NULL,
    link       text NOT NULL DEFAULT '',
    data       jsonb NOT NULL DEFAULT '{}',
    team_id    uuid,           -- the team concerned, for team-scoped webhooks
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (kind, subject_id, occasion)
);
CREATE INDEX alerts_tenant_idx ON alerts (tenant_id, created_at DESC);

-- What each member wants, per kind and channel; no row: the kind's default.
CREATE TABLE notification_preferences (
    user_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind      text NOT NULL,
    portal    boolean NOT NULL,
    email     boolean NOT NULL,
    PRIMARY KEY (user_id, tenant_id, kind)
);

CREATE TABLE webhook_endpoints (
    id            uuid PRIMARY KEY,
    tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    team_id       uuid REFERENCES teams (id) ON DELETE CASCADE, -- null: tenant-wide (admins)
    url           text NOT NULL,
    description   text NOT NULL DEFAULT '',
    events        text[] NOT NULL DEFAULT '{}',                 -- empty: every kind
    secret_enc    bytea NOT NULL,
    enabled       boolean NOT NULL DEFAULT true,
    failure_count integer NOT NULL DEFAULT 0,
    last_delivery_at timestamptz,
    last_status   integer,
    created_by    uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoints_tenant_idx ON webhook_endpoints (tenant_id);

CREATE TABLE webhook_deliveries (
    id              uuid PRIMARY KEY,
    endpoint_id     uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    event_id        uuid NOT NULL,
    kind            text NOT NULL,
    payload         jsonb NOT NULL,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'retrying', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,
    response_status integer,
    error           text NOT NULL DEFAULT '',
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status IN ('pending', 'retrying');
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at DESC);

-- Email to send for alerts (an outbox: sent by a job, retried, never inside a request).
CREATE TABLE email_outbox (
    id              uuid PRIMARY KEY,
    tenant_id       uuid REFERENCES tenants (id) ON DELETE CASCADE,
    to_address      text NOT NULL,
    subject         text NOT NULL,
    body            text NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    error           text NOT NULL DEFAULT '',
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX email_outbox_due_idx ON email_outbox (next_attempt_at) WHERE sent_at IS NULL;
