-- Idempotent (IF [NOT] EXISTS): a draft of this migration was applied to some development databases.
DROP INDEX IF EXISTS "connections_status_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "verifications_started_idx";--> statement-breakpoint
ALTER TABLE "verifications" ADD COLUMN IF NOT EXISTS "external_id" text;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "connections_last_checked_idx" ON "connections" USING btree (coalesce(last_checked_at, '-infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "connections_status_checked_idx" ON "connections" USING btree ("status",coalesce(last_checked_at, '-infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "connections_organization_checked_idx" ON "connections" USING btree ("organization_id",coalesce(last_checked_at, '-infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "connections_role_arn_trgm_idx" ON "connections" USING gin ("role_arn" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "organizations_name_idx" ON "organizations" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "organizations_name_trgm_idx" ON "organizations" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "verifications_started_status_idx" ON "verifications" USING btree ("started_at","status");