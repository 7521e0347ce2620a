using ReplyX.Rollout.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ReplyX.Rollout.Core.Phases;

/// <summary>Reads <c>steps</c> and <c>contract</c>: each step, its rollback, timeouts and lint suppressions, and where its SQL starts in the file.</summary>
internal static class StepSection
{
    private static readonly string[] StepKeys =
        ["name", "sql", "backfill", "sync", "rollback", "irreversible", "lockTimeout", "statementTimeout", "retries", "transaction", "suppress"];

    internal static List<PhaseStep> Read(YamlNodeReader reader, YamlNode? node, string what, StepKind kind, string[] lines)
    {
        var steps = new List<PhaseStep>();
        foreach (var item in reader.Sequence(node, what) ?? [])
        {
            var context = $"a step of {what}";
            var keys = reader.Mapping(item, context, StepKeys);
            if (keys is null)
            {
                continue;
            }

            var name = reader.String(reader.Required(keys, item, "name", context), "step name") ?? $"(unnamed step at line {item.Start.Line})";
            context = $"step '{name}'";
            var (sqlNode, sql, backfill, sync) = ReadChange(reader, keys, item, context);
            var rollbackNode = keys.GetValueOrDefault("rollback");
            var rollback = reader.String(rollbackNode, $"rollback of {context}");
            if (rollbackNode is not null && string.IsNullOrWhiteSpace(PhaseParser.StripSqlComments(rollback ?? "")))
            {
                reader.Error(DiagnosticCodes.EmptySql, rollbackNode, $"rollback of {context} is empty; remove it and say 'irreversible: <reason>' if there is no way back.");
                rollback = null;
            }

            var irreversible = reader.String(keys.GetValueOrDefault("irreversible"), $"irreversible of {context}");
            if (keys.TryGetValue("irreversible", out var irreversibleNode) && string.IsNullOrWhiteSpace(irreversible))
            {
                reader.Error(DiagnosticCodes.MissingReason, irreversibleNode, $"irreversible of {context} must give the reason there is no way back.");
            }

            rollback ??= sync is null ? null : SyncSql.Drop(sync);
            var undoneEarlier = backfill is not null && AddedEarlier(steps, backfill);
            if (rollbackNode is null && irreversibleNode is null && sync is null && !undoneEarlier)
            {
                reader.Error(DiagnosticCodes.MissingRollback, item, $"{context} has no rollback; add 'rollback:' SQL, or 'irreversible: <reason>' if there is truly no way back.");
            }

            steps.Add(new PhaseStep
            {
                Name = name,
                Sql = sql,
                Rollback = rollback,
                IrreversibleReason = string.IsNullOrWhiteSpace(irreversible) ? null : irreversible,
                LockTimeout = reader.Duration(keys.GetValueOrDefault("lockTimeout"), $"lockTimeout of {context}", TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1))
                    ?? (backfill is null ? sync is null ? null : SyncSpec.DefaultLockTimeout : BackfillSpec.DefaultLockTimeout),
                StatementTimeout = reader.Duration(keys.GetValueOrDefault("statementTimeout"), $"statementTimeout of {context}", TimeSpan.FromSeconds(1), TimeSpan.FromDays(1))
                    ?? (backfill is null ? null : BackfillSpec.DefaultStatementTimeout),
                Retries = reader.Integer(keys.GetValueOrDefault("retries"), $"retries of {context}", 0, 20) ?? (backfill is null && sync is null ? 0 : SyncSpec.DefaultRetries),
                Transactional = reader.Boolean(keys.GetValueOrDefault("transaction"), $"transaction of {context}") ?? (sync is null ? null : true),
                Backfill = backfill,
                Sync = sync,
                UndoneByEarlierStep = undoneEarlier && rollbackNode is null && irreversibleNode is null,
                Suppressions = ReadSuppressions(reader, keys.GetValueOrDefault("suppress"), context),
                Kind = kind,
                Position = YamlNodeReader.Position(item),
                SqlPosition = sqlNode is null ? YamlNodeReader.Position(item) : SqlStart(sqlNode, lines),
                RollbackPosition = rollbackNode is null ? null : SqlStart(rollbackNode, lines),
            });
        }

