namespace ReplyX.Rollout.Core.Criteria;

/// <summary>
/// One measure a success criterion can name: what it reads and over which window (<see cref="Reading"/>, shown in
/// the docs and in <c>plan</c>), which target shapes it accepts, and how a reading is judged against the target.
/// </summary>
public sealed record CriterionMeasure(
    string Name,
    string Reading,
    string Targets,
    Func<CriterionTarget, bool> Accepts,
    Func<CriterionTarget, CriterionEvidence, (string? Measured, CriterionVerdict Verdict, string Reason)> Judge);
