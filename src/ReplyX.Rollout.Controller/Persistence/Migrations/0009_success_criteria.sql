-- Verdicts: the flag's own requests before the phase (the p95 criterion's baseline), the evidence the success
-- criteria were judged on, and their results (criterion, measure, target, measured, verdict, reason).
ALTER TABLE rollout.runs
    ADD COLUMN flag_baseline     jsonb,
    ADD COLUMN criteria_evidence jsonb,
    ADD COLUMN success_criteria  jsonb;
