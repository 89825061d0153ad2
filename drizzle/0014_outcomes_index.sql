DROP INDEX "verifications_started_status_idx";--> statement-breakpoint
CREATE INDEX "verifications_started_status_idx" ON "verifications" USING btree ("started_at","status","inconclusive");