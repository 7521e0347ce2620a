-- The continuous risk monitor: each rule's current status (clear, firing, unknown) with its last reading and last
-- alert, and what it must remember between ticks (the slow-query baseline and counters), so a new leader carries
-- on the same episodes; and every alert and resolution it sent.
CREATE TABLE rollout.risk_state (
    rule_id      text        PRIMARY KEY,
    risk         text        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('clear', 'firing', 'unknown')),
    since        timestamptz NOT NULL,
    last_value   double precision,
    last_detail  text        NOT NULL,
    last_at      timestamptz NOT NULL,
    last_alert   text,
    last_alert_at timestamptz,
    memory       jsonb       NOT NULL DEFAULT '{}'::jsonb
);

CREATE TABLE rollout.risk_alerts (
    id      bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rule_id text        NOT NULL,
    risk    text        NOT NULL,
    kind    text        NOT NULL CHECK (kind IN ('alert', 'resolved')),
    at      timestamptz NOT NULL,
    text    text        NOT NULL,
    reading jsonb       NOT NULL DEFAULT '{}'::jsonb
);

CREATE INDEX risk_alerts_by_time ON rollout.risk_alerts (at);
