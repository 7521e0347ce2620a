using ReplyX.Rollout.Core.Lint;

namespace ReplyX.Rollout.Core.Migrations;

/// <summary>
/// What one migration's SQL does to named objects, read from its statements: what it creates, drops, changes
/// (a table, or <c>table.column</c>) and merely references. Names are folded like PostgreSQL folds them and
/// <c>public.</c> is dropped. Objects are written <c>table users</c>, <c>column users.email</c>, <c>index ix_x</c>.
/// </summary>
public sealed class MigrationObjects
{
    private static readonly string[] TableWords = ["FROM", "JOIN", "INTO", "UPDATE", "REFERENCES"];

    public HashSet<string> Creates { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Drops { get; } = new(StringComparer.Ordinal);

    /// <summary>Tables and columns whose definition or data this migration changes.</summary>
    public HashSet<string> Changes { get; } = new(StringComparer.Ordinal);

    public HashSet<string> References { get; } = new(StringComparer.Ordinal);

    public static MigrationObjects Read(string sql)
    {
        var objects = new MigrationObjects();
        foreach (var statement in SqlStatement.Split(sql))
        {
            objects.ReadStatement(statement);
        }

        return objects;
    }

    private void ReadStatement(SqlStatement s)
    {
        var ddl = DdlStatement.Read(s);
        switch (ddl.Kind)
        {
            case DdlKind.CreateTable when ddl.Table is { } created:
                var table = Name(created);
                Creates.Add("table " + table);
                Changes.Add(table);
                foreach (var column in TopLevelItems(s, s.IndexOfWord("TABLE")).Select(item => item.FirstOrDefault()).OfType<SqlToken>()
                             .Where(t => t.IsIdentifier && !IsConstraintWord(t)))
                {
                    Creates.Add($"column {table}.{column.Identifier}");
                }

                break;
            case DdlKind.DropTable when ddl.Table is { } dropped:
                Drops.Add("table " + Name(dropped));
                Changes.Add(Name(dropped));
                break;
            case DdlKind.AlterTable when ddl.Table is { } altered:
                ReadAlterTable(s, Name(altered));
                break;
            case DdlKind.CreateIndex:
                if (ddl.IndexName is { } index)
                {
                    Creates.Add("index " + Name(index));
                }

                if (ddl.Table is { } on)
                {
                    References.Add("table " + Name(on));
                    Changes.Add(Name(on));
                    foreach (var column in ddl.IndexColumns)
                    {
                        References.Add($"column {Name(on)}.{column.ToLowerInvariant()}");
                    }
                }

                break;
            case DdlKind.DropIndex when ddl.IndexName is { } droppedIndex:
                Drops.Add("index " + Name(droppedIndex));
                break;
        }

        if (s.StartsWith("UPDATE"))
        {
            var (target, next) = s.QualifiedName(1);
            if (target is not null && s.MatchesAt(next, "SET"))
            {
                Changes.Add(Name(target));
                for (var i = next + 1; i + 1 < s.Tokens.Count && !s.Tokens[i].IsWord("WHERE") && !s.Tokens[i].IsWord("FROM"); i++)
                {
                    if (s.Tokens[i].IsIdentifier && s.Tokens[i + 1].Text == "=")
                    {
                        References.Add($"column {Name(target)}.{s.Tokens[i].Identifier}");
                        Changes.Add($"{Name(target)}.{s.Tokens[i].Identifier}");
                    }
                }
            }
        }

        ReadReferences(s.Tokens);
    }

    private void ReadAlterTable(SqlStatement s, string table)
    {
        References.Add("table " + table);
        Changes.Add(table);
        var start = s.Tokens.ToList().FindIndex(t => t.IsIdentifier && t.Identifier == table.Split('.')[^1]);
        foreach (var action in SplitTopLevel(s.Tokens.Skip(start + 1).ToList()))
        {
            var words = action.Select(t => t.Kind == SqlTokenKind.Word ? t.Text.ToUpperInvariant() : "").ToList();
            string? Column(int at) => at < action.Count && action[at].IsIdentifier ? action[at].Identifier : null;
            int Skip(int at, params string[] optional)
            {
                foreach (var word in optional)
                {
                    if (at < words.Count && words[at] == word)
                    {
                        at++;
                    }
                }

                return at;
            }

            if (words.Count == 0)
            {
                continue;
            }

            if (words[0] == "ADD" && !(words.Count > 1 && words[1] is "CONSTRAINT" or "PRIMARY" or "UNIQUE" or "FOREIGN" or "CHECK"))
            {
                var at = Skip(Skip(1, "COLUMN"), "IF", "NOT", "EXISTS");
                if (Column(at) is { } added)
                {
                    Creates.Add($"column {table}.{added}");
                    Changes.Add($"{table}.{added}");
                }
            }
            else if (words[0] == "DROP" && !(words.Count > 1 && words[1] == "CONSTRAINT"))
            {
                var at = Skip(Skip(1, "COLUMN"), "IF", "EXISTS");
                if (Column(at) is { } dropped)
                {
                    Drops.Add($"column {table}.{dropped}");
                    Changes.Add($"{table}.{dropped}");
                }
            }
            else if (words[0] == "ALTER")
            {
                var at = Skip(1, "COLUMN");
                if (Column(at) is { } changed)
                {
                    References.Add($"column {table}.{changed}");
                    Changes.Add($"{table}.{changed}");
                }
            }
            else if (words[0] == "RENAME" && words.Count > 1 && words[1] == "TO" && Column(2) is { } renamedTable)
            {
                Drops.Add("table " + table);
                Creates.Add("table " + renamedTable);
            }
            else if (words[0] == "RENAME")
            {
                var at = Skip(1, "COLUMN");
                if (Column(at) is { } from && Column(at + 2) is { } to)
                {
                    Drops.Add($"column {table}.{from}");
                    Creates.Add($"column {table}.{to}");
                    Changes.Add($"{table}.{from}");
                    Changes.Add($"{table}.{to}");
                }
            }
        }
    }

    /// <summary>Tables after FROM/JOIN/INTO/UPDATE/REFERENCES, columns in REFERENCES t (c) and INSERT INTO t (c), and the same inside function bodies.</summary>
    private void ReadReferences(IReadOnlyList<SqlToken> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Kind == SqlTokenKind.DollarString)
            {
                var body = token.Text[(token.Text.IndexOf('$', 1) + 1)..token.Text.LastIndexOf('$', token.Text.Length - 2)];
                var inner = Read(body);
                References.UnionWith(inner.References);
                continue;
            }

            if (!TableWords.Any(token.IsWord) || i + 1 >= tokens.Count || !tokens[i + 1].IsIdentifier || tokens[i + 1].IsWord("SELECT") || tokens[i + 1].IsWord("ONLY"))
            {
                continue;
            }

            var name = tokens[i + 1].Identifier;
            var next = i + 2;
            while (next + 1 < tokens.Count && tokens[next].Text == "." && tokens[next + 1].IsIdentifier)
            {
                name += "." + tokens[next + 1].Identifier;
                next += 2;
            }

            var table = Name(name);
            References.Add("table " + table);
            if ((token.IsWord("REFERENCES") || token.IsWord("INTO")) && next < tokens.Count && tokens[next].Text == "(")
            {
                for (var j = next + 1; j < tokens.Count && tokens[j].Text != ")"; j++)
                {
                    if (tokens[j].IsIdentifier)
                    {
                        References.Add($"column {table}.{tokens[j].Identifier}");
                    }
                }
            }
        }
    }

    private static bool IsConstraintWord(SqlToken token) =>
        token.IsWord("CONSTRAINT") || token.IsWord("PRIMARY") || token.IsWord("UNIQUE") || token.IsWord("FOREIGN") || token.IsWord("CHECK") || token.IsWord("EXCLUDE") || token.IsWord("LIKE");

    /// <summary>The comma-separated items of the first parenthesised list after <paramref name="from"/>.</summary>
    private static List<List<SqlToken>> TopLevelItems(SqlStatement s, int from)
    {
        var open = s.Tokens.ToList().FindIndex(Math.Max(from, 0), t => t.Text == "(");
        if (open < 0)
        {
            return [];
        }

        var depth = 0;
        var inside = new List<SqlToken>();
        for (var i = open + 1; i < s.Tokens.Count; i++)
        {
            depth += s.Tokens[i].Text == "(" ? 1 : s.Tokens[i].Text == ")" ? -1 : 0;
            if (depth < 0)
            {
                break;
            }

            inside.Add(s.Tokens[i]);
        }

        return SplitTopLevel(inside);
    }

    private static List<List<SqlToken>> SplitTopLevel(List<SqlToken> tokens)
    {
        var items = new List<List<SqlToken>> { new() };
        var depth = 0;
        foreach (var token in tokens)
        {
            depth += token.Text == "(" ? 1 : token.Text == ")" ? -1 : 0;
            if (depth == 0 && token.Text == ",")
            {
                items.Add([]);
            }
            else
            {
                items[^1].Add(token);
            }
        }

        return items.Where(i => i.Count > 0).ToList();
    }

    private static string Name(string name)
    {
        var lower = name.ToLowerInvariant();
        return lower.StartsWith("public.", StringComparison.Ordinal) ? lower["public.".Length..] : lower;
    }
}
