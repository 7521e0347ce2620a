-- The shared evidence: what every replica received over OTLP, one row per replica flush, second and series. Any
-- replica writes, every replica reads (the leader's guardrails see all of it); a restarted controller reloads it.
-- kind: latency (a delta histogram: scale, zero_count, sum, dense bucket counts from bucket_offset), pending / cpu
-- (value), received (value = receive time in ticks since the Unix epoch).
CREATE TABLE rollout.metric_points (
    id            bigint           GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    inserted_at   timestamptz      NOT NULL DEFAULT clock_timestamp(),
    second        bigint           NOT NULL,
    kind          text             NOT NULL CHECK (kind IN ('latency', 'pending', 'cpu', 'received')),
    flag          text             NOT NULL DEFAULT '',
    variant       text             NOT NULL DEFAULT '',
    route         text             NOT NULL DEFAULT '',
    error         boolean          NOT NULL DEFAULT false,
    scale         integer          NOT NULL DEFAULT 0,
    zero_count    bigint           NOT NULL DEFAULT 0,
    sum           double precision NOT NULL DEFAULT 0,
    bucket_offset integer          NOT NULL DEFAULT 0,
    counts        bigint[]         NOT NULL DEFAULT '{}',
    value         double precision NOT NULL DEFAULT 0,
    replica       text             NOT NULL
);
CREATE INDEX metric_points_inserted_at ON rollout.metric_points (inserted_at);
