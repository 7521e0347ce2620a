namespace ReplyX.Rollout.Core.Gates;

/// <summary>What the load generator is asked to do: users, rate, a warm-up ramp and the measured duration, on the cohort that the flag puts on the treatment path.</summary>
public sealed record CapacityRequest(int Users, double Rate, TimeSpan Duration, string? Mix, string Cohort, TimeSpan Warmup = default);
