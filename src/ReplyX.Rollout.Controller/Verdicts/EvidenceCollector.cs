using System.Text.Json;
using Microsoft.Extensions.Options;
using ReplyX.Rollout.Controller.Configuration;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Core.Criteria;
using ReplyX.Rollout.Core.Execution;
using ReplyX.Rollout.Core.Gates;
using ReplyX.Rollout.Core.Metrics;
using ReplyX.Rollout.Core.Phases;
using ReplyX.Rollout.Core.Rollouts;

namespace ReplyX.Rollout.Controller.Verdicts;

/// <summary>
/// Gathers what a run measured into <see cref="CriterionEvidence"/>: from its own record (the integrity readings of
/// the steps, the backup, each step's lock waits, the gates' readings, its alerts) and from the metrics source (the
/// treatment at 100%, errors and silences over the ramp). Readings of the 100% stage are taken once, while it is
/// served, and kept on the run: a later look (completion, rollback) reuses them.
/// </summary>
public sealed class EvidenceCollector(RolloutStore store, IMetricsSource metrics, TimeProvider time, IOptions<ControllerOptions> options)
{
    public async Task<CriterionEvidence> CollectAsync(RolloutRun run, PhaseDefinition phase, CancellationToken cancellationToken)
    {
        var kept = run.CriteriaEvidenceJson is null ? null : JsonSerializer.Deserialize<CriterionEvidence>(run.CriteriaEvidenceJson, RolloutStore.Json);
        var events = await store.EventsAsync(run.Id, 0, cancellationToken);
        var steps = await store.StepsAsync(run.Id, cancellationToken);
        var evidence = new CriterionEvidence
        {
            BackupVerified = run.BackupJson is null ? null : JsonDocument.Parse(run.BackupJson).RootElement.GetProperty("verified").GetBoolean(),
        };
        evidence = WithRowCounts(evidence, events);
        evidence = WithLockWaits(evidence, steps);
        evidence = WithGates(evidence, events);
        evidence = WithAlerts(evidence, events);
        if (options.Value.GuardrailsEnabled)
        {
            evidence = WithTraffic(evidence, kept, run, phase, events);
        }

        return evidence;
    }

    private static CriterionEvidence WithRowCounts(CriterionEvidence evidence, IReadOnlyList<RunEvent> events)
    {
        // The integrity readings are on the transition out of Applying: to Ramping (verified) or to RollingBack (failed).
        foreach (var e in events.Where(e => e.Kind == "transition" && e.FromState == nameof(RolloutState.Applying)).Reverse())
        {
            using var readings = JsonDocument.Parse(e.ReadingsJson);
            if (readings.RootElement.TryGetProperty("rowCounts", out var counts) && counts.ValueKind == JsonValueKind.Object)
            {
                var tables = counts.EnumerateObject().Select(t => (t.Name, Before: t.Value.GetProperty("before").GetInt64(), After: t.Value.GetProperty("after").GetInt64())).ToList();
                var lost = tables.Where(t => t.After < t.Before).ToList();
                return evidence with
                {
                    RowCountsKept = lost.Count == 0,
                    RowCountsDetail = lost.Count == 0
                        ? $"{tables.Count} table(s) kept every row ({string.Join(", ", tables.Select(t => $"{t.Name} {t.Before} -> {t.After}"))})"
                        : "lost rows: " + string.Join(", ", lost.Select(t => $"{t.Name} {t.Before} -> {t.After}")),
                };
            }
        }

        return evidence;
    }

    private static CriterionEvidence WithLockWaits(CriterionEvidence evidence, IReadOnlyList<RunStep> steps)
    {
        var measured = steps.Where(s => s.Kind != StepRequest.RollbackKind && s.FinishedAt is not null)
            .Select(s => JsonDocument.Parse(s.DetailJson).RootElement)
            .Where(d => d.TryGetProperty("longestWaitImposedSeconds", out _))
            .Select(d => (Wait: d.GetProperty("longestWaitImposedSeconds").GetDouble(), Sessions: d.GetProperty("sessionsBlocked").GetInt32()))
            .ToList();
        return measured.Count == 0 ? evidence : evidence with { LongestLockWait = measured.Max(m => m.Wait), SessionsBlocked = measured.Sum(m => m.Sessions) };
    }

