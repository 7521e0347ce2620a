namespace ReplyX.Rollout.Controller.Rollouts;

/// <summary>A recorded moment of a run: a transition or a decision, with the reason and the readings that drove it.</summary>
public sealed record RunEvent(long Id, DateTimeOffset At, string? FromState, string? ToState, string Kind, string Reason, string ReadingsJson);
