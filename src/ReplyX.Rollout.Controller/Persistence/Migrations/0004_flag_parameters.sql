-- The phase's parameters travel with its flag, so the workload's treatment path runs with the numbers the phase
-- declares (IVF probes, pool sizes).
ALTER TABLE rollout.flags
    ADD COLUMN parameters jsonb NOT NULL DEFAULT '{}'::jsonb;
