using System.Text.Json;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Core.Criteria;

namespace ReplyX.Rollout.Controller.Model;

/// <summary>A success criterion's verdict as the API shows it.</summary>
public sealed record CriterionView(string Criterion, string Measure, string Target, string? Measured, string Verdict, string Reason, bool Required)
{
    public static IReadOnlyList<CriterionView>? From(RolloutRun run) =>
        run.SuccessCriteriaJson is null ? null
            : [.. (JsonSerializer.Deserialize<List<CriterionResult>>(run.SuccessCriteriaJson, RolloutStore.Json) ?? [])
                .Select(r => new CriterionView(r.Criterion, r.Measure, r.Target, r.Measured, r.Verdict.ToString(), r.Reason, r.Required))];
}
