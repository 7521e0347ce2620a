using ReplyX.Rollout.Core.Diagnostics;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Core.Lint;

/// <summary>Runs every rule over a step's SQL and its rollback.</summary>
public static class SqlLinter
{
    private static readonly string[] VolatileFunctions =
        ["RANDOM", "GEN_RANDOM_UUID", "UUID_GENERATE_V4", "UUID_GENERATE_V1", "CLOCK_TIMESTAMP", "TIMEOFDAY", "NEXTVAL", "STATEMENT_TIMESTAMP"];

    private static readonly TimeSpan ShortConcurrentLockTimeout = TimeSpan.FromMinutes(1);

    public static IReadOnlyList<LintFinding> Lint(PhaseDefinition phase, PhaseStep step)
    {
        var findings = new List<LintFinding>();
        LintSql(phase, step, step.Sql, step.SqlPosition, inRollback: false, findings);
        if (step.Rollback is not null)
        {
            LintSql(phase, step, step.Rollback, step.RollbackPosition ?? step.Position, inRollback: true, findings);
        }

        return findings;
    }

    public static IReadOnlyList<LintFinding> Lint(PhaseDefinition phase) => [.. phase.AllSteps.SelectMany(step => Lint(phase, step))];

    private static void LintSql(PhaseDefinition phase, PhaseStep step, string sql, SourcePosition start, bool inRollback, List<LintFinding> findings)
    {
        var statements = SqlStatement.Split(sql).Select(DdlStatement.Read).ToList();
        var created = statements.Where(d => d.Kind == DdlKind.CreateTable && d.Table is not null).Select(d => Bare(d.Table!)).ToHashSet();

        foreach (var ddl in statements)
        {
            var existingTable = ddl.Table is null || !created.Contains(Bare(ddl.Table));
            var broken = new List<LintRule>();
            var s = ddl.Statement;

            switch (ddl.Kind)
            {
                case DdlKind.CreateIndex when !ddl.Concurrently && existingTable:
                    broken.Add(LintRules.CreateIndexNotConcurrently);
                    break;
                case DdlKind.DropIndex when !ddl.Concurrently:
                    broken.Add(LintRules.DropIndexNotConcurrently);
                    break;
                case DdlKind.Reindex when !ddl.Concurrently:
                    broken.Add(LintRules.ReindexNotConcurrently);
                    break;
                case DdlKind.VacuumFull or DdlKind.Cluster:
                    broken.Add(LintRules.TableRewrite);
                    break;
                case DdlKind.DropTable when step.Kind == StepKind.Expand && !inRollback:
                    broken.Add(LintRules.DropOutsideContract);
                    break;
                case DdlKind.AnonymousBlock:
                    broken.Add(LintRules.OpaqueBlock);
                    break;
                case DdlKind.AlterTable when existingTable:
                    broken.AddRange(AlterTableRules(s, step, inRollback));
                    break;
            }

            broken.AddRange(LiveDatabaseRules.Check(ddl, step, existingTable));
            if (ddl.Kind == DdlKind.CreateIndex && ddl.Unique && existingTable && !inRollback
                && !phase.Preflight.Duplicates.Any(d => Bare(d.Table) == Bare(ddl.Table ?? "")))
            {
                broken.Add(LintRules.UniqueWithoutDuplicatesCheck);
            }

            if ((ddl.Concurrently || ddl.Kind is DdlKind.Vacuum or DdlKind.VacuumFull) && step.Transactional == true)
            {
                broken.Add(LintRules.ConcurrentlyInTransaction);
            }

            if (ddl.TakesBlockingLock && existingTable && step.LockTimeout is null)
            {
                broken.Add(LintRules.MissingLockTimeout);
            }

            if (ddl.Concurrently && ddl.Kind is DdlKind.CreateIndex or DdlKind.Reindex && step.LockTimeout < ShortConcurrentLockTimeout)
            {
                broken.Add(LintRules.ShortLockTimeoutOnConcurrentBuild);
            }

            foreach (var rule in broken.Where(r => !inRollback || r.AppliesToRollback).Distinct())
            {
                var suppression = step.Suppressions.FirstOrDefault(x => x.Rule == rule.Id);
                findings.Add(new LintFinding(rule, step.Name, inRollback, s.Text, PositionOf(sql, s.Offset, start), suppression?.Reason));
            }
        }
    }

    private static IEnumerable<LintRule> AlterTableRules(SqlStatement s, PhaseStep step, bool inRollback)
    {
        if (inRollback)
        {
            yield break;
        }

        var tokens = s.Tokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].IsWord("DEFAULT") && s.MatchesAt(0, "ALTER", "TABLE") && s.ContainsWord("ADD")
                && i + 1 < tokens.Count && VolatileFunctions.Any(f => tokens[i + 1].IsWord(f)))
            {
                yield return LintRules.VolatileDefault;
            }

            if (tokens[i].IsWord("TYPE") && i >= 2 && (tokens[i - 1].IsWord("DATA") || tokens[i - 2].IsWord("ALTER") || tokens[i - 2].IsWord("COLUMN")))
            {
                yield return LintRules.ColumnTypeChange;
            }
        }

        var adds = s.ContainsWord("ADD");
        if (s.Tokens.Select((t, i) => (t, i)).Any(x => x.t.IsWord("SET") && s.MatchesAt(x.i + 1, "NOT", "NULL")))
        {
            yield return LintRules.SetNotNull;
        }

        var notValid = s.Tokens.Select((t, i) => (t, i)).Any(x => x.t.IsWord("NOT") && s.MatchesAt(x.i + 1, "VALID"));
        if (adds && (s.ContainsWord("REFERENCES") || s.ContainsWord("CHECK")) && !notValid)
        {
            yield return LintRules.ConstraintWithoutNotValid;
        }

        if (adds && (s.ContainsWord("PRIMARY") || s.ContainsWord("UNIQUE")) && !s.Tokens.Select((t, i) => (t, i)).Any(x => x.t.IsWord("USING") && s.MatchesAt(x.i + 1, "INDEX")))
        {
            yield return LintRules.UniqueConstraintWithoutIndex;
        }

        if (step.Kind == StepKind.Expand && s.Tokens.Select((t, i) => (t, i)).Any(x => x.t.IsWord("DROP") && s.MatchesAt(x.i + 1, "COLUMN")))
        {
            yield return LintRules.DropOutsideContract;
        }

        if (s.ContainsWord("RENAME"))
        {
            yield return LintRules.Rename;
        }
    }

    private static string Bare(string table) => table.StartsWith("public.", StringComparison.Ordinal) ? table[7..] : table;

    private static SourcePosition PositionOf(string sql, int offset, SourcePosition start)
    {
        var line = 0;
        var lineStart = 0;
        for (var i = 0; i < offset && i < sql.Length; i++)
        {
            if (sql[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new SourcePosition(start.Line + line, start.Column + (offset - lineStart));
    }
}
