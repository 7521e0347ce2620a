using System.Text.RegularExpressions;
using ReplyX.Rollout.Core.Lint;
using YamlDotNet.RepresentationModel;

namespace ReplyX.Rollout.Core.Phases;

/// <summary>Reads a step's <c>backfill</c> and <c>sync</c> mappings; what cannot be walked or kept in step safely is an error at its line.</summary>
internal static partial class BackfillSection
{
    private static readonly string[] BackfillKeys =
        ["table", "set", "where", "key", "batchSize", "pause", "maxLag", "maxBatchDuration", "idempotent", "check"];

    private static readonly string[] SyncKeys = ["table", "column", "from", "up", "down"];

    public static BackfillSpec? ReadBackfill(YamlNodeReader reader, YamlNode node, string context)
    {
        context = $"backfill of {context}";
        var keys = reader.Mapping(node, context, BackfillKeys);
        if (keys is null)
        {
            return null;
        }

        var table = Identifier(reader, keys, node, "table", context, required: true);
        var setNode = reader.Required(keys, node, "set", context);
        var set = reader.String(setNode, $"set of {context}") ?? "";
        var columns = AssignedColumns(set);
        if (setNode is not null && columns is null)
        {
            reader.Error(DiagnosticCodes.BadValue, setNode, $"set of {context} must be 'column = expression[, column = expression]' (what an UPDATE's SET takes).");
        }

        var where = reader.String(keys.GetValueOrDefault("where"), $"where of {context}");
        var idempotent = reader.String(keys.GetValueOrDefault("idempotent"), $"idempotent of {context}");
        if (keys.TryGetValue("idempotent", out var idempotentNode) && string.IsNullOrWhiteSpace(idempotent))
        {
            reader.Error(DiagnosticCodes.MissingReason, idempotentNode, $"idempotent of {context} must give the reason running a batch twice is harmless.");
        }

        if (columns is { Count: > 0 } && idempotentNode is null && !ExcludesDone(where, columns))
        {
            reader.Error(DiagnosticCodes.BadValue, keys.GetValueOrDefault("where") ?? node,
                $"{context} needs a 'where' that excludes rows already done (it must test {string.Join(" or ", columns)}, e.g. '{columns[0]} IS NULL'), " +
                "so a rerun never rewrites them; or declare 'idempotent: <reason>'.");
        }

        return table is null || columns is null ? null : new BackfillSpec
        {
            Table = table,
            Set = set,
            Columns = columns,
            Where = string.IsNullOrWhiteSpace(where) ? null : where,
            Key = Identifier(reader, keys, node, "key", context, required: false),
            BatchSize = reader.Integer(keys.GetValueOrDefault("batchSize"), $"batchSize of {context}", 1, 1_000_000) ?? BackfillSpec.DefaultBatchSize,
            Pause = reader.Duration(keys.GetValueOrDefault("pause"), $"pause of {context}", TimeSpan.Zero, TimeSpan.FromMinutes(10)) ?? BackfillSpec.DefaultPause,
            MaxLag = reader.Duration(keys.GetValueOrDefault("maxLag"), $"maxLag of {context}", TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1)) ?? BackfillSpec.DefaultMaxLag,
            MaxBatchDuration = reader.Duration(keys.GetValueOrDefault("maxBatchDuration"), $"maxBatchDuration of {context}", TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10)) ?? BackfillSpec.DefaultMaxBatchDuration,
            IdempotentReason = string.IsNullOrWhiteSpace(idempotent) ? null : idempotent,
            CheckSample = reader.Integer(keys.GetValueOrDefault("check"), $"check of {context}", 0, 1_000_000) ?? BackfillSpec.DefaultCheckSample,
        };
    }

    public static SyncSpec? ReadSync(YamlNodeReader reader, YamlNode node, string context)
    {
        context = $"sync of {context}";
        var keys = reader.Mapping(node, context, SyncKeys);
        if (keys is null)
        {
            return null;
        }

        var table = Identifier(reader, keys, node, "table", context, required: true);
        var column = Identifier(reader, keys, node, "column", context, required: true);
        var fromNode = reader.Required(keys, node, "from", context);
        var from = fromNode is YamlSequenceNode ? reader.Strings(fromNode, $"from of {context}") : [reader.String(fromNode, $"from of {context}") ?? ""];
        if (fromNode is not null && (from.Count == 0 || from.Any(f => !SimpleName().IsMatch(f))))
        {
            reader.Error(DiagnosticCodes.BadIdentifier, fromNode, $"from of {context} must name the old column(s) as plain lower-case identifiers.");
            return null;
        }

        var up = reader.String(reader.Required(keys, node, "up", context), $"up of {context}");
        var down = reader.String(keys.GetValueOrDefault("down"), $"down of {context}");
        if (down is not null && from.Count != 1)
        {
            reader.Error(DiagnosticCodes.BadValue, keys["down"], $"down of {context} writes one old column; 'from' names {from.Count}.");
        }

        return table is null || column is null || string.IsNullOrWhiteSpace(up) || fromNode is null ? null
            : new SyncSpec { Table = table, Column = column, From = from, Up = up, Down = string.IsNullOrWhiteSpace(down) ? null : down };
    }

    /// <summary>The columns an UPDATE's SET list assigns, or null when it is not a list of <c>column = expression</c>.</summary>
    public static IReadOnlyList<string>? AssignedColumns(string set) => Assignments(set)?.Select(a => a.Column).ToList();

    /// <summary>Each <c>column = expression</c> of an UPDATE's SET list, or null when it is not such a list: what validation and the backfill's check read.</summary>
    public static IReadOnlyList<(string Column, string Expression)>? Assignments(string set)
    {
        if (string.IsNullOrWhiteSpace(set))
        {
            return null;
        }

        var statement = SqlStatement.Split("UPDATE t SET " + set).FirstOrDefault();
        if (statement is null || statement.Tokens.Count < 4)
        {
            return null;
        }

        var assignments = new List<(string, string)>();
        foreach (var (from, to) in statement.TopLevelParts(3))
        {
            if (to - from < 3 || !statement.Tokens[from].IsIdentifier || statement.Tokens[from + 1].Text != "=")
            {
                return null;
            }

            assignments.Add((statement.Tokens[from].Identifier, statement.TextBetween(from + 2, to)));
        }

        return assignments.Count == 0 ? null : assignments;
    }

    /// <summary>A where that names an assigned column can tell a done row from one to do; one that does not, cannot.</summary>
    private static bool ExcludesDone(string? where, IReadOnlyList<string> columns) =>
        !string.IsNullOrWhiteSpace(where)
        && SqlLexer.Tokenize(where).Any(t => t.IsIdentifier && columns.Contains(t.Identifier, StringComparer.Ordinal));

    private static string? Identifier(YamlNodeReader reader, Dictionary<string, YamlNode> keys, YamlNode owner, string key, string context, bool required)
    {
        var node = required ? reader.Required(keys, owner, key, context) : keys.GetValueOrDefault(key);
        var value = reader.String(node, $"{key} of {context}");
        if (node is null || value is null)
        {
            return null;
        }

        if (!QualifiedName().IsMatch(value))
        {
            reader.Error(DiagnosticCodes.BadIdentifier, node, $"{key} of {context} must be a plain lower-case identifier (schema-qualified for a table), not '{value}'.");
            return null;
        }

        return value;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_$]*$")]
    private static partial Regex SimpleName();

    [GeneratedRegex("^[a-z_][a-z0-9_$]*(\\.[a-z_][a-z0-9_$]*)?$")]
    private static partial Regex QualifiedName();
}
