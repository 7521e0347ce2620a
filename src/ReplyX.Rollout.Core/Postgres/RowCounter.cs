using Npgsql;

namespace ReplyX.Rollout.Core.Postgres;

/// <summary>Exact per-table row counts of every user table, optionally inside a caller's snapshot transaction.</summary>
public static class RowCounter
{
    public static async Task<Dictionary<string, long>> CountAllAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            """
            SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
            ORDER BY 1
            """, connection, transaction))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                tables.Add(reader.GetString(0));
            }
        }

        return await CountAsync(connection, transaction, tables, cancellationToken);
    }

    public static async Task<Dictionary<string, long>> CountAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IEnumerable<string> quotedTables, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in quotedTables)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection, transaction);
            counts[table] = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        return counts;
    }
}
