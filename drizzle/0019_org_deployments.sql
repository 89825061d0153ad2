CREATE TABLE "organization_deployments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"stack_id" text NOT NULL,
	"management_account_id" text NOT NULL,
	"region" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "connections" ADD COLUMN "deployment_id" uuid;--> statement-breakpoint
ALTER TABLE "organization_deployments" ADD CONSTRAINT "organization_deployments_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "organization_deployments_stack_key" ON "organization_deployments" USING btree ("organization_id","stack_id");--> statement-breakpoint
ALTER TABLE "connections" ADD CONSTRAINT "connections_deployment_id_organization_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."organization_deployments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "connections_deployment_idx" ON "connections" USING btree ("deployment_id") WHERE "connections"."deployment_id" is not null;