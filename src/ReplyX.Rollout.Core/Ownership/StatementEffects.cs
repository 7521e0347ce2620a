using ReplyX.Rollout.Core.Lint;

namespace ReplyX.Rollout.Core.Ownership;

/// <summary>
/// Reads which schema objects a statement creates, drops, alters, renames or writes, from its tokens (the lexer
/// already keeps comments and strings out). What it cannot read (a DO block, a statement kind it does not know)
/// yields no effect: the caller treats such a statement as opaque.
/// </summary>
public static class StatementEffects
{
    public static IReadOnlyList<StatementEffect> Read(SqlStatement s)
    {
        if (s.StartsWith("CREATE"))
        {
            return ReadCreate(s);
        }

        if (s.StartsWith("DROP"))
        {
            return ReadDrop(s);
        }

        if (s.StartsWith("ALTER", "TABLE"))
        {
            return AlterTableEffects.Read(s);
        }

        if (s.StartsWith("ALTER", "INDEX"))
        {
            var i = 2 + (s.MatchesAt(2, "IF", "EXISTS") ? 2 : 0);
            var (name, next) = s.QualifiedName(i);
            return name is null ? [] : [new StatementEffect(s.MatchesAt(next, "RENAME") ? ObjectChange.Rename : ObjectChange.Alter, new SchemaObject(SchemaObjectKind.Index, name), s)];
        }

        if (s.StartsWith("ALTER", "FUNCTION"))
        {
            var (name, next) = s.QualifiedName(2);
            return name is null ? [] : [new StatementEffect(s.ContainsWord("RENAME") ? ObjectChange.Rename : ObjectChange.Alter, new SchemaObject(SchemaObjectKind.Function, name), s)];
        }

        return s.StartsWith("UPDATE") ? ReadUpdate(s) : [];
    }

    public static IReadOnlyList<StatementEffect> Read(string sql) => [.. SqlStatement.Split(sql).SelectMany(Read)];

    /// <summary>A statement whose effects cannot be read from its text (an anonymous block): never checked, always reported.</summary>
    public static bool IsOpaque(SqlStatement s) => s.StartsWith("DO");

    private static List<StatementEffect> ReadCreate(SqlStatement s)
    {
        var i = 1;
        var orReplace = s.MatchesAt(i, "OR", "REPLACE");
        i += orReplace ? 2 : 0;
        var unique = s.MatchesAt(i, "UNIQUE");
        i += unique ? 1 : 0;
        if (s.MatchesAt(i, "INDEX"))
        {
            i++;
            i += s.MatchesAt(i, "CONCURRENTLY") ? 1 : 0;
            var conditional = s.MatchesAt(i, "IF", "NOT", "EXISTS");
            i += conditional ? 3 : 0;
            if (s.MatchesAt(i, "ON"))
            {
                // Unnamed: PostgreSQL picks a fresh name, so it can never collide with an existing index.
                return [];
            }

            var (name, next) = s.QualifiedName(i);
            if (name is null || !s.MatchesAt(next, "ON"))
            {
                return [];
            }

            var tableAt = next + 1 + (s.MatchesAt(next + 1, "ONLY") ? 1 : 0);
            var (table, afterTable) = s.QualifiedName(tableAt);
            return table is null ? [] :
            [
                new StatementEffect(ObjectChange.Create, new SchemaObject(SchemaObjectKind.Index, name, table), s)
                {
                    Conditional = conditional, Unique = unique, Definition = s.TextBetween(afterTable),
                },
            ];
        }

        while (s.MatchesAt(i, "TEMP") || s.MatchesAt(i, "TEMPORARY") || s.MatchesAt(i, "UNLOGGED"))
        {
            i++;
        }

        if (s.MatchesAt(i, "TABLE"))
        {
            i++;
            var conditional = s.MatchesAt(i, "IF", "NOT", "EXISTS");
            i += conditional ? 3 : 0;
            var (name, next) = s.QualifiedName(i);
            return name is null ? [] :
            [
                new StatementEffect(ObjectChange.Create, new SchemaObject(SchemaObjectKind.Table, name), s) { Conditional = conditional, Definition = s.TextBetween(next) },
            ];
        }

        if (s.MatchesAt(i, "FUNCTION") || s.MatchesAt(i, "PROCEDURE"))
        {
            var (name, next) = s.QualifiedName(i + 1);
            return name is null ? [] :
            [
                new StatementEffect(ObjectChange.Create, new SchemaObject(SchemaObjectKind.Function, name), s) { OrReplace = orReplace, Definition = s.TextBetween(next) },
            ];
        }

        return [];
    }

    private static List<StatementEffect> ReadDrop(SqlStatement s)
    {
        var kind = s.MatchesAt(1, "INDEX") ? SchemaObjectKind.Index
            : s.MatchesAt(1, "TABLE") ? SchemaObjectKind.Table
            : s.MatchesAt(1, "FUNCTION") || s.MatchesAt(1, "PROCEDURE") ? SchemaObjectKind.Function
            : (SchemaObjectKind?)null;
        if (kind is null)
        {
            return [];
        }

        var i = 2 + (s.MatchesAt(2, "CONCURRENTLY") ? 1 : 0);
        var conditional = s.MatchesAt(i, "IF", "EXISTS");
        i += conditional ? 2 : 0;
        var effects = new List<StatementEffect>();
        while (i < s.Tokens.Count)
        {
            var (name, next) = s.QualifiedName(i);
            if (name is null)
            {
                break;
            }

            effects.Add(new StatementEffect(ObjectChange.Drop, new SchemaObject(kind.Value, name), s) { Conditional = conditional });
            // A function's argument list, then the next name after a comma at depth 0.
            i = s.SkipParentheses(next);
            if (i >= s.Tokens.Count || s.Tokens[i].Text != ",")
            {
                break;
            }

            i++;
        }

        return effects;
    }

    private static List<StatementEffect> ReadUpdate(SqlStatement s)
    {
        var i = 1 + (s.MatchesAt(1, "ONLY") ? 1 : 0);
        var (table, next) = s.QualifiedName(i);
        var set = s.IndexOfWord("SET", next);
        if (table is null || set < 0)
        {
            return [];
        }

        var end = s.IndexOfWord("FROM", set) is var from and >= 0 ? from : s.IndexOfWord("WHERE", set) is var where and >= 0 ? where : s.Tokens.Count;
        var effects = new List<StatementEffect>();
        foreach (var (partFrom, _) in s.TopLevelParts(set + 1, end))
        {
            // "col = expr" or "(a, b) = (...)"
            var columns = s.Tokens[partFrom].Text == "("
                ? s.Tokens.Skip(partFrom + 1).TakeWhile(t => t.Text != ")").Where(t => t.IsIdentifier).Select(t => t.Identifier)
                : s.Tokens[partFrom].IsIdentifier ? [s.Tokens[partFrom].Identifier] : [];
            effects.AddRange(columns.Select(c => new StatementEffect(ObjectChange.Write, new SchemaObject(SchemaObjectKind.Column, c, table), s)));
        }

        return effects;
    }
}
