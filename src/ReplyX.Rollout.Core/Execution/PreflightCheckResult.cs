namespace ReplyX.Rollout.Core.Execution;

/// <summary>One preflight check: passed or not, why, and the readings behind the verdict.</summary>
public sealed record PreflightCheckResult(string Check, bool Passed, string Detail, IReadOnlyDictionary<string, object?> Readings);
