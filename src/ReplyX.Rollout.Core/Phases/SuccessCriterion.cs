namespace ReplyX.Rollout.Core.Phases;

/// <summary>A success criterion from the seed's phase table, with the measure that checks it when there is one.</summary>
public sealed record SuccessCriterion(string Criterion, string? Measure, string? Target);
