-- What the guardrails saw at each look of a ramp, per variant (treatment, control, all traffic): the report's chart
-- is drawn from these rows, so a past run's chart needs no metrics store (which keeps 30 minutes).
CREATE TABLE rollout.run_looks (
    run_id      uuid        NOT NULL REFERENCES rollout.runs (id),
    at          timestamptz NOT NULL,
    stage_index integer     NOT NULL,
    percentage  integer     NOT NULL,
    variant     text        NOT NULL CHECK (variant IN ('treatment', 'control', 'all')),
    samples     bigint      NOT NULL,
    p95_ms      double precision,
    exceedances double precision NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, at, variant)
);
