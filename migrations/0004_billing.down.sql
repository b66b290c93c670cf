DROP TABLE reconciliation_runs;
DROP TABLE usage_reports;
DROP TRIGGER usage_counters_hourly ON usage_counters;
DROP FUNCTION tollgate_usage_hourly();
DROP TABLE usage_hourly;
DROP TABLE stripe_events;
DROP INDEX subscriptions_stripe_idx;
ALTER TABLE subscriptions
    DROP COLUMN stripe_status, DROP COLUMN stripe_item_id, DROP COLUMN stripe_event_at, DROP COLUMN checkout_session_id,
    DROP COLUMN latest_invoice_id, DROP COLUMN latest_invoice_status, DROP COLUMN latest_invoice_amount,
    DROP COLUMN latest_invoice_currency, DROP COLUMN hosted_invoice_url;
ALTER TABLE teams DROP COLUMN stripe_customer_id;
DROP TABLE tenant_stripe;
