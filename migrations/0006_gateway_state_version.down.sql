CREATE OR REPLACE FUNCTION tollgate_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('tollgate_changes', TG_TABLE_NAME);
    RETURN NULL;
END;
$$;

DROP SEQUENCE gateway_state_version;
