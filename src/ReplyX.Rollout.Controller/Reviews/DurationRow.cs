namespace ReplyX.Rollout.Controller.Reviews;

/// <summary>
/// A run's ramp as planned (its stages times its bake, the run's override included) against what it took from the
/// first stage to the end of the ramp, and the whole run from creation to its end (null while it runs).
/// </summary>
public sealed record DurationRow(Guid Run, string Phase, string State, double PlannedRampSeconds, double? ActualRampSeconds, double? TotalSeconds);
