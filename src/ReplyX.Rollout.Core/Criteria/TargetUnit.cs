namespace ReplyX.Rollout.Core.Criteria;

/// <summary>What a target's number counts: seconds, a fraction (from a percentage), or a plain count.</summary>
public enum TargetUnit
{
    None,
    Seconds,
    Fraction,
    Count,
}