    private static CriterionEvidence WithGates(CriterionEvidence evidence, IReadOnlyList<RunEvent> events)
    {
        foreach (var e in events.Where(e => e.Kind is "gate-passed" or "gate-failed"))
        {
            var passed = e.Kind == "gate-passed";
            using var document = JsonDocument.Parse(e.ReadingsJson);
            var r = document.RootElement;
            switch (r.GetProperty("gate").GetString())
            {
                case GateCatalog.VectorRecall when r.TryGetProperty("recall", out var recall):
                    var p95 = r.GetProperty("p95Ms").GetDouble() / 1000;
                    evidence = evidence with { Recall = Math.Min(evidence.Recall ?? 1, recall.GetDouble()), VectorP95 = Math.Max(evidence.VectorP95 ?? 0, p95) };
                    break;
                case GateCatalog.MigrationsVerify when r.TryGetProperty("consolidatedMigrations", out var consolidated):
                    evidence = evidence with
                    {
                        ChainMigrations = r.GetProperty("chainMigrations").GetInt32(),
                        ConsolidatedMigrations = consolidated.GetInt32(),
                        FingerprintsEqual = passed,
                        FingerprintDetail = e.Reason,
                    };
                    break;
                case GateCatalog.Capacity:
                    evidence = evidence with { CapacityPassed = passed, CapacityDetail = e.Reason };
                    break;
            }
        }

        return evidence;
    }

    private static CriterionEvidence WithAlerts(CriterionEvidence evidence, IReadOnlyList<RunEvent> events)
    {
        var checks = events.Where(e => e.Kind is "alert-delivery-check").ToList();
        if (checks.Count == 0)
        {
            return evidence;
        }

        var undelivered = events.Count(e => e.Kind == "alert-undelivered");
        var alerts = events.Count(e => e.Kind == "alert");
        var checkDelivered = checks[^1].Reason.StartsWith("delivered", StringComparison.Ordinal);
        return evidence with
        {
            AlertsDelivered = undelivered == 0 && checkDelivered,
            AlertDetail = $"{alerts} alert(s) raised, {undelivered} undelivered; delivery check: {checks[^1].Reason}",
        };
    }

    private CriterionEvidence WithTraffic(CriterionEvidence evidence, CriterionEvidence? kept, RolloutRun run, PhaseDefinition phase, IReadOnlyList<RunEvent> events)
    {
        var baseline = run.FlagBaselineJson is null ? null : LatencyHistogram.FromSnapshot(JsonSerializer.Deserialize<HistogramSnapshot>(run.FlagBaselineJson, RolloutStore.Json)!);
        evidence = evidence with { BaselineP95 = baseline?.Quantile(0.95) };
        if (kept is not null && run.State != RolloutState.Ramping)
        {
            // Measured while the ramp was served; the metrics store may have forgotten it since, the run has not.
            return evidence with
            {
                TreatmentP95 = kept.TreatmentP95, TreatmentRequests = kept.TreatmentRequests,
                Errors = kept.Errors, Requests = kept.Requests, LongestMetricsGap = kept.LongestMetricsGap,
            };
        }

        if (events.FirstOrDefault(e => e.Kind == "transition" && e.ToState == nameof(RolloutState.Ramping)) is not { } rampStarted)
        {
            return evidence;
        }

        var now = time.GetUtcNow();
        var from = rampStarted.At + options.Value.StageSettle;
        var to = run.State == RolloutState.Ramping ? now : events.LastOrDefault(e => e.Kind == "transition" && e.FromState == nameof(RolloutState.Ramping) && e.ToState != nameof(RolloutState.Ramping))?.At ?? now;
        if (to <= from)
        {
            return evidence;
        }

        var ramp = Treatment(phase, from, to);
        evidence = evidence with { Errors = ramp.Errors, Requests = ramp.Count, LongestMetricsGap = metrics.LongestGap(from, to).TotalSeconds };
        if (run.State == RolloutState.Ramping && run.Percentage == 100 && run.StageStartedAt is { } stageStart)
        {
            var served = Treatment(phase, stageStart + options.Value.StageSettle, now);
            evidence = evidence with { TreatmentP95 = served.Histogram.Quantile(0.95), TreatmentRequests = served.Count };
        }

        return evidence;
    }

    private LatencyWindow Treatment(PhaseDefinition phase, DateTimeOffset from, DateTimeOffset to) =>
        phase.Guardrails.AllTraffic ? metrics.AllTraffic(from, to) : metrics.Window(phase.Flag, SeriesKey.Treatment, from, to);
}
