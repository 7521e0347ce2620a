namespace ReplyX.LoadGen;

/// <summary>
/// POST /capacity-runs: a bounded run on the given cohort (the controller's capacity gate). The optional warm-up
/// ramps the rate up from zero before the measured duration; its requests are reported apart.
/// </summary>
public sealed record CapacityRunRequest(int Users, double Rate, double DurationSeconds, string? Mix, string? Cohort, double? WarmupSeconds = null);
