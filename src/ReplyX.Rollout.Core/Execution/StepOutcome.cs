namespace ReplyX.Rollout.Core.Execution;

/// <summary>How a step went: the facts recorded on the run and on its span.</summary>
public sealed record StepOutcome(
    bool Succeeded,
    bool AlreadyApplied,
    int Attempts,
    TimeSpan Duration,
    bool Transactional,
    int LockTimeouts,
    IReadOnlyList<string> RetriedErrors,
    IReadOnlyList<string> DroppedInvalidIndexes,
    IReadOnlyList<int> BlockedBy,
    string? Error);
