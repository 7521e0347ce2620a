using System.Globalization;
using Npgsql;
using ReplyX.Rollout.Core.Execution;
using ReplyX.Rollout.Core.Lint;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Core.Backfills;

/// <summary>
/// Walks a backfill's table in keyset order of its key, one short transaction per batch with its own timeouts: the
/// batch's UPDATE, a look at who waits on its row locks, and the step's journal row (last key done, rows, batches)
/// committed together after a fence check, so a killed controller resumes at the next batch and never redoes or skips
/// one, and a deposed leader cannot write a batch. Between batches it reads the evidence (replication lag, all-traffic
/// p95, stop requests) and lets <see cref="BackfillThrottle"/> set the pace. After the last batch it checks a sample.
/// </summary>
public sealed class BackfillRunner(BackfillSpec spec, StepRequest step, long epoch, TimeProvider time, IBackfillObserver? observer, double p95Limit)
{
    public const int BatchesPerReport = 100;
    private static readonly TimeSpan SignalInterval = TimeSpan.FromSeconds(1);

    public async Task<BackfillProgress> RunAsync(NpgsqlConnection connection, IProgress<StepProgress>? progress, CancellationToken cancellationToken)
    {
        var key = await BackfillKey.ResolveAsync(connection, spec.Table, spec.Key, cancellationToken);
        var highWater = await HighWaterAsync(connection, key, cancellationToken);
        var (lastKey, scanned, updated, batches) = await BackfillJournal.ReadAsync(connection, step, cancellationToken);
        var estimate = await EstimateAsync(connection, cancellationToken);
        var throttle = new BackfillThrottle(spec, p95Limit);
        var started = time.GetTimestamp();
        var scannedHere = 0L;
        var lockTimeouts = 0;
        var signal = BackfillSignal.None;
        var fresh = false;
        long? signalAt = null;
        var reportedAt = time.GetUtcNow();
        string? lastChange = null;
        BackfillProgress Progress() => new(scanned, updated, Math.Max(estimate, scanned), batches,
            scannedHere / Math.Max(0.001, time.GetElapsedTime(started).TotalSeconds), throttle.BatchSize, throttle.Pause, lastKey) { Throttle = lastChange };

        while (highWater is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TimeSpan? lag = null;
            if (signalAt is null || time.GetElapsedTime(signalAt.Value) >= SignalInterval)
            {
                signalAt = time.GetTimestamp();
                signal = observer is null ? BackfillSignal.None : await observer.ReadAsync(cancellationToken);
                lag = await ReplicationLagAsync(connection, cancellationToken);
                fresh = true;
                if (signal.Stop is { } stop)
                {
                    throw new BackfillStoppedException($"stopped at a batch boundary after {scanned:N0} rows: {stop}");
                }
            }

            var batchStarted = time.GetTimestamp();
            Batch batch;
            try
            {
                batch = await RunBatchAsync(connection, key, lastKey, highWater, throttle.BatchSize, cancellationToken);
                lockTimeouts = 0;
            }
            catch (PostgresException exception) when (PostgresErrors.IsLockTimeout(exception) && ++lockTimeouts <= Math.Max(1, step.Retries))
            {
                await ChangeAsync(throttle.LockTimedOut(step.LockTimeout));
                await Task.Delay(throttle.Pause, time, cancellationToken);
                continue;
            }

            scanned += batch.Scanned;
            scannedHere += batch.Scanned;
            updated += batch.Updated;
            batches += batch.Scanned > 0 ? 1 : 0;
            lastKey = batch.LastKey ?? lastKey;
            progress?.Report(new StepProgress(step.Sql, "backfill", 0, 0, scanned, Math.Max(estimate, scanned), []) { Backfill = Progress() });
            if (observer is not null && batches % BatchesPerReport == 0)
            {
                await observer.BatchesAsync(Progress(), reportedAt, cancellationToken);
                reportedAt = time.GetUtcNow();
            }

            if (batch.Scanned < throttle.BatchSize)
            {
                break;
            }

            await ChangeAsync(throttle.Next(new BatchObservation(time.GetElapsedTime(batchStarted), batch.Waiters, batch.LongestWait, lag, signal.P95Ratio, fresh)));
            fresh = false;
            if (throttle.Failure is { } failure)
            {
                throw new BackfillStoppedException($"stopped at a batch boundary after {scanned:N0} rows: {failure}");
            }

            if (throttle.Pause > TimeSpan.Zero)
            {
                await Task.Delay(throttle.Pause, time, cancellationToken);
            }
        }

        if (observer is not null)
        {
            await observer.BatchesAsync(Progress(), reportedAt, cancellationToken);
        }

        await CheckAsync(connection, key, cancellationToken);
        return Progress();

        async Task ChangeAsync(ThrottleChange? change)
        {
            if (change is not null)
            {
                lastChange = (change.SlowedDown ? "slowed down: " : "sped up: ") + change.Reason;
                if (observer is not null)
                {
                    await observer.ThrottledAsync(change, Progress(), cancellationToken);
                }
            }
        }
    }

