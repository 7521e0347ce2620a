using Npgsql;

namespace ReplyX.Rollout.Core.Postgres;

/// <summary>
/// Reads facts about the target database without changing it (every query runs in a READ ONLY transaction):
/// sizes of the tables a phase touches and old open transactions (what its objects find is <see cref="Postgres.ObjectProbe"/>'s).
/// </summary>
public sealed class TargetDatabaseInspector(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<TableFacts>> TablesAsync(IEnumerable<string> tables, CancellationToken cancellationToken)
    {
        var result = new List<TableFacts>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginReadOnlyAsync(connection, cancellationToken);
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand(
                """
                SELECT c.oid IS NOT NULL, coalesce(pg_total_relation_size(c.oid), 0), coalesce(c.reltuples, 0)::bigint
                FROM (SELECT to_regclass($1) AS oid) r LEFT JOIN pg_class c ON c.oid = r.oid
                """, connection, transaction);
            command.Parameters.AddWithValue(table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            result.Add(new TableFacts(table, reader.GetBoolean(0), reader.GetInt64(1), Math.Max(0, reader.GetInt64(2))));
        }

        return result;
    }

    /// <summary>Sessions other than ours whose transaction or snapshot is older than <paramref name="olderThan"/>.</summary>
    public async Task<IReadOnlyList<OpenTransaction>> OldTransactionsAsync(TimeSpan olderThan, CancellationToken cancellationToken)
    {
        var result = new List<OpenTransaction>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginReadOnlyAsync(connection, cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT pid, coalesce(usename, ''), coalesce(application_name, ''), coalesce(state, ''),
                   extract(epoch FROM now() - xact_start)::float8, left(coalesce(query, ''), 200)
            FROM pg_stat_activity
            WHERE pid <> pg_backend_pid()
              AND xact_start IS NOT NULL
              AND now() - xact_start > $1
            ORDER BY xact_start
            """, connection, transaction);
        command.Parameters.AddWithValue(olderThan);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new OpenTransaction(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                TimeSpan.FromSeconds(reader.GetDouble(4)), reader.GetString(5)));
        }

        return result;
    }

    // Transaction-scoped, never SET SESSION: a session setting would leak to the pool's next user.
    private static async Task<NpgsqlTransaction> BeginReadOnlyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction);
        await readOnly.ExecuteNonQueryAsync(cancellationToken);
        return transaction;
    }
}
