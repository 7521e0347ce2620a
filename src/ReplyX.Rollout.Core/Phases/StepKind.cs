namespace ReplyX.Rollout.Core.Phases;

/// <summary>Where a step sits in the expand/contract pattern.</summary>
public enum StepKind
{
    Expand,
    Contract,
}
