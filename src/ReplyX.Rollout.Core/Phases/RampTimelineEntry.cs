namespace ReplyX.Rollout.Core.Phases;

/// <summary>One ramp stage on the plan's timeline: when it starts and ends at the earliest, after the expand steps.</summary>
public sealed record RampTimelineEntry(int Percentage, TimeSpan Bake, TimeSpan StartsAfter, TimeSpan EndsAfter, bool NeedsApproval);
