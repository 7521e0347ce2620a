using System.Text.Json;
using System.Text.RegularExpressions;
using ReplyX.Rollout.Controller.Reports;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Core.Criteria;
using ReplyX.Rollout.Core.Metrics;
using ReplyX.Rollout.Core.Rollouts;

namespace ReplyX.Rollout.Controller.Reviews;

/// <summary>Builds a <see cref="Review"/> from the period's run reports and the monitor's alerts; reads nothing itself.</summary>
public static partial class ReviewBuilder
{
    /// <summary>A look's p95 is compared only when both variants had this many requests in its 10 s block.</summary>
    public const int MinLookSamples = 20;

    [GeneratedRegex(@"RISK ALERT: (R\d{3})")]
    private static partial Regex AlertRisk();

    public static Review Build(DateTimeOffset since, DateTimeOffset until, IReadOnlyList<RunReport> reports, IReadOnlyList<(string Risk, string Kind, DateTimeOffset At)> monitorAlerts) => new(
        since,
        until,
        reports.Count,
        reports.GroupBy(r => r.Run.State.ToString()).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
        [.. reports.SelectMany(DataSafety)],
        [.. reports.Select(LockWaits).OfType<LockWaitRow>().OrderByDescending(r => r.BudgetUsed ?? 0).ThenByDescending(r => r.LongestSeconds)],
        reports.Select(Worst).OfType<WorstRegression>().MaxBy(w => w.Change),
        Accuracy(reports),
        [.. reports.Select(Duration)],
        Risks(reports, monitorAlerts));

    private static IEnumerable<ReviewFinding> DataSafety(RunReport report)
    {
        var run = report.Run;
        var evidence = Evidence(run);
        if (evidence?.RowCountsKept == false)
        {
            yield return new(run.Id, run.PhaseId, $"rows lost: {evidence.RowCountsDetail}");
        }

        if (evidence?.BackupVerified == false)
        {
            yield return new(run.Id, run.PhaseId, "the pre-phase backup did not verify");
        }

        foreach (var step in report.Steps.Where(s => s.Kind == "rollback" && s.Status == "failed"))
        {
            yield return new(run.Id, run.PhaseId, $"{step.Name} failed{ErrorOf(step)}");
        }

        if (run.State == RolloutState.Failed)
        {
            yield return new(run.Id, run.PhaseId, $"the run failed: {run.Reason}");
        }

        foreach (var restore in report.Events.Where(e => e.Kind is "restored" or "restore-failed"))
        {
            yield return new(run.Id, run.PhaseId, restore.Reason);
        }
    }

    private static LockWaitRow? LockWaits(RunReport report)
    {
        if (Evidence(report.Run)?.LongestLockWait is not { } longest)
        {
            return null;
        }

        var budget = report.Phase?.SuccessCriteria.Where(c => c.Measure == "lockWaits").Select(c => CriterionTarget.Parse(c.Target))
            .FirstOrDefault(t => t is { Form: TargetForm.AtMost, Unit: TargetUnit.Seconds });
        return new LockWaitRow(report.Run.Id, report.Run.PhaseId, longest, Evidence(report.Run)!.SessionsBlocked, budget?.Value);
    }

    private static WorstRegression? Worst(RunReport report)
    {
        var pairs =
            from treatment in report.Looks.Where(l => l.Variant == SeriesKey.Treatment && l.P95Ms > 0 && l.Samples >= MinLookSamples)
            join control in report.Looks.Where(l => l.Variant == SeriesKey.Control && l.P95Ms > 0 && l.Samples >= MinLookSamples) on treatment.At equals control.At
            select (treatment, control);
        if (pairs.Select(p => ((RunLookPair?)new RunLookPair(p.treatment.At, p.treatment.Percentage, p.treatment.P95Ms!.Value, p.control.P95Ms!.Value)))
                .MaxBy(p => p!.Value.Treatment / p.Value.Control) is not { } worst)
        {
            return null;
        }

        return new WorstRegression(report.Run.Id, report.Run.PhaseId, worst.At, worst.Percentage, worst.Treatment, worst.Control, CaughtBy(report));
    }

