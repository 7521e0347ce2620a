-- What the engine has seen between transitions (settling since, steps verified, a hold reported): kept on the run
-- so a restarted controller or a new leader continues where the last pass stopped.
ALTER TABLE rollout.runs
    ADD COLUMN marks jsonb NOT NULL DEFAULT '{}'::jsonb;
