using System.Globalization;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Core.Criteria;

/// <summary>
/// The measures success criteria can name, one table: the parser accepts a measure and a target only as this
/// table says, the controller judges a run's evidence with it, the docs list it.
/// </summary>
public static class CriterionMeasures
{
    public static IReadOnlyList<CriterionMeasure> All { get; } =
    [
        new("p95",
            "p95 of the flag's treatment requests while 100% baked (all traffic for traffic: all), against the same requests in the pre-phase baseline window",
            "-40% (at least 40% faster than the baseline) or <= 100ms",
            t => t.Form == TargetForm.Improvement || (t.Form == TargetForm.AtMost && t.Unit == TargetUnit.Seconds),
            (t, e) => e.TreatmentP95 is not { } p95 ? (null, CriterionVerdict.NotMeasured, "no treatment request was measured at 100%")
                : t.Form == TargetForm.AtMost ? (Ms(p95), Verdict(t.IsMetBy(p95)), $"treatment p95 {Ms(p95)} at 100% ({e.TreatmentRequests} requests)")
                : e.BaselineP95 is not > 0 ? (Ms(p95), CriterionVerdict.NotMeasured, "no pre-phase baseline of these requests to compare with")
                : (Change(p95 / e.BaselineP95.Value - 1), Verdict(1 - p95 / e.BaselineP95.Value >= t.Value), $"treatment p95 {Ms(p95)} at 100% vs {Ms(e.BaselineP95.Value)} before the phase ({e.TreatmentRequests} requests)")),
        new("rowCounts",
            "no table the phase touches lost rows between preflight and the end of the steps, and the verified backup restored with matching counts",
            "unchanged",
            t => t.Word == "unchanged",
            (_, e) => e.RowCountsKept is not { } kept ? (null, CriterionVerdict.NotMeasured, "the steps did not complete, so their row counts were not compared")
                : (kept && e.BackupVerified != false ? "unchanged" : "changed", Verdict(kept && e.BackupVerified != false),
                    $"{e.RowCountsDetail}; backup {(e.BackupVerified switch { true => "verified", false => "did NOT verify", null => "skipped by the phase" })}")),
        new("lockWaits",
            "the longest time any other session waited on a lock held by the phase's statements (pg_blocking_pids, sampled every 0.5 s during every step)",
            "< 5m, <= 2s",
            t => t.Form == TargetForm.AtMost && t.Unit == TargetUnit.Seconds,
            (t, e) => e.LongestLockWait is not { } wait ? (null, CriterionVerdict.NotMeasured, "no step ran")
                : (Seconds(wait), Verdict(t.IsMetBy(wait)), $"{e.SessionsBlocked} session(s) waited on the phase's locks; the longest {Seconds(wait)}")),
        new("vectorP95",
            "the highest p95 of the golden queries over every vector-recall gate of the run",
            "< 100ms",
            t => t.Form == TargetForm.AtMost && t.Unit == TargetUnit.Seconds,
            (t, e) => e.VectorP95 is not { } p95 ? (null, CriterionVerdict.NotMeasured, "the run ran no vector-recall gate")
                : (Ms(p95), Verdict(t.IsMetBy(p95)), $"worst gate p95 {Ms(p95)}")),
        new("recallAt10",
            "the lowest recall@k of every vector-recall gate of the run (golden dataset)",
            ">= 85%",
            t => t.Form == TargetForm.AtLeast && t.Unit == TargetUnit.Fraction,
            (t, e) => e.Recall is not { } recall ? (null, CriterionVerdict.NotMeasured, "the run ran no vector-recall gate")
                : (Percent(recall), Verdict(t.IsMetBy(recall)), $"lowest gate recall {Percent(recall)}")),
        new("errorRate",
            "failed (5xx) share of the flag's treatment requests over the whole ramp (all traffic for traffic: all)",
            "0%, <= 1%",
            t => t.Form == TargetForm.AtMost && t.Unit == TargetUnit.Fraction,
            (t, e) => e.Requests is not { } requests || requests == 0 ? (null, CriterionVerdict.NotMeasured, "no treatment request was measured during the ramp")
                : ((e.Errors!.Value / (double)requests).ToString("P2", CultureInfo.InvariantCulture), Verdict(t.IsMetBy(e.Errors!.Value / (double)requests)), $"{e.Errors} of {requests} requests failed")),
        new("migrationCount",
            "the number of migrations the consolidated set has (migrationsVerify gate), against the chain's",
            "5-7, <= 7",
            t => t.Form == TargetForm.Range || (t.Form == TargetForm.AtMost && t.Unit == TargetUnit.Count),
            (t, e) => e.ConsolidatedMigrations is not { } count ? (null, CriterionVerdict.NotMeasured, "the run ran no migrationsVerify gate")
                : ($"{e.ChainMigrations} -> {count}", Verdict(t.IsMetBy(count)), $"{e.ChainMigrations} chain migrations consolidated into {count}")),
        new("catalogFingerprint",
            "the consolidated set builds exactly the chain's schema (migrationsVerify: catalog fingerprints of two scratch databases)",
            "identical",
            t => t.Word == "identical",
            (_, e) => e.FingerprintsEqual is not { } equal ? (null, CriterionVerdict.NotMeasured, "the run ran no migrationsVerify gate")
                : (equal ? "identical" : "different", Verdict(equal), e.FingerprintDetail ?? "")),
        new("capacityGate",
            "the capacity gate passed its own thresholds (users, rate, p95, errors, pool waits)",
            "passed",
            t => t.Word == "passed",
            (_, e) => e.CapacityPassed is not { } passed ? (null, CriterionVerdict.NotMeasured, "the run ran no capacity gate")
                : (passed ? "passed" : "failed", Verdict(passed), e.CapacityDetail ?? "")),
        new("alertDelivery",
            "every alert of the run and a delivery check sent at the end reached the alert webhook (R008 alert delivery validation)",
            "delivered",
            t => t.Word == "delivered",
            (_, e) => e.AlertsDelivered is not { } delivered ? (null, CriterionVerdict.NotMeasured, e.AlertDetail ?? "no alert channel is configured (Rollout:AlertWebhook)")
                : (delivered ? "delivered" : "undelivered", Verdict(delivered), e.AlertDetail ?? "")),
        new("metricsSilence",
            "the longest gap between the workload's metric exports during the ramp",
            "<= 30s",
            t => t.Form == TargetForm.AtMost && t.Unit == TargetUnit.Seconds,
            (t, e) => e.LongestMetricsGap is not { } gap ? (null, CriterionVerdict.NotMeasured, "no ramp ran, so no metrics were expected")
                : (Seconds(gap), Verdict(t.IsMetBy(gap)), $"the longest silence during the ramp was {Seconds(gap)}")),
    ];

