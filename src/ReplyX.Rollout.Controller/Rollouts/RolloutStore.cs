using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using ReplyX.Rollout.Controller.Leadership;
using ReplyX.Rollout.Controller.Requests;
using ReplyX.Rollout.Core.Phases;
using ReplyX.Rollout.Core.Rollouts;

namespace ReplyX.Rollout.Controller.Rollouts;

/// <summary>
/// The runs, their steps and events in the controller's schema. Every transition locks the run's row, checks the
/// transition table, updates the run and appends its event in one transaction: a crash loses nothing.
/// </summary>
public sealed class RolloutStore(NpgsqlDataSource dataSource, TimeProvider time, Engine.RunPhases phases, WriterFence fence)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public async Task<RolloutRun> CreateAsync(RolloutRun run, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Serializes creations so the touched-table check below cannot race another start.
        await Execute(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext('rollout.runs.create'))", cancellationToken);

        await using (var conflict = new NpgsqlCommand(
            """
            SELECT id, phase_id, flag, flag <> $1 FROM rollout.runs
            WHERE state <> ALL($3) AND (flag = $1 OR touched_tables && $2)
            LIMIT 1
            """, connection, transaction))
        {
            conflict.Parameters.AddWithValue(run.Flag);
            conflict.Parameters.AddWithValue(run.TouchedTables.ToArray());
            conflict.Parameters.AddWithValue(RolloutStateExtensions.Terminal.Names());
            await using var reader = await conflict.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                throw new RolloutConflictException(reader.GetBoolean(3)
                    ? $"run {reader.GetGuid(0)} of phase '{reader.GetString(1)}' is active on a table this phase touches; one rollout per table at a time."
                    : $"run {reader.GetGuid(0)} of phase '{reader.GetString(1)}' is active on flag '{run.Flag}'; one rollout per flag at a time.");
            }
        }

        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO rollout.runs (id, phase_id, flag, state, phase_yaml, overrides, created_at, updated_at, state_entered_at, trace_parent, touched_tables)
            VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $7, $7, $8, $9)
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue(run.Id);
            insert.Parameters.AddWithValue(run.PhaseId);
            insert.Parameters.AddWithValue(run.Flag);
            insert.Parameters.AddWithValue(run.State.ToString());
            insert.Parameters.AddWithValue(run.PhaseYaml);
            insert.Parameters.AddWithValue(JsonSerializer.Serialize(run.Overrides, Json));
            insert.Parameters.AddWithValue(run.CreatedAt);
            insert.Parameters.AddWithValue((object?)run.TraceParent ?? DBNull.Value);
            insert.Parameters.AddWithValue(run.TouchedTables.ToArray());
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await InsertEvent(connection, transaction, run.Id, null, run.State, "created",
            run.Overrides.IsEmpty ? $"rollout of phase '{run.PhaseId}' requested" : $"rollout of phase '{run.PhaseId}' requested with overrides ({DescribeOverrides(run.Overrides)})",
            new { overrides = run.Overrides }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await GetAsync(run.Id, cancellationToken))!;
    }

    public async Task<RolloutRun?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {RunRows.Columns} FROM rollout.runs WHERE id = $1");
        command.Parameters.AddWithValue(id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? RunRows.Read(reader) : null;
    }

    public async Task<IReadOnlyList<RolloutRun>> ListAsync(bool activeOnly, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {RunRows.Columns} FROM rollout.runs WHERE NOT $2 OR state <> ALL($3) ORDER BY created_at DESC, id LIMIT $1");
        command.Parameters.AddWithValue(limit);
        command.Parameters.AddWithValue(activeOnly);
        command.Parameters.AddWithValue(RolloutStateExtensions.Terminal.Names());
        var runs = new List<RolloutRun>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(RunRows.Read(reader));
        }

        return runs;
    }

    /// <summary>
    /// Moves a run from <paramref name="expected"/> to <paramref name="to"/>, applying <paramref name="change"/> to the other
    /// columns, and records the event. Throws <see cref="InvalidRolloutTransitionException"/> for an illegal move and
    /// returns null when the run is no longer in the expected state (another actor got there first). With
    /// <paramref name="yieldToRequest"/> (the engine's own moves) it also returns null while a human's pause or abort
    /// waits that <see cref="RequestPolicy"/> would honour now: the request is acted on first, never overtaken.
    /// </summary>
    public async Task<RolloutRun?> TransitionAsync(
        Guid id, RolloutState expected, RolloutState to, string reason, object? readings, Func<RolloutRun, RolloutRun>? change, CancellationToken cancellationToken,
        bool yieldToRequest = false)
    {
        RolloutTransitions.Ensure(expected, to);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await fence.CheckAsync(connection, transaction, cancellationToken);
        var current = await RunRows.LockAsync(connection, transaction, id, cancellationToken);
        if (current is null || current.State != expected
            || (yieldToRequest && current.RequestedAction is { } waiting && RequestPolicy.Decide(current.State, current.PausedFrom, waiting).Honoured))
        {
            return null;
        }

        var now = time.GetUtcNow();
        var next = (change?.Invoke(current) ?? current) with
        {
            State = to,
            UpdatedAt = now,
            StateEnteredAt = to == current.State ? current.StateEnteredAt : now,
            FinishedAt = to.IsTerminal() ? now : null,
            Reason = reason,
        };
        await RunRows.WriteAsync(connection, transaction, next, cancellationToken);
        await InsertEvent(connection, transaction, id, current.State, to, "transition", reason, readings, cancellationToken);
        // Entering Applying claims the flag for this run (at 0%), so gates can route their cohort to the treatment path.
        if (next.Percentage != current.Percentage || to.IsTerminal() || to == RolloutState.Applying)
        {
            await FlagStore.UpsertAsync(connection, transaction, next, phases.For(next).Phase?.Parameters, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return next;
    }

    /// <summary>Changes columns without a transition (a requested pause, an approval), recording why.</summary>
    public async Task<RolloutRun?> UpdateAsync(Guid id, Func<RolloutRun, RolloutRun?> change, string kind, string reason, object? readings, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await fence.CheckAsync(connection, transaction, cancellationToken);
        var current = await RunRows.LockAsync(connection, transaction, id, cancellationToken);
        if (current is null || change(current) is not { } next)
        {
            return null;
        }

        next = next with { UpdatedAt = time.GetUtcNow() };
        await RunRows.WriteAsync(connection, transaction, next, cancellationToken);
        await InsertEvent(connection, transaction, id, null, null, kind, reason, readings, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return next;
    }

    /// <summary>Changes what the engine has seen of a run (<see cref="RunMarks"/>), without an event: marks are not decisions.</summary>
    public async Task MarkAsync(Guid id, Func<RunMarks, RunMarks> change, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await fence.CheckAsync(connection, transaction, cancellationToken);
        if (await RunRows.LockAsync(connection, transaction, id, cancellationToken) is not { } current)
        {
            return;
        }

        await RunRows.WriteAsync(connection, transaction, current with { Marks = change(current.Marks) }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task RecordEventAsync(Guid id, string kind, string reason, object? readings, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await fence.CheckAsync(connection, transaction, cancellationToken);
        await InsertEvent(connection, transaction, id, null, null, kind, reason, readings, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task SaveStepAsync(Guid runId, RunStep step, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await fence.CheckAsync(connection, transaction, cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO rollout.run_steps (run_id, kind, ordinal, name, status, attempts, started_at, finished_at, detail)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)
            ON CONFLICT (run_id, kind, ordinal) DO UPDATE SET
                status = EXCLUDED.status, attempts = EXCLUDED.attempts, started_at = coalesce(rollout.run_steps.started_at, EXCLUDED.started_at),
                finished_at = EXCLUDED.finished_at, detail = EXCLUDED.detail
            """, connection, transaction);
        command.Parameters.AddWithValue(runId);
        command.Parameters.AddWithValue(step.Kind);
        command.Parameters.AddWithValue(step.Ordinal);
        command.Parameters.AddWithValue(step.Name);
        command.Parameters.AddWithValue(step.Status);
        command.Parameters.AddWithValue(step.Attempts);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = step.StartedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = step.FinishedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.AddWithValue(step.DetailJson);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<RunStep>> StepsAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT kind, ordinal, name, status, attempts, started_at, finished_at, detail::text FROM rollout.run_steps
            WHERE run_id = $1 ORDER BY coalesce(started_at, 'infinity'), kind, ordinal
            """);
        command.Parameters.AddWithValue(runId);
        var steps = new List<RunStep>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            steps.Add(new RunStep(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6), reader.GetString(7)));
        }

        return steps;
    }

    public async Task<IReadOnlyList<RunEvent>> EventsAsync(Guid runId, long afterId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, at, from_state, to_state, kind, reason, readings::text FROM rollout.run_events WHERE run_id = $1 AND id > $2 ORDER BY id");
        command.Parameters.AddWithValue(runId);
        command.Parameters.AddWithValue(afterId);
        var events = new List<RunEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new RunEvent(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6)));
        }

        return events;
    }

    public async Task<bool> HasCompletedAsync(string phaseId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM rollout.runs WHERE phase_id = $1 AND state = $2)");
        command.Parameters.AddWithValue(phaseId);
        command.Parameters.AddWithValue(nameof(RolloutState.Completed));
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task InsertEvent(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid runId, RolloutState? from, RolloutState? to, string kind, string reason, object? readings, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO rollout.run_events (run_id, at, from_state, to_state, kind, reason, readings, epoch) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)",
            connection, transaction);
        command.Parameters.AddWithValue(runId);
        command.Parameters.AddWithValue(time.GetUtcNow());
        command.Parameters.AddWithValue((object?)from?.ToString() ?? DBNull.Value);
        command.Parameters.AddWithValue((object?)to?.ToString() ?? DBNull.Value);
        command.Parameters.AddWithValue(kind);
        command.Parameters.AddWithValue(reason);
        command.Parameters.AddWithValue(JsonSerializer.Serialize(readings ?? new { }, Json));
        command.Parameters.Add(new NpgsqlParameter<long?> { TypedValue = fence.Epoch, NpgsqlDbType = NpgsqlDbType.Bigint });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string DescribeOverrides(RunOverrides overrides) => string.Join(", ", new[]
    {
        overrides.Bake is { } bake ? $"bake {Durations.Format(bake)}" : null,
        overrides.MetricsSilence is { } silence ? $"metrics silence {Durations.Format(silence)}" : null,
        overrides.CapacityDuration is { } capacity ? $"capacity duration {Durations.Format(capacity)}" : null,
        overrides.CapacityRate is { } rate ? $"capacity rate {rate.ToString(System.Globalization.CultureInfo.InvariantCulture)}/s" : null,
        overrides.AdvanceOnSamples == true ? "advance on samples: latency tests pass at minSamples without having accepted" : null,
    }.OfType<string>());

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
