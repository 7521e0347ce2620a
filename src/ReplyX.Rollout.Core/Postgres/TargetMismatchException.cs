namespace ReplyX.Rollout.Core.Postgres;

/// <summary>A connection reached another database than the one the run pinned at preflight: nothing more may change.</summary>
public sealed class TargetMismatchException(TargetIdentity expected, TargetIdentity actual)
    : InvalidOperationException($"the target is no longer the database this run pinned at preflight: expected {expected}; reached {actual}")
{
    public TargetIdentity Expected { get; } = expected;

    public TargetIdentity Actual { get; } = actual;
}
