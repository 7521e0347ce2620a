namespace ReplyX.Rollout.Cli.Api;

/// <summary>A run as the controller's API returns it.</summary>
public sealed record RolloutDto(
    Guid Id,
    string Phase,
    string Flag,
    string State,
    int Stage,
    int Percentage,
    string? Reason,
    bool AwaitingApproval,
    string? PausedFrom,
    string? RequestedAction,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? StageStartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<int> Stages,
    double BakeSeconds,
    IReadOnlyList<CriterionDto>? SuccessCriteria,
    string? Holding,
    DateTimeOffset? VerdictEta,
    IReadOnlyList<StepDto>? Steps,
    IReadOnlyList<EventDto>? Events)
{
    public bool IsTerminal => State is "Completed" or "RolledBack" or "Failed";
}
