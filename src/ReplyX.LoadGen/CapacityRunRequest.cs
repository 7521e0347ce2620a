namespace ReplyX.LoadGen;

/// <summary>POST /capacity-runs: a bounded run on the given cohort (the controller's capacity gate).</summary>
public sealed record CapacityRunRequest(int Users, double Rate, double DurationSeconds, string? Mix, string? Cohort);
