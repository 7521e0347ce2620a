namespace ReplyX.Rollout.Core.Execution;

/// <summary>
/// A step claim from a controller whose epoch is older than the newest leader's recorded in the target: refused.
/// A deposed leader that wakes up cannot apply, or mark applied, a step its successor owns.
/// </summary>
public sealed class StaleEpochException(long epoch, long fence)
    : InvalidOperationException($"claim refused: epoch {epoch} is older than the newest leader's ({fence}) recorded in the target")
{
    public long Epoch { get; } = epoch;

    public long Fence { get; } = fence;
}
