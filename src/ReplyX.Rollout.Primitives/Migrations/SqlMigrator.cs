using Microsoft.Extensions.Logging;
using Npgsql;

namespace ReplyX.Rollout.Primitives.Migrations;

/// <summary>
/// Applies versioned migrations exactly once, even when several processes start at the same moment:
/// every runner takes one transaction-scoped advisory lock per history table before it reads what is applied,
/// so the second runner waits, then finds nothing left to do.
/// </summary>
public sealed class SqlMigrator(NpgsqlDataSource dataSource, ILogger<SqlMigrator> logger)
{
    /// <summary>Applies what is missing and returns the versions this call applied.</summary>
    /// <param name="historyTable">Schema-qualified history table, e.g. <c>rollout.schema_migrations</c>.</param>
    public async Task<IReadOnlyList<int>> MigrateAsync(
        string historyTable, IReadOnlyList<SqlMigration> migrations, CancellationToken cancellationToken)
    {
        var schema = historyTable.Contains('.', StringComparison.Ordinal) ? historyTable.Split('.')[0] : "public";
        var applied = new List<int>();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext($1))", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue(historyTable);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var create = new NpgsqlCommand(
            $"""
            CREATE SCHEMA IF NOT EXISTS {schema};
            CREATE TABLE IF NOT EXISTS {historyTable} (
                version    integer PRIMARY KEY,
                name       text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var done = new HashSet<int>();
        await using (var read = new NpgsqlCommand($"SELECT version FROM {historyTable}", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                done.Add(reader.GetInt32(0));
            }
        }

        foreach (var migration in migrations.Where(m => !done.Contains(m.Version)))
        {
            logger.LogInformation("Applying migration {Version} {Name} to {HistoryTable}", migration.Version, migration.Name, historyTable);
            await using (var apply = new NpgsqlCommand(migration.Sql, connection, transaction))
            {
                await apply.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var record = new NpgsqlCommand($"INSERT INTO {historyTable} (version, name) VALUES ($1, $2)", connection, transaction);
            record.Parameters.AddWithValue(migration.Version);
            record.Parameters.AddWithValue(migration.Name);
            await record.ExecuteNonQueryAsync(cancellationToken);
            applied.Add(migration.Version);
        }

        await transaction.CommitAsync(cancellationToken);
        return applied;
    }
}
