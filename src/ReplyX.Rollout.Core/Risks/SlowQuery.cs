namespace ReplyX.Rollout.Core.Risks;

/// <summary>A statement slower than its baseline: means in milliseconds, calls in the window.</summary>
public sealed record SlowQuery(long QueryId, string Query, double BaselineMean, double WindowMean, long Calls);
