-- Every organisation's current External ID is an issued one.
INSERT INTO "external_ids" ("external_id", "organization_id", "created_at")
SELECT "external_id", "id", "created_at" FROM "organizations"
ON CONFLICT DO NOTHING;
