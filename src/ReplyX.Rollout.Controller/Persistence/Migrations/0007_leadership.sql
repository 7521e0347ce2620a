-- One leader means one writer. Winning the advisory lock takes the next epoch (a term that only grows); the leader
-- renews its lease through the lock's own session. Every state write of the engine checks, in its transaction,
-- that its epoch is still the current one (fencing), so a deposed leader that wakes up (a frozen process, a long
-- pause) cannot write anything. Events say which epoch wrote them.
CREATE TABLE rollout.leadership (
    id          boolean     PRIMARY KEY DEFAULT true CHECK (id),
    epoch       bigint      NOT NULL,
    holder      text        NOT NULL,
    lock_pid    integer     NOT NULL,
    acquired_at timestamptz NOT NULL,
    renewed_at  timestamptz NOT NULL
);

ALTER TABLE rollout.run_events
    ADD COLUMN epoch bigint;
