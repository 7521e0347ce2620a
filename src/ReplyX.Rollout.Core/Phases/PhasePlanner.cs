using ReplyX.Rollout.Core.Lint;
using ReplyX.Rollout.Core.Risks;

namespace ReplyX.Rollout.Core.Phases;

/// <summary>Turns a phase into a <see cref="PhasePlan"/>: the checks, the steps with their lint, the ramp and the guardrails in words.</summary>
public static class PhasePlanner
{
    public static PhasePlan Build(PhaseDefinition phase, RiskRegister? risks)
    {
        var preflight = new List<string>();
        preflight.Add(phase.Preflight.Backup == BackupPolicy.Required
            ? "Verified backup: pg_dump (custom format) in an exported snapshot, restored into a scratch database, per-table row counts compared (R001, R011)."
            : $"No backup: {phase.Preflight.BackupSkipReason}");
        preflight.Add($"No transaction open longer than {Durations.Format(phase.Preflight.MaxTransactionAge)} (older snapshots stall CONCURRENTLY builds).");
        preflight.AddRange(phase.Preflight.Duplicates.Select(d => $"No duplicate rows in {d.Table} ({string.Join(", ", d.Columns)}) before the unique index (R005)."));
        preflight.Add($"Free disk where the data directory is: the touched tables' size plus {Percentages.Format(phase.Preflight.DiskHeadroom)} headroom (R005).");

        var ramp = new List<RampTimelineEntry>();
        var elapsed = TimeSpan.Zero;
        for (var i = 0; i < phase.Ramp.Stages.Count; i++)
        {
            var percentage = phase.Ramp.Stages[i];
            var last = i == phase.Ramp.Stages.Count - 1;
            ramp.Add(new RampTimelineEntry(percentage, phase.Ramp.Bake, elapsed, elapsed + phase.Ramp.Bake, last && phase.Ramp.ApproveBeforeFull));
            elapsed += phase.Ramp.Bake;
        }

        var g = phase.Guardrails;
        var guardrails = new List<string>
        {
            $"Roll back when treatment p95 is more than {Percentages.Format(g.LatencyP95.MaxRegression)}{(g.LatencyP95.MinDelta > TimeSpan.Zero ? $" and {Durations.Format(g.LatencyP95.MinDelta)}" : "")} above the concurrent control, or all traffic's p95 above the pre-phase baseline; no verdict before {g.LatencyP95.MinSamples} samples per side ({Describe(risks, g.LatencyP95.Risk)}).",
            $"Roll back when the treatment error rate exceeds {Percentages.Format(g.ErrorRate.Max)} ({Describe(risks, g.ErrorRate.Risk)}).",
            $"Roll back when more than {g.Pool.MaxPendingRequests} connection requests wait on the pool ({Describe(risks, g.Pool.Risk)}).",
            $"Pause (never advance) when no metrics arrive for {Durations.Format(g.MetricsSilence)} ({Describe(risks, "R008")}).",
        };
        if (g.MaxP95 is { } max)
        {
            guardrails.Add($"Roll back when treatment p95 exceeds {Durations.Format(max)} ({Describe(risks, g.LatencyP95.Risk)}).");
        }

        var gates = phase.Gates.Select(gate =>
            $"{gate.Type} ({string.Join(", ", gate.Settings.Select(s => $"{s.Key}={s.Value}"))}) guards {Describe(risks, gate.Risk)}; runs {When(gate)}.").ToList();

        return new PhasePlan(
            phase,
            preflight,
            [.. phase.AllSteps.Select(step => (step, SqlLinter.Lint(phase, step)))],
            ramp,
            elapsed,
            guardrails,
            gates);
    }

    private static string Describe(RiskRegister? risks, string id) =>
        risks?.Find(id) is { } risk ? $"{id} {risk.Name}, {risk.Level.ToString().ToUpperInvariant()}" : id;

    private static string When(GateSpec gate) =>
        string.Join(" and ", new[]
        {
            Gates.GateCatalog.RunsAt(gate, Gates.GateMoment.BeforeChanges) ? "with the preflight checks, before any change" : null,
            Gates.GateCatalog.RunsAt(gate, Gates.GateMoment.BeforeTraffic) ? "after the steps, before any user is moved" : null,
            Gates.GateCatalog.RunsAt(gate, Gates.GateMoment.EachStage) ? "at the end of every stage" : null,
        }.OfType<string>());
}