    private async Task<Batch> RunBatchAsync(NpgsqlConnection connection, BackfillKey key, string? lastKey, string? highWater, int size, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await Execute(connection, transaction, StepExecutor.TimeoutSql(step, local: true), cancellationToken);
        await TargetJournal.CheckFenceAsync(connection, transaction, epoch, cancellationToken);

        var after = (lastKey is null ? "true" : $"{key.Quoted} > $1::{key.Type}") + $" AND {key.Quoted} <= $3::{key.Type}";
        var where = spec.Where is null ? "" : $" AND ({spec.Where})";
        await using var command = new NpgsqlCommand(
            $"""
            WITH batch AS (SELECT {key.Quoted} AS k FROM {spec.Table} WHERE {after} ORDER BY {key.Quoted} LIMIT $2),
                 bounds AS (SELECT max(k) AS last, count(*) AS n FROM batch),
                 done AS (UPDATE {spec.Table} SET {spec.Set}
                          WHERE {after} AND {key.Quoted} <= (SELECT last FROM bounds){where} RETURNING 1)
            SELECT (SELECT last::text FROM bounds), (SELECT n FROM bounds), (SELECT count(*) FROM done)
            """, connection, transaction) { CommandTimeout = 0 };
        command.Parameters.AddWithValue(lastKey ?? "");
        command.Parameters.AddWithValue(size);
        command.Parameters.AddWithValue(highWater ?? "");
        Batch batch;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            batch = new Batch(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), 0, 0);
        }

        // Every row lock of the batch is held now, until the commit: whoever waits on one is waiting on this batch.
        await using (var waiters = new NpgsqlCommand(
            """
            SELECT count(*)::int, coalesce(max(extract(epoch FROM clock_timestamp() - a.query_start)), 0)::float8
            FROM pg_stat_activity a WHERE pg_backend_pid() = ANY(pg_blocking_pids(a.pid))
            """, connection, transaction))
        await using (var reader = await waiters.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            batch = batch with { Waiters = reader.GetInt32(0), LongestWait = reader.GetDouble(1) };
        }

        if (batch.Scanned > 0)
        {
            await BackfillJournal.SaveAsync(connection, transaction, step, epoch, batch.LastKey!, batch.Scanned, batch.Updated, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return batch;
    }

    /// <summary>
    /// The sampled check: every assigned column must equal its expression on a sample of the table's rows (a row-level
    /// BERNOULLI sample sized for about <c>check</c> rows, uniform over the table however its pages are filled; the whole
    /// table when it is small). A row out of step fails the step.
    /// </summary>
    private async Task CheckAsync(NpgsqlConnection connection, BackfillKey key, CancellationToken cancellationToken)
    {
        if (spec.CheckSample == 0)
        {
            return;
        }

        var estimate = Math.Max(1, await EstimateAsync(connection, cancellationToken));
        var percent = Math.Clamp(spec.CheckSample * 100.0 / estimate, 0.0001, 100);
        var same = string.Join(" AND ", BackfillSection.Assignments(spec.Set)!.Select(a => $"{SqlIdentifier.Quote(a.Column)} IS NOT DISTINCT FROM ({a.Expression})"));
        var sample = percent >= 100 ? spec.Table : $"{spec.Table} TABLESAMPLE BERNOULLI ({percent.ToString("0.######", CultureInfo.InvariantCulture)})";
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await Execute(connection, transaction, StepExecutor.TimeoutSql(step, local: true), cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT count(*), count(*) FILTER (WHERE NOT ok), (array_agg(k) FILTER (WHERE NOT ok))[1:5]
            FROM (SELECT {key.Quoted}::text AS k, ({same}) AS ok FROM {sample}) s
            """, connection, transaction) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (checkedRows, wrong) = (reader.GetInt64(0), reader.GetInt64(1));
        if (wrong > 0)
        {
            var examples = reader.GetFieldValue<string[]>(2);
            throw new BackfillStoppedException(
                $"check failed: {wrong:N0} of {checkedRows:N0} sampled rows of {spec.Table} are out of step with '{spec.Set}' ({key.Column} {string.Join(", ", examples)})");
        }
    }

    /// <summary>
    /// The highest key when the walk starts (or resumes): its end. Rows inserted after it are the writers' (and the sync
    /// trigger's) to fill; chasing them, a walk slower than the inserts would never end. The check after the walk samples them too.
    /// </summary>
    private async Task<string?> HighWaterAsync(NpgsqlConnection connection, BackfillKey key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT max({key.Quoted})::text FROM {spec.Table}", connection);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private async Task<long> EstimateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass($1)", connection);
        command.Parameters.AddWithValue(spec.Table);
        var estimate = await command.ExecuteScalarAsync(cancellationToken) as long? ?? -1;
        if (estimate >= 0)
        {
            return estimate;
        }

        // Never analysed: count once (the walk's own progress needs a denominator).
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM {spec.Table}", connection);
        return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<TimeSpan?> ReplicationLagAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT max(extract(epoch FROM replay_lag))::float8 FROM pg_stat_replication", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is double seconds ? TimeSpan.FromSeconds(seconds) : null;
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record Batch(string? LastKey, long Scanned, long Updated, int Waiters, double LongestWait);
}
