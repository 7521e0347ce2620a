namespace ReplyX.Rollout.Core.Criteria;

/// <summary>A success criterion's verdict: met, not met, or not measured (with the reason, never a guess).</summary>
public enum CriterionVerdict
{
    Met,
    NotMet,
    NotMeasured,
}
