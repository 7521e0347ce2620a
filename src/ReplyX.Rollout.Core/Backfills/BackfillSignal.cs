namespace ReplyX.Rollout.Core.Backfills;

/// <summary>What the controller knows between batches: all-traffic p95 over its pre-step baseline, and whether the run must stop.</summary>
public sealed record BackfillSignal(double? P95Ratio, string? Stop)
{
    public static readonly BackfillSignal None = new(null, null);
}
