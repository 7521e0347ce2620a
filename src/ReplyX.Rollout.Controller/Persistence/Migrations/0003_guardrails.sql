-- The pre-phase latency baseline (a serialized exponential histogram) and the latest guardrail verdicts of a run.
ALTER TABLE rollout.runs
    ADD COLUMN baseline jsonb,
    ADD COLUMN analysis jsonb;
