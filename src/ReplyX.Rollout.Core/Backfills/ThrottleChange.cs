namespace ReplyX.Rollout.Core.Backfills;

/// <summary>One change of a backfill's pace, with the evidence that caused it.</summary>
public sealed record ThrottleChange(int BatchSize, TimeSpan Pause, bool SlowedDown, string Reason);
