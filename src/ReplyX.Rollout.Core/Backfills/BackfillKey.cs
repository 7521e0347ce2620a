using Npgsql;
using ReplyX.Rollout.Core.Lint;

namespace ReplyX.Rollout.Core.Backfills;

/// <summary>The column a backfill walks: the table's single-column primary key, or a declared unique not-null column, and its type.</summary>
public sealed record BackfillKey(string Column, string Type)
{
    public string Quoted => SqlIdentifier.Quote(Column);

    public static async Task<BackfillKey> ResolveAsync(NpgsqlConnection connection, string table, string? declared, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, i.indisprimary
            FROM pg_index i
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
            WHERE i.indrelid = to_regclass($1) AND i.indisunique AND i.indisvalid AND i.indnkeyatts = 1
              AND i.indpred IS NULL AND i.indexprs IS NULL
              AND ($2::text IS NULL AND i.indisprimary OR a.attname = $2)
            ORDER BY i.indisprimary DESC
            LIMIT 1
            """, connection);
        command.Parameters.AddWithValue(table);
        command.Parameters.AddWithValue(declared is null ? DBNull.Value : declared);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new BackfillStoppedException(declared is null
                ? $"table {table} has no single-column primary key to walk; declare 'key:' (a unique, not-null column with a plain unique index)"
                : $"key '{declared}' of {table} has no valid single-column unique index without a predicate; a backfill walks only such a key");
        }

        return reader.GetBoolean(2)
            ? new BackfillKey(reader.GetString(0), reader.GetString(1))
            : throw new BackfillStoppedException($"key '{reader.GetString(0)}' of {table} may be NULL; rows with a NULL key would never be walked");
    }
}
