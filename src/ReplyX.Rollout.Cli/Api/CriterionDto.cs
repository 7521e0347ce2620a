namespace ReplyX.Rollout.Cli.Api;

/// <summary>A success criterion's verdict as the controller's API returns it.</summary>
public sealed record CriterionDto(string Criterion, string Measure, string Target, string? Measured, string Verdict, string Reason, bool Required);
