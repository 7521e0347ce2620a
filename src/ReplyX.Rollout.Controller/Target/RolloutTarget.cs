namespace ReplyX.Rollout.Controller.Target;

/// <summary>
/// The database the phases change (the workload's), as the controller reaches it, and its streaming standby when one
/// is configured (<c>ConnectionStrings:standby</c>): recovery level 4 promotes it.
/// </summary>
public sealed record RolloutTarget(string ConnectionString, string? StandbyConnectionString = null);
