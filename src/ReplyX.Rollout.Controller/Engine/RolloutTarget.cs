namespace ReplyX.Rollout.Controller.Engine;

/// <summary>The database the phases change (the workload's), as the controller reaches it.</summary>
public sealed record RolloutTarget(string ConnectionString);
