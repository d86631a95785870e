-- The relay sends new events as soon as the transaction that recorded them commits: it LISTENs
-- on this channel (PostgreSQL sends a notification at commit, once per transaction and channel,
-- and never for a rollback). Polling stays as the fallback for notifications missed.
CREATE FUNCTION integration_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('integration_outbox', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER integration_outbox_notify AFTER INSERT ON integration_outbox
  FOR EACH STATEMENT EXECUTE FUNCTION integration_outbox_notify();
