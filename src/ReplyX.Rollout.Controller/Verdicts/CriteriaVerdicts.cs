using System.Text.Json;
using ReplyX.Rollout.Controller.Alerts;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Core.Criteria;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Controller.Verdicts;

/// <summary>
/// The phase's success criteria, judged on the run's evidence (<see cref="EvidenceCollector"/>) and recorded: before
/// contracting (a required criterion NotMet fails the phase there), at completion and at rollback (what was
/// measurable). Each recording carries the evidence, so a later look and the report read the same numbers.
/// </summary>
public sealed class CriteriaVerdicts(EvidenceCollector collector, AlertPublisher alerts, RolloutStore store)
{
    /// <summary>Judges the criteria now; with <paramref name="checkDelivery"/> a delivery check goes to the alert channel first.</summary>
    public async Task<(IReadOnlyList<CriterionResult> Results, CriterionEvidence Evidence)> JudgeAsync(RolloutRun run, PhaseDefinition phase, bool checkDelivery, CancellationToken cancellationToken)
    {
        if (checkDelivery && phase.SuccessCriteria.Any(c => c.Measure == "alertDelivery"))
        {
            await alerts.CheckDeliveryAsync(run, cancellationToken);
        }

        var evidence = await collector.CollectAsync(run, phase, cancellationToken);
        return (CriterionMeasures.Evaluate(phase.SuccessCriteria, evidence), evidence);
    }

    /// <summary>The run with the verdicts and their evidence recorded on it, for a transition's change.</summary>
    public static RolloutRun Record(RolloutRun run, IReadOnlyList<CriterionResult> results, CriterionEvidence evidence) =>
        run with { SuccessCriteriaJson = JsonSerializer.Serialize(results, RolloutStore.Json), CriteriaEvidenceJson = JsonSerializer.Serialize(evidence, RolloutStore.Json) };

    /// <summary>One line per criterion, for events and logs: "p95: -94% against -40%: Met".</summary>
    public static string Summary(IReadOnlyList<CriterionResult> results) =>
        string.Join("; ", results.Select(r => $"{r.Criterion} ({r.Measure}): {r.Measured ?? "not measured"} against {r.Target}: {r.Verdict}{(r.Verdict == CriterionVerdict.NotMeasured ? $" ({r.Reason})" : "")}"));

    public async Task RecordEventAsync(RolloutRun run, IReadOnlyList<CriterionResult> results, string when, CancellationToken cancellationToken)
    {
        if (results.Count > 0)
        {
            await store.RecordEventAsync(run.Id, "success-criteria", $"success criteria {when}: {Summary(results)}", results, cancellationToken);
        }
    }
}