    /// <summary>What stopped the ramp in its own words, or that nothing did.</summary>
    private static string CaughtBy(RunReport report)
    {
        var stop = report.Events.FirstOrDefault(e => e.Kind == "transition" && e.ToState is "RollingBack" or "Paused");
        return stop is not null
            ? $"{(stop.ToState == "RollingBack" ? "rolled back" : "paused")}: {stop.Reason}"
            : report.Run.State == RolloutState.Completed ? "nothing: the run completed" : $"nothing yet: the run is {report.Run.State}";
    }

    private static AccuracyReview Accuracy(IReadOnlyList<RunReport> reports)
    {
        var evidence = reports.Select(r => Evidence(r.Run)).OfType<CriterionEvidence>().ToList();
        var notMet = reports.SelectMany(r => r.Criteria.Where(c => c.Measure is "recallAt10" or "vectorP95" && c.Verdict == CriterionVerdict.NotMet)
            .Select(c => new ReviewFinding(r.Run.Id, r.Run.PhaseId, $"{c.Criterion} ({c.Measure}) measured {c.Measured} against {c.Target}")));
        return new AccuracyReview(
            evidence.Select(e => e.Recall).Min(),
            evidence.Select(e => e.VectorP95).Max() is { } p95 ? p95 * 1000 : null,
            [.. notMet]);
    }

    private static DurationRow Duration(RunReport report)
    {
        var run = report.Run;
        var stages = report.Phase?.Ramp.Stages.Count ?? 0;
        var bake = run.Overrides.Bake ?? report.Phase?.Ramp.Bake ?? TimeSpan.Zero;
        var rampStart = report.Events.FirstOrDefault(e => e.Kind == "transition" && e.ToState == "Ramping")?.At;
        var rampEnd = report.Events.FirstOrDefault(e => e.Kind == "transition" && e.FromState == "Ramping" && e.ToState is not ("Ramping" or "Paused"))?.At;
        return new DurationRow(run.Id, run.PhaseId, run.State.ToString(), (stages * bake).TotalSeconds,
            rampStart is { } start && rampEnd is { } end ? (end - start).TotalSeconds : null,
            run.FinishedAt is { } finished ? (finished - run.CreatedAt).TotalSeconds : null);
    }

    private static IReadOnlyList<RiskCount> Risks(IReadOnlyList<RunReport> reports, IReadOnlyList<(string Risk, string Kind, DateTimeOffset At)> monitorAlerts)
    {
        var duringRuns = reports.SelectMany(r => r.Events.Where(e => e.Kind == "alert").Select(e => AlertRisk().Match(e.Reason)).Where(m => m.Success).Select(m => m.Groups[1].Value))
            .GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
        var byMonitor = monitorAlerts.Where(a => a.Kind == "alert").GroupBy(a => a.Risk).ToDictionary(g => g.Key, g => g.Count());
        return
        [
            .. duringRuns.Keys.Union(byMonitor.Keys).Order(StringComparer.Ordinal)
                .Select(risk => new RiskCount(risk, duringRuns.GetValueOrDefault(risk), byMonitor.GetValueOrDefault(risk))),
        ];
    }

    private static string ErrorOf(RunStep step)
    {
        using var detail = JsonDocument.Parse(step.DetailJson);
        return detail.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? $": {error.GetString()}" : "";
    }

    private static CriterionEvidence? Evidence(RolloutRun run) =>
        run.CriteriaEvidenceJson is null ? null : JsonSerializer.Deserialize<CriterionEvidence>(run.CriteriaEvidenceJson, RolloutStore.Json);

    private readonly record struct RunLookPair(DateTimeOffset At, int Percentage, double Treatment, double Control);
}
