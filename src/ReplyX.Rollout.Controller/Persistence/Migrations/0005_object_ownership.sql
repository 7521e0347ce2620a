-- What each step found under the names its statements use, before it ran (issue: a phase owns only what it
-- created). run_objects is the run's ledger: one row per object, from the first step that named it; a rollback
-- may drop, alter or rename only what the ledger says the run owns. step_ownership keeps each step's findings
-- (both definitions when an object already existed), so a resumed step acts on what was seen before its first try.
CREATE TABLE rollout.run_objects (
    run_id         uuid        NOT NULL REFERENCES rollout.runs (id),
    object_kind    text        NOT NULL,
    name           text        NOT NULL,
    table_name     text        NOT NULL DEFAULT '',
    ordinal        integer     NOT NULL,
    step_kind      text        NOT NULL,
    existed_before boolean     NOT NULL,
    action         text        NOT NULL CHECK (action IN ('created', 'adopted', 'replaced-invalid', 'refused', 'referenced')),
    definition     text,
    intended       text,
    recorded_at    timestamptz NOT NULL,
    PRIMARY KEY (run_id, object_kind, name, table_name)
);

CREATE TABLE rollout.step_ownership (
    run_id      uuid        NOT NULL REFERENCES rollout.runs (id),
    kind        text        NOT NULL,
    ordinal     integer     NOT NULL,
    findings    jsonb       NOT NULL,
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (run_id, kind, ordinal)
);
