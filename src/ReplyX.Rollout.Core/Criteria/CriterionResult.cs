namespace ReplyX.Rollout.Core.Criteria;

/// <summary>One success criterion, judged: what was measured against which target, the verdict and why.</summary>
public sealed record CriterionResult(string Criterion, string Measure, string Target, string? Measured, CriterionVerdict Verdict, string Reason, bool Required);
