using Npgsql;
using ReplyX.Rollout.Core.Lint;

namespace ReplyX.Rollout.Core.Migrations;

/// <summary>
/// Applies a migration set to a database in graph order, statement by statement on one session (so
/// <c>CREATE INDEX CONCURRENTLY</c> works and the first failing statement is named).
/// </summary>
public static class MigrationApplier
{
    public static async Task<int> ApplyAsync(string connectionString, MigrationSet set, CancellationToken cancellationToken)
    {
        if (set.Problems.Count > 0)
        {
            throw new MigrationApplyException($"{set.Directory}: {string.Join("; ", set.Problems)}");
        }

        var order = set.ApplyOrder() ?? throw new MigrationApplyException($"{set.Directory}: the revision graph has a cycle.");
        if (order.FirstOrDefault(m => m.Unsupported is not null) is { } unsupported)
        {
            throw new MigrationApplyException($"{unsupported.File}: {unsupported.Unsupported}.");
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var migration in order)
        {
            var statements = SqlStatement.Split(migration.Sql);
            for (var i = 0; i < statements.Count; i++)
            {
                try
                {
                    await using var command = new NpgsqlCommand(statements[i].Text, connection);
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
                catch (PostgresException exception)
                {
                    throw new MigrationApplyException($"{migration.File}, statement {i + 1} ({First(statements[i].Text)}): {exception.MessageText} ({exception.SqlState})", exception);
                }
            }
        }

        return order.Count;
    }

    private static string First(string sql)
    {
        var line = sql.Split('\n')[0].Trim();
        return line.Length > 60 ? line[..60] + "..." : line;
    }
}
