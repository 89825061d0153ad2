-- Trigram indexes make substring search (ILIKE '%…%') on role ARNs and organisation names use an index.
-- pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it; PGlite loads it in lib/db/client.ts.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
