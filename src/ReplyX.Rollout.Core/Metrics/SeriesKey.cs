using ReplyX.Rollout.Primitives.Flags;

namespace ReplyX.Rollout.Core.Metrics;

/// <summary>What a latency series is about: the phase flag, the variant the request was served by, and its route.</summary>
public readonly record struct SeriesKey(string Flag, string Variant, string Route)
{
    public const string Control = PhaseFlagTargeting.Control;
    public const string Treatment = PhaseFlagTargeting.Treatment;
}
