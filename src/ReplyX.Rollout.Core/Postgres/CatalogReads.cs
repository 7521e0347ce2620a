using Npgsql;
using ReplyX.Rollout.Core.Lint;
using ReplyX.Rollout.Core.Ownership;

namespace ReplyX.Rollout.Core.Postgres;

/// <summary>
/// Catalog reads behind <see cref="ObjectProbe"/>: whether an object exists, and its definition in PostgreSQL's own
/// normal form (columns with type, NOT NULL and default; constraints by definition; functions by identity).
/// </summary>
internal static class CatalogReads
{
    public static async Task<string?> FunctionDefinitionAsync(NpgsqlConnection connection, string name, string? schema, string? argumentTypes, CancellationToken cancellationToken)
    {
        await using var command = Command(connection,
            """
            SELECT pg_get_functiondef(p.oid) FROM pg_proc p
            WHERE p.proname = $1
              AND p.pronamespace = coalesce(to_regnamespace($2::text), to_regnamespace(current_schema()))
              AND ($3::text IS NULL OR p.proargtypes::text = $3::text)
            ORDER BY p.oid LIMIT 1
            """, name, (object?)schema ?? DBNull.Value, (object?)argumentTypes ?? DBNull.Value);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
    public static async Task<bool> ExistsAsync(NpgsqlConnection connection, SchemaObject obj, CancellationToken cancellationToken)
    {
        await using var command = obj.Kind switch
        {
            SchemaObjectKind.Index or SchemaObjectKind.Table => Command(connection, "SELECT to_regclass($1) IS NOT NULL", SqlIdentifier.Quote(obj.Name)),
            SchemaObjectKind.Column => Command(connection,
                "SELECT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = to_regclass($1) AND a.attname = $2 AND a.attnum > 0 AND NOT a.attisdropped)",
                SqlIdentifier.Quote(obj.Table!), obj.Name),
            SchemaObjectKind.Constraint => Command(connection,
                "SELECT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = to_regclass($1) AND k.conname = $2)", SqlIdentifier.Quote(obj.Table!), obj.Name),
            _ => Command(connection, "SELECT EXISTS (SELECT 1 FROM pg_proc p WHERE p.proname = $1 AND pg_function_is_visible(p.oid))", obj.BareName),
        };
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
    public static async Task<string?> TableDefinitionAsync(NpgsqlConnection connection, string quotedTable, CancellationToken cancellationToken)
    {
        // Columns in order (name, type, NOT NULL, default), then the constraints' definitions without their names
        // (a probe's generated names differ). A serial's sequence name differs too: any nextval() is the same.
        await using var command = Command(connection,
            """
            SELECT coalesce((SELECT string_agg(format('%I %s%s%s', a.attname, format_type(a.atttypid, a.atttypmod),
                                   CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END,
                                   coalesce(' DEFAULT ' || regexp_replace(pg_get_expr(d.adbin, d.adrelid), 'nextval\(''[^'']*''::regclass\)', 'nextval(sequence)'), '')),
                              ', ' ORDER BY a.attnum)
                    FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                    WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped), '')
                || coalesce((SELECT '; ' || string_agg(pg_get_constraintdef(k.oid), '; ' ORDER BY pg_get_constraintdef(k.oid))
                             FROM pg_constraint k WHERE k.conrelid = to_regclass($1)), '')
            """, quotedTable);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
    public static async Task<string?> ColumnDefinitionAsync(NpgsqlConnection connection, string quotedTable, string column, CancellationToken cancellationToken)
    {
        await using var command = Command(connection,
            """
            SELECT format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')
            FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE a.attrelid = to_regclass($1) AND a.attname = $2 AND a.attnum > 0 AND NOT a.attisdropped
            """, quotedTable, column);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
    public static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return command;
    }
}
