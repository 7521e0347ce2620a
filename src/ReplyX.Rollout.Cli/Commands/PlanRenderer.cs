using System.Globalization;
using ReplyX.Rollout.Core.Diagnostics;
using ReplyX.Rollout.Core.Execution;
using ReplyX.Rollout.Core.Phases;
using ReplyX.Rollout.Core.Postgres;

namespace ReplyX.Rollout.Cli.Commands;

/// <summary>Plain-text rendering of a plan: readable in a terminal, greppable in CI logs.</summary>
internal static class PlanRenderer
{
    public static void Write(PhasePlan plan, IReadOnlyList<Diagnostic> diagnostics, DateTimeOffset now, TextWriter o)
    {
        var p = plan.Phase;
        o.WriteLine($"Phase {p.Id}: {p.Title}");
        o.WriteLine($"  file:       {p.SourceFile}");
        o.WriteLine($"  flag:       {p.Flag}");
        o.WriteLine($"  risks:      {(p.Risks.Count == 0 ? "(none)" : string.Join(", ", p.Risks))}");
        o.WriteLine($"  depends on: {(p.DependsOn.Count == 0 ? "(none)" : string.Join(", ", p.DependsOn))}");
        o.WriteLine();
        o.WriteLine("Preflight (before any change; each failure stops the run):");
        foreach (var check in plan.Preflight)
        {
            o.WriteLine($"  - {check}");
        }

        o.WriteLine();
        o.WriteLine("Steps:");
        var number = 0;
        foreach (var (step, findings) in plan.Steps)
        {
            number++;
            var settings = new List<string>
            {
                step.Kind == StepKind.Contract ? "contract (after 100% has baked)" : "expand",
                step.Transactional switch { true => "in a transaction", false => "no transaction", null => "transaction: decided from the SQL" },
                $"lock_timeout {(step.LockTimeout is { } l ? Durations.Format(l) : "none")}",
                $"statement_timeout {(step.StatementTimeout is { } s ? Durations.Format(s) : "none")}",
                $"retries {step.Retries}",
            };
            o.WriteLine($"  {number}. {step.Name}  [{string.Join(", ", settings)}]");
            WriteSql(o, "sql", step.Sql);
            if (step.Rollback is not null)
            {
                WriteSql(o, "rollback", step.Rollback);
            }
            else
            {
                o.WriteLine($"     rollback: none - irreversible: {step.IrreversibleReason}");
            }

            foreach (var finding in findings)
            {
                o.WriteLine(finding.IsSuppressed
                    ? $"     lint: {finding.Rule.Id} {finding.Rule.Name} suppressed: {finding.SuppressedBecause}"
                    : $"     lint: {finding.Rule.Severity.ToString().ToLowerInvariant()} {finding.Rule.Id} {finding.Message}");
            }
        }

        o.WriteLine();
        o.WriteLine("Ramp (after the steps; times are the earliest possible):");
        foreach (var stage in plan.Ramp)
        {
            o.WriteLine($"  {stage.Percentage,3}%  from +{Durations.Format(stage.StartsAfter),-8} bake {Durations.Format(stage.Bake),-6} until +{Durations.Format(stage.EndsAfter)}{(stage.NeedsApproval ? "  (needs approval first)" : "")}");
        }

        if (p.Contract.Count > 0)
        {
            o.WriteLine($"  contract: {p.Contract.Count} step(s) after +{Durations.Format(plan.EarliestCompletion)}");
        }

        o.WriteLine($"  earliest completion: {Durations.Format(plan.EarliestCompletion)} after the steps finish; if started now, not before {(now + plan.EarliestCompletion).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)} plus preflight and step time.");
        o.WriteLine();
        o.WriteLine("Guardrails:");
        foreach (var guardrail in plan.Guardrails)
        {
            o.WriteLine($"  - {guardrail}");
        }

        if (plan.Gates.Count > 0)
        {
            o.WriteLine();
            o.WriteLine("Gates:");
            foreach (var gate in plan.Gates)
            {
                o.WriteLine($"  - {gate}");
            }
        }

        if (p.SuccessCriteria.Count > 0)
        {
            o.WriteLine();
            o.WriteLine("Success criteria (seed):");
            foreach (var c in p.SuccessCriteria)
            {
                o.WriteLine($"  - {c.Criterion}{(c.Target is null ? "" : $": {c.Target}")}");
            }
        }

        if (diagnostics.Count > 0)
        {
            o.WriteLine();
            o.WriteLine("Validation:");
            foreach (var diagnostic in diagnostics)
            {
                o.WriteLine($"  {diagnostic}");
            }
        }
    }

    public static void WriteDatabase(PhasePlan plan, IReadOnlyList<TableFacts> tables, IReadOnlyList<StepOwnershipPreview> ownership, IReadOnlyList<OpenTransaction> transactions, TextWriter o)
    {
        o.WriteLine();
        o.WriteLine("Target database (read only):");
        foreach (var table in tables)
        {
            o.WriteLine(table.Exists
                ? $"  table {table.Name}: {Bytes(table.TotalBytes)}, ~{table.EstimatedRows:N0} rows"
                : $"  table {table.Name}: does not exist yet");
        }

        WriteOwnership(ownership, o);

        if (transactions.Count == 0)
        {
            o.WriteLine($"  no transaction open longer than {Durations.Format(plan.Phase.Preflight.MaxTransactionAge)}: preflight would pass this check now.");
        }
        else
        {
            o.WriteLine($"  {transactions.Count} transaction(s) open longer than {Durations.Format(plan.Phase.Preflight.MaxTransactionAge)}: preflight would refuse to start:");
            foreach (var t in transactions)
            {
                o.WriteLine($"    pid {t.Pid} ({t.User}, {t.Application}, {t.State}) open {Durations.Format(TimeSpan.FromSeconds(Math.Round(t.Age.TotalSeconds)))}: {t.Query}");
            }
        }
    }

    private static void WriteOwnership(IReadOnlyList<StepOwnershipPreview> ownership, TextWriter o)
    {
        o.WriteLine("  objects the steps create (a phase owns only what it created; compared in a rolled-back transaction):");
        foreach (var preview in ownership)
        {
            var prefix = $"    step {preview.Ordinal} '{preview.Step.Name}': ";
            foreach (var finding in preview.Plan.Findings)
            {
                o.WriteLine(prefix + finding.Describe() + (finding.Refuses ? " - the step would be refused before any change" : ""));
            }

            foreach (var note in preview.Plan.Notes)
            {
                o.WriteLine(prefix + note);
            }

            foreach (var (statement, reason) in preview.Undo?.Skip.OrderBy(s => s.Key) ?? Enumerable.Empty<KeyValuePair<int, string>>())
            {
                o.WriteLine($"{prefix}its rollback's statement {statement + 1} would be {reason}");
            }
        }
    }

    private static void WriteSql(TextWriter o, string label, string sql)
    {
        var lines = sql.TrimEnd().Split('\n');
        o.WriteLine($"     {label}: {lines[0]}");
        foreach (var line in lines.Skip(1))
        {
            o.WriteLine($"     {new string(' ', label.Length + 2)}{line}");
        }
    }

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):F1} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):F1} MiB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):F1} KiB",
        _ => $"{bytes} B",
    };
}
