using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using ReplyX.Rollout.Controller.Requests;
using ReplyX.Rollout.Core.Rollouts;

namespace ReplyX.Rollout.Controller.Rollouts;

/// <summary>How a <see cref="RolloutRun"/> maps to its row in <c>rollout.runs</c>: the columns read, the row locked, the row written.</summary>
internal static class RunRows
{
    public const string Columns =
        """
        id, phase_id, flag, state, stage_index, percentage, phase_yaml, overrides, created_at, updated_at, state_entered_at,
        stage_started_at, finished_at, paused_from, requested_action, awaiting_approval, approved_at, reason, trace_parent,
        backup, touched_tables, row_counts_before, baseline, analysis, marks::text, target_identity::text,
        flag_baseline::text, criteria_evidence::text, success_criteria::text
        """;

    public static async Task<RolloutRun?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM rollout.runs WHERE id = $1 FOR UPDATE", connection, transaction);
        command.Parameters.AddWithValue(id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public static async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RolloutRun run, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            UPDATE rollout.runs SET state = $2, stage_index = $3, percentage = $4, updated_at = $5, state_entered_at = $6,
                stage_started_at = $7, finished_at = $8, paused_from = $9, requested_action = $10, awaiting_approval = $11,
                approved_at = $12, reason = $13, backup = $14::jsonb, row_counts_before = $15::jsonb, baseline = $16::jsonb, analysis = $17::jsonb,
                marks = $18::jsonb, target_identity = $19::jsonb, flag_baseline = $20::jsonb, criteria_evidence = $21::jsonb, success_criteria = $22::jsonb
            WHERE id = $1
            """, connection, transaction);
        command.Parameters.AddWithValue(run.Id);
        command.Parameters.AddWithValue(run.State.ToString());
        command.Parameters.AddWithValue(run.StageIndex);
        command.Parameters.AddWithValue(run.Percentage);
        command.Parameters.AddWithValue(run.UpdatedAt);
        command.Parameters.AddWithValue(run.StateEnteredAt);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = run.StageStartedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = run.FinishedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.AddWithValue((object?)run.PausedFrom?.ToString() ?? DBNull.Value);
        command.Parameters.AddWithValue((object?)run.RequestedAction?.Name() ?? DBNull.Value);
        command.Parameters.AddWithValue(run.AwaitingApproval);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = run.ApprovedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.AddWithValue((object?)run.Reason ?? DBNull.Value);
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = run.BackupJson, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = run.RowCountsBeforeJson, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = run.BaselineJson, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = run.AnalysisJson, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.AddWithValue(JsonSerializer.Serialize(run.Marks, RolloutStore.Json));
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = run.TargetIdentityJson, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = run.FlagBaselineJson, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = run.CriteriaEvidenceJson, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = run.SuccessCriteriaJson, NpgsqlDbType = NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static RolloutRun Read(NpgsqlDataReader r) => new()
    {
        Id = r.GetGuid(0),
        PhaseId = r.GetString(1),
        Flag = r.GetString(2),
        State = Enum.Parse<RolloutState>(r.GetString(3)),
        StageIndex = r.GetInt32(4),
        Percentage = r.GetInt32(5),
        PhaseYaml = r.GetString(6),
        Overrides = JsonSerializer.Deserialize<RunOverrides>(r.GetString(7), RolloutStore.Json) ?? new RunOverrides(),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(8),
        UpdatedAt = r.GetFieldValue<DateTimeOffset>(9),
        StateEnteredAt = r.GetFieldValue<DateTimeOffset>(10),
        StageStartedAt = r.IsDBNull(11) ? null : r.GetFieldValue<DateTimeOffset>(11),
        FinishedAt = r.IsDBNull(12) ? null : r.GetFieldValue<DateTimeOffset>(12),
        PausedFrom = r.IsDBNull(13) ? null : Enum.Parse<RolloutState>(r.GetString(13)),
        RequestedAction = RequestPolicy.Parse(r.IsDBNull(14) ? null : r.GetString(14)),
        AwaitingApproval = r.GetBoolean(15),
        ApprovedAt = r.IsDBNull(16) ? null : r.GetFieldValue<DateTimeOffset>(16),
        Reason = r.IsDBNull(17) ? null : r.GetString(17),
        TraceParent = r.IsDBNull(18) ? null : r.GetString(18),
        BackupJson = r.IsDBNull(19) ? null : r.GetString(19),
        TouchedTables = r.GetFieldValue<string[]>(20),
        RowCountsBeforeJson = r.IsDBNull(21) ? null : r.GetString(21),
        BaselineJson = r.IsDBNull(22) ? null : r.GetString(22),
        AnalysisJson = r.IsDBNull(23) ? null : r.GetString(23),
        Marks = JsonSerializer.Deserialize<RunMarks>(r.GetString(24), RolloutStore.Json) ?? new RunMarks(),
        TargetIdentityJson = r.IsDBNull(25) ? null : r.GetString(25),
        FlagBaselineJson = r.IsDBNull(26) ? null : r.GetString(26),
        CriteriaEvidenceJson = r.IsDBNull(27) ? null : r.GetString(27),
        SuccessCriteriaJson = r.IsDBNull(28) ? null : r.GetString(28),
    };
}
