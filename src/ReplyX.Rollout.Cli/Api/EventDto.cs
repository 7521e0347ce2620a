namespace ReplyX.Rollout.Cli.Api;

public sealed record EventDto(long Id, DateTimeOffset At, string? FromState, string? ToState, string Kind, string Reason);
