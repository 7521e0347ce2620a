namespace ReplyX.Rollout.Core.Rollouts;

/// <summary>A transition the state machine does not allow: a bug or a request that came too late, never a silent no-op.</summary>
public sealed class InvalidRolloutTransitionException(RolloutState from, RolloutState to)
    : InvalidOperationException($"A rollout cannot go from {from} to {to}.")
{
    public RolloutState From { get; } = from;

    public RolloutState To { get; } = to;
}
