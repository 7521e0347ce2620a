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
            return ReadAlterTable(s);
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
            i = SkipParentheses(s, next);
            if (i >= s.Tokens.Count || s.Tokens[i].Text != ",")
            {
                break;
            }

            i++;
        }

        return effects;
    }

    private static List<StatementEffect> ReadAlterTable(SqlStatement s)
    {
        var i = 2 + (s.MatchesAt(2, "IF", "EXISTS") ? 2 : 0);
        i += s.MatchesAt(i, "ONLY") ? 1 : 0;
        var (table, next) = s.QualifiedName(i);
        if (table is null)
        {
            return [];
        }

        var effects = new List<StatementEffect>();
        foreach (var (from, to) in TopLevelParts(s, next))
        {
            if (ReadAlterAction(s, table, from, to) is { } effect)
            {
                effects.Add(effect);
            }
        }

        return effects;
    }

    private static StatementEffect? ReadAlterAction(SqlStatement s, string table, int i, int end)
    {
        if (s.MatchesAt(i, "ADD"))
        {
            i++;
            if (s.MatchesAt(i, "CONSTRAINT"))
            {
                var (constraint, afterName) = s.QualifiedName(i + 1);
                return constraint is null ? null : new StatementEffect(ObjectChange.Create, new SchemaObject(SchemaObjectKind.Constraint, constraint, table), s)
                {
                    Definition = s.TextBetween(afterName, end),
                };
            }

            if (s.MatchesAt(i, "PRIMARY") || s.MatchesAt(i, "UNIQUE") || s.MatchesAt(i, "CHECK") || s.MatchesAt(i, "FOREIGN") || s.MatchesAt(i, "EXCLUDE"))
            {
                // An unnamed constraint gets a fresh generated name.
                return null;
            }

            i += s.MatchesAt(i, "COLUMN") ? 1 : 0;
            var conditional = s.MatchesAt(i, "IF", "NOT", "EXISTS");
            i += conditional ? 3 : 0;
            var (column, afterColumn) = s.QualifiedName(i);
            return column is null ? null : new StatementEffect(ObjectChange.Create, new SchemaObject(SchemaObjectKind.Column, column, table), s)
            {
                Conditional = conditional, Definition = s.TextBetween(afterColumn, end),
            };
        }

        if (s.MatchesAt(i, "DROP"))
        {
            i++;
            var kind = SchemaObjectKind.Column;
            if (s.MatchesAt(i, "CONSTRAINT"))
            {
                kind = SchemaObjectKind.Constraint;
                i++;
            }
            else if (s.MatchesAt(i, "COLUMN"))
            {
                i++;
            }
            else if (s.MatchesAt(i, "DEFAULT") || s.MatchesAt(i, "NOT") || s.MatchesAt(i, "EXPRESSION") || s.MatchesAt(i, "IDENTITY"))
            {
                return null;
            }

            var conditional = s.MatchesAt(i, "IF", "EXISTS");
            i += conditional ? 2 : 0;
            var (name, _) = s.QualifiedName(i);
            return name is null ? null : new StatementEffect(ObjectChange.Drop, new SchemaObject(kind, name, table), s) { Conditional = conditional };
        }

        if (s.MatchesAt(i, "ALTER"))
        {
            i++;
            i += s.MatchesAt(i, "COLUMN") ? 1 : 0;
            var (column, _) = s.QualifiedName(i);
            return column is null ? null : new StatementEffect(ObjectChange.Alter, new SchemaObject(SchemaObjectKind.Column, column, table), s);
        }

        if (s.MatchesAt(i, "VALIDATE", "CONSTRAINT"))
        {
            var (constraint, _) = s.QualifiedName(i + 2);
            return constraint is null ? null : new StatementEffect(ObjectChange.Alter, new SchemaObject(SchemaObjectKind.Constraint, constraint, table), s);
        }

        if (s.MatchesAt(i, "RENAME"))
        {
            i++;
            if (s.MatchesAt(i, "TO"))
            {
                return new StatementEffect(ObjectChange.Rename, new SchemaObject(SchemaObjectKind.Table, table), s);
            }

            var kind = SchemaObjectKind.Column;
            if (s.MatchesAt(i, "CONSTRAINT"))
            {
                kind = SchemaObjectKind.Constraint;
                i++;
            }
            else if (s.MatchesAt(i, "COLUMN"))
            {
                i++;
            }

            var (name, _) = s.QualifiedName(i);
            return name is null ? null : new StatementEffect(ObjectChange.Rename, new SchemaObject(kind, name, table), s);
        }

        // SET (...), ENABLE TRIGGER, OWNER TO, ...: a change to the table itself.
        return new StatementEffect(ObjectChange.Alter, new SchemaObject(SchemaObjectKind.Table, table), s);
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
        foreach (var (partFrom, _) in TopLevelParts(s, set + 1, end))
        {
            // "col = expr" or "(a, b) = (...)"
            var columns = s.Tokens[partFrom].Text == "("
                ? s.Tokens.Skip(partFrom + 1).TakeWhile(t => t.Text != ")").Where(t => t.IsIdentifier).Select(t => t.Identifier)
                : s.Tokens[partFrom].IsIdentifier ? [s.Tokens[partFrom].Identifier] : [];
            effects.AddRange(columns.Select(c => new StatementEffect(ObjectChange.Write, new SchemaObject(SchemaObjectKind.Column, c, table), s)));
        }

        return effects;
    }

    /// <summary>The token ranges between commas at parenthesis depth 0, from <paramref name="from"/> to <paramref name="end"/>.</summary>
    private static List<(int From, int To)> TopLevelParts(SqlStatement s, int from, int? end = null)
    {
        var parts = new List<(int, int)>();
        var last = end ?? s.Tokens.Count;
        var depth = 0;
        var start = from;
        for (var i = from; i < last; i++)
        {
            var text = s.Tokens[i].Text;
            if (text is "(" or "[")
            {
                depth++;
            }
            else if (text is ")" or "]")
            {
                depth--;
            }
            else if (text == "," && depth == 0)
            {
                if (i > start)
                {
                    parts.Add((start, i));
                }

                start = i + 1;
            }
        }

        if (last > start)
        {
            parts.Add((start, last));
        }

        return parts;
    }

    private static int SkipParentheses(SqlStatement s, int i)
    {
        if (i >= s.Tokens.Count || s.Tokens[i].Text != "(")
        {
            return i;
        }

        var depth = 0;
        for (; i < s.Tokens.Count; i++)
        {
            if (s.Tokens[i].Text == "(")
            {
                depth++;
            }
            else if (s.Tokens[i].Text == ")" && --depth == 0)
            {
                return i + 1;
            }
        }

        return i;
    }
}
