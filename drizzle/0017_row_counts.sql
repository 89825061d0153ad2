CREATE TABLE "row_counts" (
	"counter" text NOT NULL,
	"n" bigint NOT NULL
);
--> statement-breakpoint
DROP INDEX "verifications_started_status_idx";--> statement-breakpoint
CREATE INDEX "connections_never_verified_idx" ON "connections" USING btree ("id") WHERE "connections"."status" <> 'disconnected' and not "connections"."draft" and "connections"."last_verified_at" is null;--> statement-breakpoint
CREATE INDEX "connections_active_verified_idx" ON "connections" USING btree ("last_verified_at") WHERE "connections"."status" <> 'disconnected' and not "connections"."draft";--> statement-breakpoint
CREATE INDEX "connections_active_checked_idx" ON "connections" USING btree (coalesce("last_checked_at", "created_at")) WHERE "connections"."status" <> 'disconnected' and not "connections"."draft";--> statement-breakpoint
CREATE FUNCTION "row_counts_add"() RETURNS trigger LANGUAGE plpgsql AS $$
-- Records a statement's net change per counter as new rows: inserts only, so concurrent
-- statements never wait on each other here.
BEGIN
  IF TG_TABLE_NAME = 'connections' THEN
    IF TG_OP = 'INSERT' THEN
      INSERT INTO "row_counts" ("counter", "n")
        SELECT 'connections:' || "status", count(*) FROM "new_rows" WHERE NOT "draft" GROUP BY 1;
    ELSIF TG_OP = 'UPDATE' THEN
      INSERT INTO "row_counts" ("counter", "n")
        SELECT c, sum(d) FROM (
          SELECT 'connections:' || "status" AS c, 1 AS d FROM "new_rows" WHERE NOT "draft"
          UNION ALL
          SELECT 'connections:' || "status", -1 FROM "old_rows" WHERE NOT "draft"
        ) changes GROUP BY c HAVING sum(d) <> 0;
    ELSE
      INSERT INTO "row_counts" ("counter", "n")
        SELECT 'connections:' || "status", -count(*) FROM "old_rows" WHERE NOT "draft" GROUP BY 1;
    END IF;
  ELSIF TG_TABLE_NAME = 'verifications' THEN
    -- Outcomes per UTC day; inconclusive scheduled checks decided nothing and are not outcomes.
    INSERT INTO "row_counts" ("counter", "n")
      SELECT 'outcomes:' || to_char("started_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD') || ':' || "status",
             CASE WHEN TG_OP = 'INSERT' THEN count(*) ELSE -count(*) END
      FROM "changed_rows" WHERE NOT "inconclusive" AND "status" IN ('verified', 'failed', 'insecure') GROUP BY 1;
  ELSE
    INSERT INTO "row_counts" ("counter", "n")
      SELECT TG_TABLE_NAME, CASE WHEN TG_OP = 'INSERT' THEN count(*) ELSE -count(*) END
      FROM "changed_rows" HAVING count(*) > 0;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "row_counts_reset"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "row_counts" WHERE "counter" LIKE CASE TG_TABLE_NAME WHEN 'verifications' THEN 'outcomes:%' WHEN 'connections' THEN 'connections:%' ELSE TG_TABLE_NAME END;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "connections_count_insert" AFTER INSERT ON "connections" REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "row_counts_add"();--> statement-breakpoint
CREATE TRIGGER "connections_count_update" AFTER UPDATE ON "connections" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "row_counts_add"();--> statement-breakpoint
CREATE TRIGGER "connections_count_delete" AFTER DELETE ON "connections" REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "row_counts_add"();--> statement-breakpoint
CREATE TRIGGER "connections_count_truncate" AFTER TRUNCATE ON "connections" FOR EACH STATEMENT EXECUTE FUNCTION "row_counts_reset"();--> statement-breakpoint
CREATE TRIGGER "verifications_count_insert" AFTER INSERT ON "verifications" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "row_counts_add"();--> statement-breakpoint
CREATE TRIGGER "verifications_count_delete" AFTER DELETE ON "verifications" REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "row_counts_add"();--> statement-breakpoint
CREATE TRIGGER "organizations_count_insert" AFTER INSERT ON "organizations" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "row_counts_add"();--> statement-breakpoint
CREATE TRIGGER "organizations_count_delete" AFTER DELETE ON "organizations" REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "row_counts_add"();--> statement-breakpoint
CREATE TRIGGER "verifications_count_truncate" AFTER TRUNCATE ON "verifications" FOR EACH STATEMENT EXECUTE FUNCTION "row_counts_reset"();--> statement-breakpoint
CREATE TRIGGER "organizations_count_truncate" AFTER TRUNCATE ON "organizations" FOR EACH STATEMENT EXECUTE FUNCTION "row_counts_reset"();--> statement-breakpoint
INSERT INTO "row_counts" ("counter", "n") SELECT 'connections:' || "status", count(*) FROM "connections" WHERE NOT "draft" GROUP BY 1;--> statement-breakpoint
INSERT INTO "row_counts" ("counter", "n") SELECT 'organizations', count(*) FROM "organizations";;--> statement-breakpoint
INSERT INTO "row_counts" ("counter", "n")
  SELECT 'outcomes:' || to_char("started_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD') || ':' || "status", count(*)
  FROM "verifications" WHERE NOT "inconclusive" AND "status" IN ('verified', 'failed', 'insecure') GROUP BY 1;
