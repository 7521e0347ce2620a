namespace ReplyX.Rollout.Core.Analysis;

/// <summary>The decision for a stage and every verdict behind it.</summary>
public sealed record StageAnalysis(StageDecision Decision, IReadOnlyList<GuardrailVerdict> Verdicts)
{
    public GuardrailVerdict? Deciding => Verdicts.FirstOrDefault(v => v.Outcome == GuardrailOutcome.Failed)
        ?? Verdicts.FirstOrDefault(v => v.Outcome == GuardrailOutcome.NoData);

    public string Summary => string.Join("; ", Verdicts.Select(v => $"{v.Guardrail}: {v.Outcome} ({v.Reason})"));
}
