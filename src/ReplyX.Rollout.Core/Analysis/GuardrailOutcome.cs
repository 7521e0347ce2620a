namespace ReplyX.Rollout.Core.Analysis;

/// <summary>Verdicts, not booleans (Argo's evaluate): Inconclusive holds a stage, NoData pauses it, Failed rolls back.</summary>
public enum GuardrailOutcome
{
    Passed,
    Inconclusive,
    NoData,
    Failed,
}
