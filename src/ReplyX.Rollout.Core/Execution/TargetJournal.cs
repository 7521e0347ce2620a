using Microsoft.Extensions.Logging;
using Npgsql;
using ReplyX.Rollout.Primitives.Migrations;

namespace ReplyX.Rollout.Core.Execution;

/// <summary>
/// The controller's journal inside the target database (schema <c>replyx_rollout</c>). A step is claimed here
/// before it runs, with the claiming leader's epoch. A transactional step's row is written in the same transaction
/// as its DDL, so it can never be applied twice; a non-transactional step is claimed first and marked applied after
/// its statements, and a claim interrupted by a crash is taken over by the next attempt. The target also records the
/// newest leader's epoch (<see cref="RaiseFenceAsync"/>): a claim or a mark from an older epoch is refused.
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
        new(2, "claims_and_fence",
            """
            ALTER TABLE replyx_rollout.applied_steps
                ADD COLUMN epoch  bigint NOT NULL DEFAULT 0,
                ADD COLUMN status text   NOT NULL DEFAULT 'applied' CHECK (status IN ('claimed', 'applied'));
            CREATE TABLE replyx_rollout.fence (
                id    boolean PRIMARY KEY DEFAULT true CHECK (id),
                epoch bigint  NOT NULL
            );
            """),
        new(3, "backfill_progress",
            """
            CREATE TABLE replyx_rollout.backfill_progress (
                run_id       uuid        NOT NULL,
                kind         text        NOT NULL,
                ordinal      integer     NOT NULL,
                last_key     text        NOT NULL,
                rows_scanned bigint      NOT NULL,
                rows_updated bigint      NOT NULL,
                batches      integer     NOT NULL,
                epoch        bigint      NOT NULL,
                updated_at   timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (run_id, kind, ordinal)
            );
            """),
    ];

    public static Task<IReadOnlyList<int>> EnsureAsync(NpgsqlDataSource target, ILogger<SqlMigrator> logger, CancellationToken cancellationToken) =>
        new SqlMigrator(target, logger).MigrateAsync(HistoryTable, Migrations, cancellationToken);

    /// <summary>Records a new leader's epoch in the target; from then on claims of older epochs are refused.</summary>
    public static async Task RaiseFenceAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long epoch, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO replyx_rollout.fence (id, epoch) VALUES (true, $1)
            ON CONFLICT (id) DO UPDATE SET epoch = greatest(replyx_rollout.fence.epoch, EXCLUDED.epoch)
            """, connection, transaction);
        command.Parameters.AddWithValue(epoch);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// A transactional step's claim, in its own transaction: false when the step is already applied (a concurrent
    /// claim waits for the other to finish, then learns the truth). Throws when a newer epoch fenced the target.
    /// </summary>
    public static async Task<bool> TryClaimAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StepRequest step, long epoch, CancellationToken cancellationToken)
    {
        await CheckFenceAsync(connection, transaction, epoch, cancellationToken);
        await using var command = new NpgsqlCommand(
            "INSERT INTO replyx_rollout.applied_steps (run_id, kind, ordinal, name, epoch, status) VALUES ($1, $2, $3, $4, $5, 'applied') ON CONFLICT DO NOTHING",
            connection, transaction);
        AddKey(command, step);
        command.Parameters.AddWithValue(epoch);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// A non-transactional step's claim before its first statement: true when this attempt owns the claim (new, or
    /// taken over from an interrupted attempt), false when the step is already applied.
    /// </summary>
    public static async Task<bool> ClaimAsync(NpgsqlConnection connection, StepRequest step, long epoch, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await CheckFenceAsync(connection, transaction, epoch, cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO replyx_rollout.applied_steps AS a (run_id, kind, ordinal, name, epoch, status) VALUES ($1, $2, $3, $4, $5, 'claimed')
            ON CONFLICT (run_id, kind, ordinal) DO UPDATE SET epoch = EXCLUDED.epoch, applied_at = now()
                WHERE a.status = 'claimed' AND a.epoch <= EXCLUDED.epoch
            RETURNING status
            """, connection, transaction);
        AddKey(command, step);
        command.Parameters.AddWithValue(epoch);
        var claimed = await command.ExecuteScalarAsync(cancellationToken) is string;
        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    /// <summary>Marks a claimed non-transactional step applied; throws when the claim was taken by a newer epoch meanwhile.</summary>
    public static async Task MarkAppliedAsync(NpgsqlConnection connection, StepRequest step, long epoch, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var fence = await CheckFenceAsync(connection, transaction, epoch, cancellationToken);
        await using var command = new NpgsqlCommand(
            "UPDATE replyx_rollout.applied_steps SET status = 'applied', applied_at = now() WHERE run_id = $1 AND kind = $2 AND ordinal = $3 AND name = $4 AND epoch = $5 AND status = 'claimed'",
            connection, transaction);
        AddKey(command, step);
        command.Parameters.AddWithValue(epoch);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new StaleEpochException(epoch, Math.Max(fence, epoch + 1));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>How many times the journal says a run's steps were applied (the tests' "never twice").</summary>
    public static async Task<long> CountAsync(NpgsqlDataSource target, Guid runId, CancellationToken cancellationToken)
    {
        await using var command = target.CreateCommand("SELECT count(*) FROM replyx_rollout.applied_steps WHERE run_id = $1 AND status = 'applied'");
        command.Parameters.AddWithValue(runId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    internal static async Task<long> CheckFenceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long epoch, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT epoch FROM replyx_rollout.fence FOR SHARE", connection, transaction);
        var fence = await command.ExecuteScalarAsync(cancellationToken) as long? ?? 0;
        return fence > epoch ? throw new StaleEpochException(epoch, fence) : fence;
    }

    private static void AddKey(NpgsqlCommand command, StepRequest step)
    {
        command.Parameters.AddWithValue(step.RunId);
        command.Parameters.AddWithValue(step.Kind);
        command.Parameters.AddWithValue(step.Ordinal);
        command.Parameters.AddWithValue(step.Name);
    }
}
