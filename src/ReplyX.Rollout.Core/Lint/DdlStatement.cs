namespace ReplyX.Rollout.Core.Lint;

/// <summary>What a statement does to the schema, read from its tokens: the facts the lint rules need.</summary>
public sealed record DdlStatement(SqlStatement Statement, DdlKind Kind)
{
    /// <summary>The table the statement changes (or an index's table), schema-qualified when written so.</summary>
    public string? Table { get; init; }

    /// <summary>The index a CREATE/DROP INDEX names.</summary>
    public string? IndexName { get; init; }

    public bool Concurrently { get; init; }

    public bool Unique { get; init; }

    public IReadOnlyList<string> IndexColumns { get; init; } = [];

    public static DdlStatement Read(SqlStatement s)
    {
        if (s.StartsWith("CREATE", "INDEX") || s.StartsWith("CREATE", "UNIQUE", "INDEX"))
        {
            var unique = s.StartsWith("CREATE", "UNIQUE");
            var i = unique ? 3 : 2;
            var concurrently = s.MatchesAt(i, "CONCURRENTLY");
            i += concurrently ? 1 : 0;
            if (s.MatchesAt(i, "IF", "NOT", "EXISTS"))
            {
                i += 3;
            }

            string? indexName = null;
            if (!s.MatchesAt(i, "ON"))
            {
                (indexName, i) = s.QualifiedName(i);
            }

            var on = s.IndexOfWord("ON", i);
            var tableIndex = on + 1 + (s.MatchesAt(on + 1, "ONLY") ? 1 : 0);
            var (table, afterTable) = on < 0 ? (null, i) : s.QualifiedName(tableIndex);
            return new DdlStatement(s, DdlKind.CreateIndex)
            {
                Table = table,
                IndexName = indexName,
                Concurrently = concurrently,
                Unique = unique,
                IndexColumns = ReadColumnList(s, afterTable),
            };
        }

        if (s.StartsWith("DROP", "INDEX"))
        {
            var i = 2;
            var concurrently = s.MatchesAt(i, "CONCURRENTLY");
            i += concurrently ? 1 : 0;
            if (s.MatchesAt(i, "IF", "EXISTS"))
            {
                i += 2;
            }

            return new DdlStatement(s, DdlKind.DropIndex) { IndexName = s.QualifiedName(i).Name, Concurrently = concurrently };
        }

        if (s.StartsWith("CREATE", "TABLE") || s.StartsWith("CREATE", "UNLOGGED", "TABLE"))
        {
            var i = s.IndexOfWord("TABLE") + 1;
            if (s.MatchesAt(i, "IF", "NOT", "EXISTS"))
            {
                i += 3;
            }

            return new DdlStatement(s, DdlKind.CreateTable) { Table = s.QualifiedName(i).Name };
        }

        if (s.StartsWith("DROP", "TABLE"))
        {
            var i = 2 + (s.MatchesAt(2, "IF", "EXISTS") ? 2 : 0);
            return new DdlStatement(s, DdlKind.DropTable) { Table = s.QualifiedName(i).Name };
        }

        if (s.StartsWith("ALTER", "TABLE"))
        {
            var i = 2;
            if (s.MatchesAt(i, "IF", "EXISTS"))
            {
                i += 2;
            }

            if (s.MatchesAt(i, "ONLY"))
            {
                i++;
            }

            return new DdlStatement(s, DdlKind.AlterTable) { Table = s.QualifiedName(i).Name };
        }

        if (s.StartsWith("REINDEX"))
        {
            return new DdlStatement(s, DdlKind.Reindex) { Concurrently = s.ContainsWord("CONCURRENTLY") };
        }

        if (s.StartsWith("VACUUM"))
        {
            return new DdlStatement(s, s.ContainsWord("FULL") ? DdlKind.VacuumFull : DdlKind.Vacuum);
        }

        if (s.StartsWith("CLUSTER"))
        {
            return new DdlStatement(s, DdlKind.Cluster);
        }

        if (s.StartsWith("TRUNCATE"))
        {
            return new DdlStatement(s, DdlKind.Truncate) { Table = s.QualifiedName(s.MatchesAt(1, "TABLE") ? 2 : 1).Name };
        }

        if (s.StartsWith("LOCK"))
        {
            return new DdlStatement(s, DdlKind.LockTable) { Table = s.QualifiedName(s.MatchesAt(1, "TABLE") ? 2 : 1).Name };
        }

        return new DdlStatement(s, s.StartsWith("DO") ? DdlKind.AnonymousBlock : DdlKind.Other);
    }

    /// <summary>Takes an ACCESS EXCLUSIVE (or, for a plain CREATE INDEX, SHARE) lock that queues every query behind it.</summary>
    public bool TakesBlockingLock => Kind switch
    {
        DdlKind.AlterTable or DdlKind.DropTable or DdlKind.Truncate or DdlKind.LockTable or DdlKind.Cluster or DdlKind.VacuumFull => true,
        DdlKind.CreateIndex or DdlKind.DropIndex or DdlKind.Reindex => !Concurrently,
        _ => false,
    };

    private static List<string> ReadColumnList(SqlStatement s, int index)
    {
        var columns = new List<string>();
        if (s.MatchesAt(index, "USING"))
        {
            index += 2;
        }

        if (index >= s.Tokens.Count || s.Tokens[index].Text != "(")
        {
            return columns;
        }

        var depth = 0;
        var expectColumn = true;
        for (var i = index; i < s.Tokens.Count; i++)
        {
            var token = s.Tokens[i];
            if (token.Text == "(")
            {
                depth++;
                continue;
            }

            if (token.Text == ")")
            {
                if (--depth == 0)
                {
                    break;
                }

                continue;
            }

            if (depth == 1 && token.Text == ",")
            {
                expectColumn = true;
            }
            else if (depth == 1 && expectColumn && token.IsIdentifier)
            {
                columns.Add(token.Identifier);
                expectColumn = false;
            }
        }

        return columns;
    }
}
