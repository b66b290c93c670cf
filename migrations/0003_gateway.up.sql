-- The gateway: what it needs to decide (query-string keys, why a subscription is suspended, which responses count),
-- the change feed that keeps its snapshot fresh, usage counters and call logs partitioned by day.

ALTER TABLE apis ADD COLUMN allow_query_key boolean NOT NULL DEFAULT false;
ALTER TABLE plans ADD COLUMN counted_statuses text[] NOT NULL DEFAULT '{2xx,3xx}'
    CHECK (counted_statuses <@ ARRAY['1xx', '2xx', '3xx', '4xx', '5xx']);
-- An admin's suspension is not fixed by paying: the gateway answers 403 for it and 402 for an unpaid one.
ALTER TABLE subscriptions ADD COLUMN suspended_by_admin boolean NOT NULL DEFAULT false;

-- Every change to what the gateway decides with is announced on channel tollgate_changes, inside the writing
-- transaction (PostgreSQL delivers it at commit), whoever writes: the API, a job or an operator with psql.
CREATE FUNCTION tollgate_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('tollgate_changes', TG_TABLE_NAME);
    RETURN NULL;
END;
$$;
CREATE TRIGGER apis_changed AFTER INSERT OR UPDATE OR DELETE ON apis FOR EACH STATEMENT EXECUTE FUNCTION tollgate_notify_change();
CREATE TRIGGER plans_changed AFTER INSERT OR UPDATE OR DELETE ON plans FOR EACH STATEMENT EXECUTE FUNCTION tollgate_notify_change();
CREATE TRIGGER subscriptions_changed AFTER INSERT OR UPDATE OR DELETE ON subscriptions FOR EACH STATEMENT EXECUTE FUNCTION tollgate_notify_change();
CREATE TRIGGER api_keys_changed AFTER INSERT OR UPDATE OF revoked_at, expires_at, api_ids, allowed_ips OR DELETE ON api_keys
    FOR EACH STATEMENT EXECUTE FUNCTION tollgate_notify_change();
CREATE TRIGGER applications_changed AFTER DELETE ON applications FOR EACH STATEMENT EXECUTE FUNCTION tollgate_notify_change();
CREATE TRIGGER tenants_changed AFTER UPDATE OF slug OR DELETE ON tenants FOR EACH STATEMENT EXECUTE FUNCTION tollgate_notify_change();

-- Calls counted per subscription and period (quota and billable usage). Gateways add their in-memory counts in
-- batches; the period starts at the subscription's billing period or, for free plans, the calendar month (UTC).
CREATE TABLE usage_counters (
    subscription_id uuid NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    period_start    timestamptz NOT NULL,
    calls           bigint NOT NULL DEFAULT 0 CHECK (calls >= 0),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (subscription_id, period_start)
);

-- One row per gateway call, partitioned by day; the gateway creates partitions ahead and drops expired ones.
CREATE TABLE call_logs (
    ts              timestamptz NOT NULL,
    request_id      text NOT NULL,
    tenant_id       uuid,
    application_id  uuid,
    api_id          uuid,
    subscription_id uuid,
    key_prefix      text NOT NULL DEFAULT '',
    method          text NOT NULL,
    path            text NOT NULL,
    status          smallint NOT NULL,
    code            text NOT NULL,
    latency_us      integer NOT NULL,
    upstream_us     integer NOT NULL DEFAULT 0,
    bytes_in        bigint NOT NULL DEFAULT 0,
    bytes_out       bigint NOT NULL DEFAULT 0,
    client_ip       text NOT NULL DEFAULT ''
) PARTITION BY RANGE (ts);
CREATE INDEX call_logs_tenant_ts_idx ON call_logs (tenant_id, ts DESC);
CREATE INDEX call_logs_app_ts_idx ON call_logs (application_id, ts DESC);
CREATE INDEX call_logs_api_ts_idx ON call_logs (api_id, ts DESC);
