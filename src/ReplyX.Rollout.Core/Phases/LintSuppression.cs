namespace ReplyX.Rollout.Core.Phases;

/// <summary>A step's written permission to break one lint rule.</summary>
public sealed record LintSuppression(string Rule, string Reason);
