using Npgsql;

namespace ReplyX.Rollout.Core.Postgres;

/// <summary>
/// Cumulative per-statement counters from <c>pg_stat_statements</c> (calls and total execution time, keyed by
/// queryid), for this database. Slow-query detection compares two reads (deltas), never lifetime means
/// (POSTGRES-FACTS). Null with the reason when the extension is missing or not preloaded.
/// </summary>
public static class StatementStatistics
{
    public static async Task<(IReadOnlyDictionary<long, StatementCounters>? Counters, string? Unavailable)> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await using (var create = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", connection))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            var counters = new Dictionary<long, StatementCounters>();
            await using var command = new NpgsqlCommand(
                """
                SELECT queryid, left(query, 200), sum(calls)::bigint, sum(total_exec_time)::float8
                FROM pg_stat_statements
                WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND queryid IS NOT NULL
                GROUP BY queryid, left(query, 200)
                """, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                counters[reader.GetInt64(0)] = new StatementCounters(reader.GetString(1), reader.GetInt64(2), reader.GetDouble(3));
            }

            return (counters, null);
        }
        catch (PostgresException exception)
        {
            return (null, $"pg_stat_statements is not available ({exception.MessageText}); load it with shared_preload_libraries");
        }
    }
}
