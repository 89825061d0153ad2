CREATE TABLE "health_alerts" (
	"kind" text PRIMARY KEY NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"cleared_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "connections" ADD COLUMN "status_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "connections" ADD COLUMN "next_check_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "connections" ADD COLUMN "inconclusive_checks" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "verifications" ADD COLUMN "inconclusive" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "connections_next_check_idx" ON "connections" USING btree ("next_check_at") WHERE "connections"."status" <> 'disconnected' and not "connections"."draft";--> statement-breakpoint
-- When the current status began: from the history where it says (the first check of the latest run of the same status), else the last check or creation.
UPDATE "connections" c SET "status_since" = coalesce(
  (SELECT min(v."started_at") FROM "verifications" v
    WHERE v."connection_id" = c."id" AND v."status" = c."status"
      AND v."started_at" > coalesce((SELECT max(w."started_at") FROM "verifications" w WHERE w."connection_id" = c."id" AND w."status" <> c."status"), '-infinity')),
  c."last_checked_at", c."created_at");
--> statement-breakpoint
-- Every writer of a status (verifications, removal, registration, stack updates) moves "since" with it, without having to remember to.
CREATE FUNCTION "connections_status_since"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW."status_since" := coalesce(NEW."status_since", now());
  ELSIF NEW."status" IS DISTINCT FROM OLD."status" THEN
    NEW."status_since" := now();
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "connections_status_since" BEFORE INSERT OR UPDATE OF "status" ON "connections" FOR EACH ROW EXECUTE FUNCTION "connections_status_since"();
