-- A version of what the gateway loads, bumped by the triggers that announce changes. A gateway's periodic check
-- reads it and reloads only when it moved, instead of rebuilding a snapshot of every key and subscription every
-- interval. A sequence, not a counter row: writers never wait for each other on it. nextval is not rolled back (a
-- failed write costs a needless reload) and happens before commit: a change committed after a gateway read the
-- version is announced by its notification, and gateways still reload in full every ten intervals.
CREATE SEQUENCE gateway_state_version;

CREATE OR REPLACE FUNCTION tollgate_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM nextval('gateway_state_version');
    PERFORM pg_notify('tollgate_changes', TG_TABLE_NAME);
    RETURN NULL;
END;
$$;
