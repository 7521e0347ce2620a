using Npgsql;
using ReplyX.Rollout.Controller.Target;
using ReplyX.Rollout.Core.Execution;
using ReplyX.Rollout.Primitives.Migrations;

namespace ReplyX.Rollout.Controller.Leadership;

/// <summary>
/// The target's side of fencing: a new leader records its epoch in the target's journal and ends every DDL session an older epoch left open on the target (each
/// names its epoch in application_name, <see cref="StepExecutor.ApplicationName"/>). A frozen leader's open
/// transaction would otherwise hold the step's journal row and its locks for as long as the process stays frozen.
/// </summary>
public sealed partial class TargetFence(RolloutTarget target, ILogger<SqlMigrator> migratorLogger, ILogger<TargetFence> logger)
{
    /// <summary>
    /// Ends older epochs' DDL sessions on the target (their open transactions roll back and release what they hold),
    /// then records this leader's epoch in the target's journal: from then on older claims are refused. A claim of an
    /// older epoch that slips in between holds the fence row for a moment; the raise gives up after a second, ends the
    /// sessions again and retries.
    /// </summary>
    public async Task RaiseAsync(long epoch, CancellationToken cancellationToken)
    {
        await using (var dataSource = NpgsqlDataSource.Create(target.ConnectionString))
        {
            await TargetJournal.EnsureAsync(dataSource, migratorLogger, cancellationToken);
        }

        await using var connection = new NpgsqlConnection(target.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        while (true)
        {
            await EndOlderSessionsAsync(connection, epoch, cancellationToken);
            try
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var timeout = new NpgsqlCommand("SET LOCAL lock_timeout = '1s'", connection, transaction))
                {
                    await timeout.ExecuteNonQueryAsync(cancellationToken);
                }

                await TargetJournal.RaiseFenceAsync(connection, transaction, epoch, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return;
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrors.LockNotAvailable)
            {
                // An older epoch's claim holds the fence row: end it and try again.
            }
        }
    }

    private async Task EndOlderSessionsAsync(NpgsqlConnection connection, long epoch, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT pid, application_name, pg_terminate_backend(pid)
            FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid()
              AND substring(application_name FROM $1)::bigint < $2
            """, connection);
        command.Parameters.AddWithValue(StepExecutor.EpochPattern);
        command.Parameters.AddWithValue(epoch);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            LogEnded(logger, reader.GetInt32(0), reader.GetString(1), epoch);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ended target session {Pid} ({Application}) of an older epoch; this leader is epoch {Epoch}")]
    private static partial void LogEnded(ILogger logger, int pid, string application, long epoch);
}
