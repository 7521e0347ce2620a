namespace ReplyX.Rollout.Core.Analysis;

/// <summary>The decision for a stage and every verdict behind it; for a hold (or a pause for time), when the verdict can be in.</summary>
public sealed record StageAnalysis(StageDecision Decision, IReadOnlyList<GuardrailVerdict> Verdicts, VerdictEstimate? Estimate = null)
{
    public GuardrailVerdict? Deciding => Verdicts.FirstOrDefault(v => v.Outcome == GuardrailOutcome.Failed)
        ?? Verdicts.FirstOrDefault(v => v.Outcome == GuardrailOutcome.NoData);

    public string Summary => string.Join("; ", Verdicts.Select(v => $"{v.Guardrail}: {v.Outcome} ({v.Reason})"));
}
