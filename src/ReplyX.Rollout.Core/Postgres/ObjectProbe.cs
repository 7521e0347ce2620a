using System.Text.RegularExpressions;
using Npgsql;
using ReplyX.Rollout.Core.Lint;
using ReplyX.Rollout.Core.Ownership;

namespace ReplyX.Rollout.Core.Postgres;

/// <summary>
/// Reads, without changing anything, what exists under the names a step's statements use. For each object the step
/// creates, it also builds the step's own definition on empty temporary objects (a temporary copy of the index's
/// table, a temporary function) inside a transaction that is always rolled back, so PostgreSQL itself normalises
/// both definitions (<c>pg_get_indexdef</c>, <c>pg_get_functiondef</c>, <c>format_type</c>,
/// <c>pg_get_constraintdef</c>): `IF NOT EXISTS` checks only the name (POSTGRES-FACTS), this checks what is there.
/// </summary>
public sealed partial class ObjectProbe(string connectionString)
{
    private int _probes;

    public async Task<ProbeResult> InspectAsync(IReadOnlyList<StatementEffect> effects, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = "replyx-rollout-probe" }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The probe reads the catalog and creates only temporary objects; it must never queue behind a DDL lock.
        await ExecuteAsync(connection, "SET LOCAL lock_timeout = '2s'; SET LOCAL statement_timeout = '30s'", cancellationToken);

        var creations = new List<ObjectFinding>();
        foreach (var effect in effects.Where(e => e.Change == ObjectChange.Create))
        {
            if (creations.Any(c => c.Object.SameAs(effect.Object)))
            {
                continue;
            }

            creations.Add(await ProbeCreationAsync(connection, effect, cancellationToken));
        }

        var references = new List<ObjectPresence>();
        foreach (var effect in effects.Where(e => e.Change != ObjectChange.Create))
        {
            if (!references.Any(r => r.Object.SameAs(effect.Object)) && !creations.Any(c => c.Object.SameAs(effect.Object)))
            {
                references.Add(new ObjectPresence(effect.Object, await CatalogReads.ExistsAsync(connection, effect.Object, cancellationToken)));
            }
        }

