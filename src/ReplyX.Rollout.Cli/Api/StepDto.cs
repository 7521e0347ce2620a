namespace ReplyX.Rollout.Cli.Api;

public sealed record StepDto(string Kind, int Ordinal, string Name, string Status, int Attempts, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string DetailJson);
