-- The database a run pinned at preflight (cluster system identifier, database name and OID, version, size,
-- environment): every later pass and every DDL connection checks it, so a run never changes another database.
ALTER TABLE rollout.runs
    ADD COLUMN target_identity jsonb;
