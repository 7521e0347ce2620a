namespace ReplyX.Rollout.Controller.Leadership;

/// <summary>A write from a controller whose epoch is no longer the leader's: refused, never applied (fencing).</summary>
public sealed class LeadershipLostException(long epoch, long? current)
    : InvalidOperationException($"write refused: this controller's epoch {epoch} is no longer the leader's ({(current is { } c ? $"epoch {c}" : "no leader recorded")})")
{
    public long Epoch { get; } = epoch;

    public long? Current { get; } = current;
}
