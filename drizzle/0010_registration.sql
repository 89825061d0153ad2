CREATE TYPE "public"."registration_request_status" AS ENUM('pending', 'answered', 'failed');--> statement-breakpoint
ALTER TYPE "public"."verification_trigger" ADD VALUE 'registration';--> statement-breakpoint
CREATE TABLE "registration_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sns_message_id" text NOT NULL,
	"topic_arn" text NOT NULL,
	"region" text NOT NULL,
	"request_type" text NOT NULL,
	"stack_id" text NOT NULL,
	"request_id" text NOT NULL,
	"logical_resource_id" text NOT NULL,
	"resource_type" text NOT NULL,
	"response_url" text NOT NULL,
	"physical_resource_id" text,
	"properties" jsonb NOT NULL,
	"old_properties" jsonb,
	"token_id" uuid,
	"status" "registration_request_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"put_attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"response" jsonb,
	"connection_id" uuid,
	"last_error" text,
	"last_status_code" integer,
	"answered_at" timestamp with time zone,
	"received_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registration_requests_sns_message_id_unique" UNIQUE("sns_message_id")
);
--> statement-breakpoint
CREATE TABLE "registration_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "registration_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "registration_requests" ADD CONSTRAINT "registration_requests_token_id_registration_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."registration_tokens"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_requests" ADD CONSTRAINT "registration_requests_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_tokens" ADD CONSTRAINT "registration_tokens_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_tokens" ADD CONSTRAINT "registration_tokens_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "registration_requests_stack_request_key" ON "registration_requests" USING btree ("stack_id","request_id");--> statement-breakpoint
CREATE INDEX "registration_requests_due_idx" ON "registration_requests" USING btree ("next_attempt_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "registration_requests_stack_idx" ON "registration_requests" USING btree ("stack_id");--> statement-breakpoint
CREATE UNIQUE INDEX "registration_tokens_live_key" ON "registration_tokens" USING btree ("organization_id") WHERE revoked_at is null;