-- API catalogue, plans, applications, subscriptions (one state machine with its event log), API keys and
-- in-portal notifications.

CREATE TABLE apis (
    id           uuid PRIMARY KEY,
    tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    team_id      uuid NOT NULL,
    slug         text NOT NULL CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description  text NOT NULL DEFAULT '',
    base_path    text NOT NULL CHECK (base_path ~ '^/[A-Za-z0-9._~/-]*$'),
    upstream_url text NOT NULL,
    timeout_ms   integer NOT NULL CHECK (timeout_ms BETWEEN 100 AND 300000),
    visibility   text NOT NULL CHECK (visibility IN ('public', 'private')),
    lifecycle    text NOT NULL CHECK (lifecycle IN ('draft', 'published', 'deprecated', 'retired')),
    sunset_at    timestamptz,
    tags         text[] NOT NULL DEFAULT '{}',
    openapi      jsonb,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, slug),
    UNIQUE (id, tenant_id),
    FOREIGN KEY (team_id, tenant_id) REFERENCES teams (id, tenant_id) ON DELETE RESTRICT
);
-- Two live APIs of a tenant cannot share a base path: the gateway routes by it.
CREATE UNIQUE INDEX apis_base_path_key ON apis (tenant_id, base_path) WHERE lifecycle <> 'retired';
CREATE INDEX apis_tags_idx ON apis USING gin (tags);

-- Teams that may see a private API (besides the owning team).
CREATE TABLE api_visible_teams (
    tenant_id uuid NOT NULL,
    api_id    uuid NOT NULL,
    team_id   uuid NOT NULL,
    PRIMARY KEY (api_id, team_id),
    FOREIGN KEY (api_id, tenant_id) REFERENCES apis (id, tenant_id) ON DELETE CASCADE,
    FOREIGN KEY (team_id, tenant_id) REFERENCES teams (id, tenant_id) ON DELETE CASCADE
);

CREATE TABLE plans (
    id                    uuid PRIMARY KEY,
    tenant_id             uuid NOT NULL,
    api_id                uuid NOT NULL,
    name                  text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description           text NOT NULL DEFAULT '',
    paid                  boolean NOT NULL DEFAULT false,
    stripe_price_id       text NOT NULL DEFAULT '',
    billing               text NOT NULL DEFAULT 'flat' CHECK (billing IN ('flat', 'metered')),
    rate_limit_per_second integer NOT NULL DEFAULT 0 CHECK (rate_limit_per_second >= 0),
    rate_limit_per_minute integer NOT NULL DEFAULT 0 CHECK (rate_limit_per_minute >= 0),
    monthly_quota         bigint CHECK (monthly_quota >= 0),
    overage               text NOT NULL DEFAULT 'block' CHECK (overage IN ('block', 'bill')),
    approval              text NOT NULL DEFAULT 'auto' CHECK (approval IN ('auto', 'manual', 'two_person')),
    grace_days            integer NOT NULL DEFAULT 3 CHECK (grace_days BETWEEN 0 AND 21),
    trial_days            integer NOT NULL DEFAULT 0 CHECK (trial_days BETWEEN 0 AND 365),
    archived_at           timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, tenant_id),
    UNIQUE (id, api_id),
    FOREIGN KEY (api_id, tenant_id) REFERENCES apis (id, tenant_id) ON DELETE CASCADE
);
CREATE INDEX plans_api_idx ON plans (api_id);

CREATE TABLE applications (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL,
    team_id     uuid NOT NULL,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description text NOT NULL DEFAULT '',
    created_by  uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, tenant_id),
    UNIQUE (team_id, name),
    FOREIGN KEY (team_id, tenant_id) REFERENCES teams (id, tenant_id) ON DELETE RESTRICT
);

CREATE TABLE subscriptions (
    id                     uuid PRIMARY KEY,
    tenant_id              uuid NOT NULL,
    application_id         uuid NOT NULL,
    api_id                 uuid NOT NULL,
    plan_id                uuid NOT NULL,
    state                  text NOT NULL CHECK (state IN ('requested', 'pending_approval', 'approved', 'pending_payment',
                               'active', 'past_due', 'suspended', 'rejected', 'revoked', 'canceled')),
    reason                 text NOT NULL DEFAULT '',
    requested_by           uuid REFERENCES users (id) ON DELETE SET NULL,
    decided_by             uuid REFERENCES users (id) ON DELETE SET NULL,
    decided_at             timestamptz,
    decision_comment       text NOT NULL DEFAULT '',
    stripe_customer_id     text NOT NULL DEFAULT '',
    stripe_subscription_id text NOT NULL DEFAULT '',
    current_period_start   timestamptz,
    current_period_end     timestamptz,
    grace_ends_at          timestamptz,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, tenant_id),
    FOREIGN KEY (application_id, tenant_id) REFERENCES applications (id, tenant_id) ON DELETE CASCADE,
    FOREIGN KEY (plan_id, api_id) REFERENCES plans (id, api_id),
    FOREIGN KEY (plan_id, tenant_id) REFERENCES plans (id, tenant_id)
);
-- One open request or subscription per application and API.
CREATE UNIQUE INDEX subscriptions_open_key ON subscriptions (application_id, api_id)
    WHERE state NOT IN ('rejected', 'revoked', 'canceled');
CREATE INDEX subscriptions_pending_idx ON subscriptions (tenant_id, created_at) WHERE state = 'pending_approval';
CREATE INDEX subscriptions_plan_idx ON subscriptions (plan_id);

-- Approvals given so far (a two-person plan needs two different admins).
CREATE TABLE subscription_approvals (
    subscription_id uuid NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    admin_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    comment         text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (subscription_id, admin_id)
);

-- Every transition of the subscription state machine: the audit trail of who moved it and why.
CREATE TABLE subscription_events (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id       uuid NOT NULL,
    subscription_id uuid NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    event           text NOT NULL,
    from_state      text NOT NULL,
    to_state        text NOT NULL,
    actor_id        uuid REFERENCES users (id) ON DELETE SET NULL,
    reason          text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX subscription_events_sub_idx ON subscription_events (subscription_id, id);

CREATE TABLE api_keys (
    id              uuid PRIMARY KEY,
    tenant_id       uuid NOT NULL,
    application_id  uuid NOT NULL,
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    prefix          text NOT NULL,
    digest          bytea NOT NULL UNIQUE,
    mode            text NOT NULL CHECK (mode IN ('live', 'test')),
    api_ids         uuid[] NOT NULL DEFAULT '{}',
    allowed_ips     text[] NOT NULL DEFAULT '{}',
    expires_at      timestamptz,
    revoked_at      timestamptz,
    last_used_at    timestamptz,
    rotated_from_id uuid REFERENCES api_keys (id) ON DELETE SET NULL,
    created_by      uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (application_id, tenant_id) REFERENCES applications (id, tenant_id) ON DELETE CASCADE
);
CREATE INDEX api_keys_application_idx ON api_keys (application_id, created_at DESC);

CREATE TABLE notifications (
    id         uuid PRIMARY KEY,
    tenant_id  uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       text NOT NULL,
    title      text NOT NULL,
    body       text NOT NULL DEFAULT '',
    link       text NOT NULL DEFAULT '',
    read_at    timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifications_user_idx ON notifications (user_id, tenant_id, created_at DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id, tenant_id) WHERE read_at IS NULL;

-- A readable name for the target of each audit entry (a team's name, a member's email), kept at write time so it
-- survives the target's deletion.
ALTER TABLE audit_log ADD COLUMN target_label text NOT NULL DEFAULT '';
