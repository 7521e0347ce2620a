using Microsoft.Extensions.Logging;
using Npgsql;
using ReplyX.Rollout.Primitives.Migrations;

namespace ReplyX.Rollout.Core.Execution;

/// <summary>
/// The controller's journal inside the target database (schema <c>replyx_rollout</c>). A transactional step's
/// journal row commits in the same transaction as its DDL, so a step can never be applied twice, whatever the
/// controller's own database recorded before a crash.
/// </summary>
public static class TargetJournal
{
    public const string HistoryTable = "replyx_rollout.schema_migrations";

    public static readonly IReadOnlyList<SqlMigration> Migrations =
    [
        new(1, "applied_steps",
            """
            CREATE TABLE IF NOT EXISTS replyx_rollout.applied_steps (
                run_id     uuid        NOT NULL,
                kind       text        NOT NULL,
                ordinal    integer     NOT NULL,
                name       text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (run_id, kind, ordinal)
            );
            """),
    ];

    public static Task<IReadOnlyList<int>> EnsureAsync(NpgsqlDataSource target, ILogger<SqlMigrator> logger, CancellationToken cancellationToken) =>
        new SqlMigrator(target, logger).MigrateAsync(HistoryTable, Migrations, cancellationToken);

    /// <summary>Claims the step's journal slot; false when it is already applied (a concurrent claim waits for the other to finish).</summary>
    public static async Task<bool> TryClaimAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, StepRequest step, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO replyx_rollout.applied_steps (run_id, kind, ordinal, name) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            connection, transaction);
        command.Parameters.AddWithValue(step.RunId);
        command.Parameters.AddWithValue(step.Kind);
        command.Parameters.AddWithValue(step.Ordinal);
        command.Parameters.AddWithValue(step.Name);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public static async Task<bool> IsAppliedAsync(NpgsqlConnection connection, StepRequest step, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM replyx_rollout.applied_steps WHERE run_id = $1 AND kind = $2 AND ordinal = $3)", connection);
        command.Parameters.AddWithValue(step.RunId);
        command.Parameters.AddWithValue(step.Kind);
        command.Parameters.AddWithValue(step.Ordinal);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>How many times the journal says a step was applied (the tests' "never twice").</summary>
    public static async Task<long> CountAsync(NpgsqlDataSource target, Guid runId, CancellationToken cancellationToken)
    {
        await using var command = target.CreateCommand("SELECT count(*) FROM replyx_rollout.applied_steps WHERE run_id = $1");
        command.Parameters.AddWithValue(runId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