    public static CriterionMeasure? Find(string? name) => All.FirstOrDefault(m => m.Name == name);

    /// <summary>Judges each criterion on the evidence; a criterion whose measure or target is unknown is NotMeasured (validation reports it).</summary>
    public static IReadOnlyList<CriterionResult> Evaluate(IEnumerable<SuccessCriterion> criteria, CriterionEvidence evidence) =>
    [
        .. criteria.Select(c =>
        {
            if (Find(c.Measure) is not { } measure || CriterionTarget.Parse(c.Target) is not { } target || !measure.Accepts(target))
            {
                return new CriterionResult(c.Criterion, c.Measure ?? "", c.Target ?? "", null, CriterionVerdict.NotMeasured, "no measure reads this criterion", c.Required);
            }

            var (measured, verdict, reason) = measure.Judge(target, evidence);
            return new CriterionResult(c.Criterion, measure.Name, target.Text, measured, verdict, reason, c.Required);
        }),
    ];

    private static CriterionVerdict Verdict(bool met) => met ? CriterionVerdict.Met : CriterionVerdict.NotMet;

    private static string Ms(double seconds) => (seconds * 1000).ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    private static string Seconds(double seconds) => seconds < 1 ? Ms(seconds) : Durations.Format(TimeSpan.FromSeconds(Math.Round(seconds, 1)));

    private static string Percent(double fraction) => Percentages.Format(fraction);

    private static string Change(double change) => (change * 100).ToString("+0;-0;0", CultureInfo.InvariantCulture) + "%";
}
