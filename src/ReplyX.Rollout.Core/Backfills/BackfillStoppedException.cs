namespace ReplyX.Rollout.Core.Backfills;

/// <summary>A backfill stopped at a batch boundary: the run must stop (abort, guardrail) or its check found rows out of step.</summary>
public sealed class BackfillStoppedException(string message) : Exception(message);
