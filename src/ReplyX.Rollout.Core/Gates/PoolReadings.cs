namespace ReplyX.Rollout.Core.Gates;

/// <summary>The workload's connection pools during a capacity run: most requests waiting, longest run above the limit, and whether any metrics arrived.</summary>
public sealed record PoolReadings(double? MaxPending, int SustainedSeconds, bool Reported);
