using Npgsql;
using ReplyX.Rollout.Core.Lint;
using ReplyX.Rollout.Core.Postgres;

namespace ReplyX.Rollout.Core.Execution;

/// <summary>Seed R001 detection: row counts of the touched tables and foreign-key consistency after the steps.</summary>
public sealed class IntegrityChecker(string targetConnectionString)
{
    public async Task<Dictionary<string, long>> CountAsync(IEnumerable<string> tables, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(targetConnectionString);
        await connection.OpenAsync(cancellationToken);
        var existing = new List<string>();
        foreach (var table in tables)
        {
            await using var exists = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection);
            exists.Parameters.AddWithValue(table);
            if ((bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                existing.Add(table);
            }
        }

        var counts = await RowCounter.CountAsync(connection, null, existing.Select(SqlIdentifier.Quote), cancellationToken);
        return existing.ToDictionary(t => t, t => counts[SqlIdentifier.Quote(t)]);
    }

    /// <summary>Rows that reference a missing parent through a single-column foreign key touching these tables.</summary>
    public async Task<IReadOnlyList<string>> ForeignKeyViolationsAsync(IEnumerable<string> tables, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(targetConnectionString);
        await connection.OpenAsync(cancellationToken);
        var keys = new List<(string Name, string Child, string ChildColumn, string Parent, string ParentColumn)>();
        await using (var command = new NpgsqlCommand(
            """
            SELECT c.conname, c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, pa.attname
            FROM pg_constraint c
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
            JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1]
            WHERE c.contype = 'f' AND cardinality(c.conkey) = 1
              AND (c.conrelid = ANY($1::regclass[]) OR c.confrelid = ANY($1::regclass[]))
            """, connection))
        {
            command.Parameters.AddWithValue(tables.ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
            }
        }

        var violations = new List<string>();
        foreach (var key in keys)
        {
            await using var orphans = new NpgsqlCommand(
                $"SELECT count(*) FROM {key.Child} c WHERE c.\"{key.ChildColumn}\" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {key.Parent} p WHERE p.\"{key.ParentColumn}\" = c.\"{key.ChildColumn}\")",
                connection);
            var count = (long)(await orphans.ExecuteScalarAsync(cancellationToken))!;
            if (count > 0)
            {
                violations.Add($"{key.Name}: {count} row(s) of {key.Child} reference a missing {key.Parent}");
            }
        }

        return violations;
    }
}
