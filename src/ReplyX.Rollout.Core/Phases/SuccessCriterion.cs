using ReplyX.Rollout.Core.Diagnostics;

namespace ReplyX.Rollout.Core.Phases;

/// <summary>
/// A success criterion from the seed's phase table: the measure that reads it (<see cref="Criteria.CriterionMeasures"/>),
/// its target, and whether a NotMet verdict fails the phase before contracting (<see cref="Required"/>) or is reported.
/// </summary>
public sealed record SuccessCriterion(string Criterion, string? Measure, string? Target, bool Required = false)
{
    public SourcePosition Position { get; init; } = SourcePosition.Start;
}
