-- The controller's durable state. Nothing that matters lives only in memory: a run, each of its steps and
-- every event that moved it are rows here, written in the same transaction as the change they describe.
CREATE TABLE rollout.runs (
    id            uuid        PRIMARY KEY,
    phase_id      text        NOT NULL,
    flag          text        NOT NULL,
    state         text        NOT NULL,
    stage_index   integer     NOT NULL DEFAULT -1,
    percentage    integer     NOT NULL DEFAULT 0 CHECK (percentage BETWEEN 0 AND 100),
    phase_yaml    text        NOT NULL,
    overrides     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    state_entered_at timestamptz NOT NULL,
    finished_at   timestamptz,
    reason        text
);

-- One active run per flag: the database, not the controller's memory, refuses a second one.
CREATE UNIQUE INDEX runs_one_active_per_flag ON rollout.runs (flag)
    WHERE state NOT IN ('Completed', 'RolledBack', 'Failed');

CREATE TABLE rollout.run_steps (
    run_id      uuid        NOT NULL REFERENCES rollout.runs (id),
    kind        text        NOT NULL CHECK (kind IN ('expand', 'contract', 'rollback')),
    ordinal     integer     NOT NULL,
    name        text        NOT NULL,
    status      text        NOT NULL,
    attempts    integer     NOT NULL DEFAULT 0,
    started_at  timestamptz,
    finished_at timestamptz,
    detail      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    PRIMARY KEY (run_id, kind, ordinal)
);

CREATE TABLE rollout.run_events (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id      uuid        NOT NULL REFERENCES rollout.runs (id),
    at          timestamptz NOT NULL,
    from_state  text,
    to_state    text,
    kind        text        NOT NULL,
    reason      text        NOT NULL,
    readings    jsonb       NOT NULL DEFAULT '{}'::jsonb
);

CREATE INDEX run_events_by_run ON rollout.run_events (run_id, id);
