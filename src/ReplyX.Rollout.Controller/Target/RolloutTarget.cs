namespace ReplyX.Rollout.Controller.Target;

/// <summary>The database the phases change (the workload's), as the controller reaches it.</summary>
public sealed record RolloutTarget(string ConnectionString);
