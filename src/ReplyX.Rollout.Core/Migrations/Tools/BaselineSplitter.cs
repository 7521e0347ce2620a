namespace ReplyX.Rollout.Core.Migrations.Tools;

/// <summary>
/// Cuts a schema dump into a handful of migrations by object kind without reordering it: pg_dump's order already
/// satisfies every dependency, so each part is a run of consecutive entries (types, functions, tables, keys and
/// indexes, references and triggers). Asked for fewer parts than the dump has runs, the two adjacent runs with the
/// fewest objects are joined until the count fits; more parts than runs cannot be made by kind and are refused.
/// </summary>
public static class BaselineSplitter
{
    private static readonly (string Kind, string[] Types)[] Kinds =
    [
        ("types", ["SCHEMA", "EXTENSION", "TYPE", "DOMAIN", "COLLATION", "CAST", "TEXT SEARCH CONFIGURATION", "TEXT SEARCH DICTIONARY"]),
        ("functions", ["FUNCTION", "PROCEDURE", "AGGREGATE", "OPERATOR"]),
        ("tables", ["TABLE", "SEQUENCE", "SEQUENCE OWNED BY", "DEFAULT", "VIEW", "MATERIALIZED VIEW", "TABLE ATTACH"]),
        ("keys and indexes", ["CONSTRAINT", "INDEX", "INDEX ATTACH"]),
        ("references and triggers", ["FK CONSTRAINT", "TRIGGER", "RULE", "POLICY", "ROW SECURITY", "EVENT TRIGGER"]),
    ];

    public static string KindOf(string type) => Kinds.FirstOrDefault(k => k.Types.Contains(type)).Kind ?? "other";

    /// <summary>The dump in <paramref name="parts"/> migrations (null: one per run of a kind).</summary>
    public static IReadOnlyList<BaselinePart> Split(SchemaDump dump, int? parts)
    {
        var runs = new List<(List<string> Kinds, List<SchemaDump.Entry> Entries)>();
        foreach (var entry in dump.Entries)
        {
            var kind = KindOf(entry.Type);
            if (runs.Count > 0 && runs[^1].Kinds[^1] == kind)
            {
                runs[^1].Entries.Add(entry);
            }
            else
            {
                runs.Add(([kind], [entry]));
            }
        }

        if (runs.Count == 0)
        {
            throw new MigrationApplyException("the chain builds an empty schema: nothing to consolidate.");
        }

        var wanted = parts ?? runs.Count;
        if (wanted < 1 || wanted > runs.Count)
        {
            throw new MigrationApplyException($"--parts {wanted}: this schema splits by object kind into 1 to {runs.Count} part(s) ({string.Join(", ", runs.Select(r => r.Kinds[0]))}).");
        }

        while (runs.Count > wanted)
        {
            var join = Enumerable.Range(0, runs.Count - 1).MinBy(i => runs[i].Entries.Count + runs[i + 1].Entries.Count);
            runs[join] = ([.. runs[join].Kinds, .. runs[join + 1].Kinds.Where(k => !runs[join].Kinds.Contains(k))], [.. runs[join].Entries, .. runs[join + 1].Entries]);
            runs.RemoveAt(join + 1);
        }

        var preamble = string.Join('\n', dump.Preamble);
        return
        [
            .. runs.Select((run, i) => new BaselinePart(i + 1, runs.Count, string.Join(", ", run.Kinds), run.Entries.Count,
                (preamble.Length > 0 ? preamble + "\n\n" : "") + string.Join("\n\n", run.Entries.Select(e => e.Sql)) + "\n")),
        ];
    }
}
