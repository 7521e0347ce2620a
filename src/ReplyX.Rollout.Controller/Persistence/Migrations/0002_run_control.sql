-- What the engine needs to resume a run exactly where it was: the stage clock, a pause's origin, a human's
-- pending request, the approval, the trace the run belongs to, and the verified backup level 3 restores.
ALTER TABLE rollout.runs
    ADD COLUMN stage_started_at timestamptz,
    ADD COLUMN paused_from      text,
    ADD COLUMN requested_action text CHECK (requested_action IN ('pause', 'abort')),
    ADD COLUMN awaiting_approval boolean NOT NULL DEFAULT false,
    ADD COLUMN approved_at      timestamptz,
    ADD COLUMN trace_parent     text,
    ADD COLUMN backup           jsonb,
    ADD COLUMN touched_tables   text[] NOT NULL DEFAULT '{}',
    ADD COLUMN row_counts_before jsonb;

-- The percentage each phase flag serves, written with the run's transitions (the controller is its source of truth).
CREATE TABLE rollout.flags (
    flag       text        PRIMARY KEY,
    percentage integer     NOT NULL CHECK (percentage BETWEEN 0 AND 100),
    run_id     uuid        REFERENCES rollout.runs (id),
    updated_at timestamptz NOT NULL
);
