using ReplyX.Rollout.Core.Diagnostics;

namespace ReplyX.Rollout.Core.Lint;

/// <summary>A rule broken by one statement of a step; <see cref="SuppressedBecause"/> carries the step's written reason.</summary>
public sealed record LintFinding(LintRule Rule, string StepName, bool InRollback, string Statement, SourcePosition Position, string? SuppressedBecause)
{
    public bool IsSuppressed => SuppressedBecause is not null;

    public string Message =>
        $"{Rule.Name} in {(InRollback ? "rollback of " : "")}step '{StepName}': {Rule.Reason} Instead: {Rule.SafeAlternative}";
}