        return steps;
    }
    /// <summary>A step says its change one way: plain <c>sql</c>, a <c>backfill</c> or a <c>sync</c>; the latter two generate their SQL.</summary>
    private static (YamlNode? Node, string Sql, BackfillSpec? Backfill, SyncSpec? Sync) ReadChange(YamlNodeReader reader, Dictionary<string, YamlNode> keys, YamlNode item, string context)
    {
        var given = new[] { "sql", "backfill", "sync" }.Where(keys.ContainsKey).ToList();
        if (given.Count > 1)
        {
            reader.Error(DiagnosticCodes.BadValue, item, $"{context} has {string.Join(" and ", given)}; a step is one of sql, backfill or sync.");
        }

        if (keys.TryGetValue("backfill", out var backfillNode))
        {
            var backfill = BackfillSection.ReadBackfill(reader, backfillNode, context);
            return (backfillNode, backfill?.Statement ?? "", backfill, null);
        }

        if (keys.TryGetValue("sync", out var syncNode))
        {
            var sync = BackfillSection.ReadSync(reader, syncNode, context);
            return (syncNode, sync is null ? "" : SyncSql.Create(sync), null, sync);
        }

        var sqlNode = keys.GetValueOrDefault("sql");
        if (sqlNode is null)
        {
            reader.Error(DiagnosticCodes.MissingKey, item, $"{context} is missing 'sql' (or 'backfill' / 'sync').");
            return (null, "", null, null);
        }

        var sql = reader.String(sqlNode, $"sql of {context}") ?? "";
        if (string.IsNullOrWhiteSpace(PhaseParser.StripSqlComments(sql)))
        {
            reader.Error(DiagnosticCodes.EmptySql, sqlNode, $"sql of {context} is empty.");
        }

        return (sqlNode, sql, null, null);
    }

    /// <summary>A backfill of columns an earlier step added is undone by that step's rollback (the column goes): it needs none of its own.</summary>
    private static bool AddedEarlier(IEnumerable<PhaseStep> earlier, BackfillSpec backfill)
    {
        var added = earlier.Where(s => s.Rollback is not null)
            .SelectMany(s => Ownership.StatementEffects.Read(s.Sql))
            .Where(e => e.Change == Ownership.ObjectChange.Create && e.Object.Kind == Ownership.SchemaObjectKind.Column)
            .Select(e => (Table: Unqualified(e.Object.Table ?? ""), Column: e.Object.BareName))
            .ToHashSet();
        return backfill.Columns.All(c => added.Contains((Unqualified(backfill.Table), c)));
    }

    private static string Unqualified(string name) => name[(name.LastIndexOf('.') + 1)..];

    /// <summary>
    /// Where the SQL text itself starts: block scalars (<c>sql: |</c>) start on the next line at its indentation,
    /// quoted scalars one column after the quote.
    /// </summary>
    private static SourcePosition SqlStart(YamlNode node, string[] lines)
    {
        var position = YamlNodeReader.Position(node);
        if (node is YamlScalarNode { Style: ScalarStyle.Literal or ScalarStyle.Folded })
        {
            var line = position.Line + 1;
            var text = line - 1 < lines.Length ? lines[line - 1] : "";
            return new SourcePosition(line, text.Length - text.TrimStart(' ').Length + 1);
        }

        return node is YamlScalarNode { Style: ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted }
            ? position with { Column = position.Column + 1 }
            : position;
    }
    internal static void ReportDuplicateNames(YamlNodeReader reader, IEnumerable<PhaseStep> steps)
    {
        var seen = new Dictionary<string, PhaseStep>(StringComparer.OrdinalIgnoreCase);
        foreach (var step in steps)
        {
            if (seen.TryGetValue(step.Name, out var first))
            {
                reader.Diagnostics.Error(DiagnosticCodes.DuplicateStepName, reader.File, step.Position,
                    $"step name '{step.Name}' is already used at line {first.Position.Line}; step names identify applied steps and must be unique.");
            }
            else
            {
                seen[step.Name] = step;
            }
        }
    }
    private static List<LintSuppression> ReadSuppressions(YamlNodeReader reader, YamlNode? node, string context)
    {
        var result = new List<LintSuppression>();
        foreach (var item in reader.Sequence(node, $"suppress of {context}") ?? [])
        {
            var keys = reader.Mapping(item, $"a suppression of {context}", "rule", "reason");
            if (keys is null)
            {
                continue;
            }

            var rule = reader.String(reader.Required(keys, item, "rule", $"a suppression of {context}"), "rule") ?? "";
            var reason = reader.String(keys.GetValueOrDefault("reason"), "reason");
            if (string.IsNullOrWhiteSpace(reason))
            {
                reader.Error(DiagnosticCodes.MissingReason, item, $"suppressing {rule} in {context} needs a written 'reason'.");
                continue;
            }

            if (!Lint.LintRules.All.Any(r => r.Id == rule))
            {
                var suggestion = YamlNodeReader.Suggest(rule, Lint.LintRules.All.Select(r => r.Id));
                reader.Error(DiagnosticCodes.UnknownLintRule, keys["rule"], $"unknown lint rule '{rule}'" + (suggestion is null ? "." : $"; did you mean '{suggestion}'?"));
                continue;
            }

            result.Add(new LintSuppression(rule, reason));
        }

        return result;
    }
}
