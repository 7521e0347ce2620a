namespace ReplyX.Rollout.Controller.Rollouts;

/// <summary>One step of a run (expand, contract or rollback) with its timings and what happened.</summary>
public sealed record RunStep(string Kind, int Ordinal, string Name, string Status, int Attempts, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string DetailJson)
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}