        await transaction.RollbackAsync(cancellationToken);
        return new ProbeResult(creations, references);
    }

    private async Task<ObjectFinding> ProbeCreationAsync(NpgsqlConnection connection, StatementEffect effect, CancellationToken cancellationToken)
    {
        var obj = effect.Object;
        if (obj.Kind == SchemaObjectKind.Function)
        {
            return await ProbeFunctionAsync(connection, effect, cancellationToken);
        }

        var (existing, invalid) = await SavepointAsync(connection, () => ExistingAsync(connection, obj, cancellationToken), cancellationToken);
        if (existing is null)
        {
            return new ObjectFinding(obj, OwnershipVerdict.New, null, null);
        }

        if (invalid)
        {
            return new ObjectFinding(obj, OwnershipVerdict.Invalid, existing, null);
        }

        string? intended;
        try
        {
            intended = await SavepointAsync(connection, () => IntendedAsync(connection, effect, cancellationToken), cancellationToken);
        }
        catch (PostgresException exception)
        {
            return obj.Kind == SchemaObjectKind.Constraint && effect.Definition is { } written && Normalise(written) == Normalise(existing)
                ? new ObjectFinding(obj, OwnershipVerdict.Identical, existing, written, "compared as written: " + exception.MessageText)
                : new ObjectFinding(obj, OwnershipVerdict.Unknown, existing, effect.Definition, exception.MessageText);
        }

        return intended is null
            ? new ObjectFinding(obj, OwnershipVerdict.Unknown, existing, effect.Definition, "the step's definition could not be built")
            : new ObjectFinding(obj, string.Equals(Normalise(existing), Normalise(intended), StringComparison.Ordinal) ? OwnershipVerdict.Identical : OwnershipVerdict.Different, existing, intended);
    }

    /// <summary>The definition of what exists under the object's name now (null when nothing), and whether it is an INVALID index.</summary>
    private static async Task<(string? Definition, bool Invalid)> ExistingAsync(NpgsqlConnection connection, SchemaObject obj, CancellationToken cancellationToken)
    {
        switch (obj.Kind)
        {
            case SchemaObjectKind.Index:
            {
                await using var command = CatalogReads.Command(connection,
                    """
                    SELECT c.relkind::text, coalesce(i.indisvalid AND i.indisready, true), CASE WHEN i.indexrelid IS NULL THEN NULL ELSE pg_get_indexdef(c.oid) END,
                           i.indrelid = to_regclass($2)
                    FROM pg_class c LEFT JOIN pg_index i ON i.indexrelid = c.oid WHERE c.oid = to_regclass($1)
                    """, SqlIdentifier.Quote(obj.Name), SqlIdentifier.Quote(obj.Table ?? obj.Name));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken))
                {
                    return (null, false);
                }

                if (reader.IsDBNull(2))
                {
                    return ($"a relation of kind '{reader.GetString(0)}' (not an index) named {obj.Name}", false);
                }

                var definition = reader.GetString(2);
                var sameTable = !reader.IsDBNull(3) && reader.GetBoolean(3);
                return (sameTable ? definition : definition + " (on another table)", !reader.GetBoolean(1));
            }

            case SchemaObjectKind.Table:
            {
                await using var command = CatalogReads.Command(connection, "SELECT c.relkind::text FROM pg_class c WHERE c.oid = to_regclass($1)", SqlIdentifier.Quote(obj.Name));
                var kind = await command.ExecuteScalarAsync(cancellationToken) as string;
                return kind is null ? (null, false) : kind is "r" or "p" ? (await CatalogReads.TableDefinitionAsync(connection, SqlIdentifier.Quote(obj.Name), cancellationToken), false) : ($"a relation of kind '{kind}' (not a table) named {obj.Name}", false);
            }

            case SchemaObjectKind.Column:
                return (await CatalogReads.ColumnDefinitionAsync(connection, SqlIdentifier.Quote(obj.Table!), obj.Name, cancellationToken), false);

            case SchemaObjectKind.Constraint:
            {
                await using var command = CatalogReads.Command(connection,
                    "SELECT pg_get_constraintdef(k.oid) FROM pg_constraint k WHERE k.conrelid = to_regclass($1) AND k.conname = $2", SqlIdentifier.Quote(obj.Table!), obj.Name);
                return (await command.ExecuteScalarAsync(cancellationToken) as string, false);
            }

            default:
                // A function's identity is its name and argument types: the probe builds it first to learn them.
                return (null, false);
        }
    }

    private async Task<string?> IntendedAsync(NpgsqlConnection connection, StatementEffect effect, CancellationToken cancellationToken)
    {
        var obj = effect.Object;
        var probe = $"replyx_probe_{++_probes}";
        switch (obj.Kind)
        {
            case SchemaObjectKind.Index:
                await ExecuteAsync(connection, $"CREATE TEMP TABLE {probe} (LIKE {SqlIdentifier.Quote(obj.Table!)})", cancellationToken);
                await ExecuteAsync(connection, $"CREATE {(effect.Unique ? "UNIQUE " : "")}INDEX {probe}_index ON pg_temp.{probe} {effect.Definition}", cancellationToken);
                // Shown with the step's own names: the probe's temporary names mean nothing to a reader.
                return (await ScalarAsync(connection, $"SELECT pg_get_indexdef('pg_temp.{probe}_index'::regclass)", cancellationToken))?
                    .Replace($"{probe}_index ON pg_temp.{probe}", $"{obj.Name} ON {obj.Table}", StringComparison.Ordinal);
            case SchemaObjectKind.Table:
                await ExecuteAsync(connection, $"CREATE TEMP TABLE {probe} {effect.Definition}", cancellationToken);
                return await CatalogReads.TableDefinitionAsync(connection, $"pg_temp.{probe}", cancellationToken);
            case SchemaObjectKind.Column:
                await ExecuteAsync(connection, $"CREATE TEMP TABLE {probe} ()", cancellationToken);
                await ExecuteAsync(connection, $"ALTER TABLE pg_temp.{probe} ADD COLUMN {SqlIdentifier.Quote(obj.Name)} {effect.Definition}", cancellationToken);
                return await CatalogReads.ColumnDefinitionAsync(connection, $"pg_temp.{probe}", obj.Name, cancellationToken);
            case SchemaObjectKind.Constraint:
                await ExecuteAsync(connection, $"CREATE TEMP TABLE {probe} (LIKE {SqlIdentifier.Quote(obj.Table!)})", cancellationToken);
                await ExecuteAsync(connection, $"ALTER TABLE pg_temp.{probe} ADD CONSTRAINT {SqlIdentifier.Quote(obj.Name)} {effect.Definition}", cancellationToken);
                return await ScalarAsync(connection, $"SELECT pg_get_constraintdef(k.oid) FROM pg_constraint k WHERE k.conrelid = 'pg_temp.{probe}'::regclass AND k.conname = {Literal(obj.Name)}", cancellationToken);
            default:
                return null;
        }
    }

    /// <summary>
    /// Functions are matched by name, schema and argument types, which only the creation itself reveals: build it in
    /// pg_temp, then look for a function of the same identity where the step would create it.
    /// </summary>
    private async Task<ObjectFinding> ProbeFunctionAsync(NpgsqlConnection connection, StatementEffect effect, CancellationToken cancellationToken)
    {
        var obj = effect.Object;
        var schema = obj.Name.Contains('.', StringComparison.Ordinal) ? obj.Name[..obj.Name.LastIndexOf('.')] : null;
        string? intended;
        string? argumentTypes;
        try
        {
            (intended, argumentTypes) = await SavepointAsync(connection, async () =>
            {
                await ExecuteAsync(connection, $"CREATE FUNCTION pg_temp.{SqlIdentifier.Quote(obj.BareName)} {effect.Definition}", cancellationToken);
                await using var command = CatalogReads.Command(connection,
                    "SELECT pg_get_functiondef(p.oid), p.proargtypes::text FROM pg_proc p WHERE p.pronamespace = pg_my_temp_schema() AND p.proname = $1 ORDER BY p.oid DESC LIMIT 1", obj.BareName);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                return await reader.ReadAsync(cancellationToken) ? (reader.GetString(0), reader.GetString(1)) : ((string?)null, (string?)null);
            }, cancellationToken);
        }
        catch (PostgresException exception)
        {
            var any = await CatalogReads.FunctionDefinitionAsync(connection, obj.BareName, schema, null, cancellationToken);
            return any is null
                ? new ObjectFinding(obj, OwnershipVerdict.New, null, null, "the step's definition could not be built here: " + exception.MessageText)
                : new ObjectFinding(obj, OwnershipVerdict.Unknown, any, effect.Definition, exception.MessageText);
        }

        var existing = await CatalogReads.FunctionDefinitionAsync(connection, obj.BareName, schema, argumentTypes, cancellationToken);
        return existing is null ? new ObjectFinding(obj, OwnershipVerdict.New, null, null)
            : new ObjectFinding(obj, Normalise(existing) == Normalise(intended!) ? OwnershipVerdict.Identical : OwnershipVerdict.Different, existing, intended);
    }





    /// <summary>
    /// The part of a definition that says what the object is: an index's "USING ..." tail and uniqueness (its name and
    /// table are the object's identity), a function's definition without its schema, a constraint without NOT VALID
    /// (validation is a state, not a definition); case and spacing of words outside quotes do not matter.
    /// </summary>
    internal static string Normalise(string definition)
    {
        var text = IndexHead().Replace(definition, m => m.Groups["unique"].Success ? "UNIQUE " : "");
        text = FunctionSchema().Replace(text, "$1");
        text = NotValid().Replace(text, "");
        return string.Join(' ', SqlLexer.Tokenize(text).Select(t => t.Kind == SqlTokenKind.Word ? t.Text.ToLowerInvariant() : t.Text));
    }

    [GeneratedRegex(@"^CREATE (?<unique>UNIQUE )?INDEX .*? ON (ONLY )?\S+ (?=USING )", RegexOptions.Singleline)]
    private static partial Regex IndexHead();

    [GeneratedRegex(@"^(CREATE OR REPLACE (?:FUNCTION|PROCEDURE) )(?:""(?:[^""]|"""")*""|[^\s.""(]+)\.")]
    private static partial Regex FunctionSchema();

    [GeneratedRegex(@"\s+NOT VALID\s*$")]
    private static partial Regex NotValid();

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static async Task<T> SavepointAsync<T>(NpgsqlConnection connection, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, "SAVEPOINT replyx_probe", cancellationToken);
        try
        {
            return await work();
        }
        finally
        {
            await ExecuteAsync(connection, "ROLLBACK TO SAVEPOINT replyx_probe", cancellationToken);
        }
    }


    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<string?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
