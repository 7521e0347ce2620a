using System.Text;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Core.Lint;

/// <summary>
/// The rules (RXL017-RXL026) that protect a live database from statements the classic ones do not cover: columns
/// that fill or fail every row, statements with no place in a phase, locks on a domain's or a partition's every user,
/// names PostgreSQL would silently truncate, and long statements without a timeout.
/// </summary>
internal static class LiveDatabaseRules
{
    private const int MaxIdentifierBytes = 63;

    private static readonly string[] SerialTypes = ["SERIAL", "BIGSERIAL", "SMALLSERIAL", "SERIAL2", "SERIAL4", "SERIAL8"];

    public static IEnumerable<LintRule> Check(DdlStatement ddl, PhaseStep step, bool existingTable)
    {
        var s = ddl.Statement;
        if (ddl.Kind == DdlKind.AlterTable && existingTable)
        {
            foreach (var rule in AddColumnRules(s))
            {
                yield return rule;
            }

            if (Pair(s, "DETACH", "PARTITION") is not null && !s.ContainsWord("CONCURRENTLY") && !s.ContainsWord("FINALIZE"))
            {
                yield return LintRules.DetachPartitionNotConcurrently;
            }
        }

        if (s.StartsWith("DROP", "DATABASE"))
        {
            yield return LintRules.DropDatabase;
        }

        if (ddl.Kind == DdlKind.Truncate && s.ContainsWord("CASCADE"))
        {
            yield return LintRules.TruncateCascade;
        }

        if (s.StartsWith("BEGIN") || s.StartsWith("START", "TRANSACTION") || s.StartsWith("COMMIT") || s.StartsWith("END")
            || s.StartsWith("ROLLBACK") || s.StartsWith("ABORT") || s.StartsWith("SAVEPOINT"))
        {
            yield return LintRules.TransactionNesting;
        }

        if (s.StartsWith("ALTER", "DOMAIN") && s.ContainsWord("ADD") && Pair(s, "NOT", "VALID") is null)
        {
            yield return LintRules.AlterDomainAddConstraint;
        }

        if (s.StartsWith("ALTER", "TYPE") && Pair(s, "ADD", "VALUE") is not null && (s.ContainsWord("BEFORE") || s.ContainsWord("AFTER")))
        {
            yield return LintRules.EnumValueOutOfOrder;
        }

        if (s.Tokens.Any(t => t.IsIdentifier && Encoding.UTF8.GetByteCount(t.Identifier) > MaxIdentifierBytes))
        {
            yield return LintRules.IdentifierTooLong;
        }

        if (step.StatementTimeout is null && step.Backfill is null && MayRunLong(ddl))
        {
            yield return LintRules.LongStatementWithoutTimeout;
        }
    }

    /// <summary>Each <c>ADD [COLUMN]</c> action of an ALTER TABLE: a serial or identity type fills every row; NOT NULL without a default fails on them.</summary>
    private static IEnumerable<LintRule> AddColumnRules(SqlStatement s)
    {
        var start = 2 + (s.MatchesAt(2, "IF", "EXISTS") ? 2 : 0);
        start += s.MatchesAt(start, "ONLY") ? 1 : 0;
        var (_, next) = s.QualifiedName(start);
        foreach (var (from, to) in s.TopLevelParts(next))
        {
            if (!s.MatchesAt(from, "ADD") || s.MatchesAt(from + 1, "CONSTRAINT") || s.MatchesAt(from + 1, "PRIMARY")
                || s.MatchesAt(from + 1, "UNIQUE") || s.MatchesAt(from + 1, "CHECK") || s.MatchesAt(from + 1, "FOREIGN"))
            {
                continue;
            }

            var words = Enumerable.Range(from, to - from).Select(i => s.Tokens[i]).ToList();
            if (words.Any(t => SerialTypes.Any(t.IsWord)) || words.Any(t => t.IsWord("IDENTITY")))
            {
                yield return LintRules.SerialOrIdentityColumn;
            }
            else if (Enumerable.Range(from, to - from).Any(i => s.MatchesAt(i, "NOT", "NULL")) && !words.Any(t => t.IsWord("DEFAULT") || t.IsWord("GENERATED")))
            {
                yield return LintRules.NotNullWithoutDefault;
            }
        }
    }

    /// <summary>
    /// Statements that hold their row locks (or, for REFRESH, block readers) for as long as they run: UPDATE, DELETE,
    /// INSERT ... SELECT and REFRESH MATERIALIZED VIEW. Concurrent index builds are not among them: they block no
    /// writer, and a timeout would only kill them late (RXL012).
    /// </summary>
    private static bool MayRunLong(DdlStatement ddl)
    {
        var s = ddl.Statement;
        return s.StartsWith("UPDATE") || s.StartsWith("DELETE") || (s.StartsWith("INSERT") && s.ContainsWord("SELECT"))
            || s.StartsWith("REFRESH", "MATERIALIZED", "VIEW");
    }

    /// <summary>Where two words follow each other in the statement, or null.</summary>
    private static int? Pair(SqlStatement s, string first, string second)
    {
        for (var i = 0; i < s.Tokens.Count - 1; i++)
        {
            if (s.MatchesAt(i, first, second))
            {
                return i;
            }
        }

        return null;
    }
}
