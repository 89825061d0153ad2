-- Verification history and audit events are append-only: rows are never rewritten.
CREATE FUNCTION "forbid_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "verifications_append_only" BEFORE UPDATE ON "verifications" FOR EACH ROW EXECUTE FUNCTION "forbid_update"();
--> statement-breakpoint
CREATE TRIGGER "audit_events_append_only" BEFORE UPDATE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION "forbid_update"();
