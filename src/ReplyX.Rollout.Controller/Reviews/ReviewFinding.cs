namespace ReplyX.Rollout.Controller.Reviews;

/// <summary>One thing that went wrong for the data in one run (rows lost, a backup not verified, an undo that failed, a restore).</summary>
public sealed record ReviewFinding(Guid Run, string Phase, string What);
