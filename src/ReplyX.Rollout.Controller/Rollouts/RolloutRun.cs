using ReplyX.Rollout.Controller.Requests;
using ReplyX.Rollout.Core.Rollouts;

namespace ReplyX.Rollout.Controller.Rollouts;

/// <summary>A rollout run as stored: everything the engine needs to continue it after a crash.</summary>
public sealed record RolloutRun
{
    public required Guid Id { get; init; }

    public required string PhaseId { get; init; }

    public required string Flag { get; init; }

    public required RolloutState State { get; init; }

    public int StageIndex { get; init; } = -1;

    public int Percentage { get; init; }

    /// <summary>The phase file as it was when the run started: the run executes exactly what was validated.</summary>
    public required string PhaseYaml { get; init; }

    public RunOverrides Overrides { get; init; } = new();

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset StateEnteredAt { get; init; }

    public DateTimeOffset? StageStartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public RolloutState? PausedFrom { get; init; }

    public RunRequest? RequestedAction { get; init; }

    public bool AwaitingApproval { get; init; }

    public DateTimeOffset? ApprovedAt { get; init; }

    public string? Reason { get; init; }

    public string? TraceParent { get; init; }

    public string? BackupJson { get; init; }

    public IReadOnlyList<string> TouchedTables { get; init; } = [];

    public string? RowCountsBeforeJson { get; init; }

    /// <summary>The pre-phase latency of all traffic, captured before any DDL (a <c>HistogramSnapshot</c> as JSON).</summary>
    public string? BaselineJson { get; init; }

    /// <summary>The latest guardrail verdicts of the current stage, as JSON.</summary>
    public string? AnalysisJson { get; init; }

    public RunMarks Marks { get; init; } = new();

    /// <summary>The flag's own requests (all traffic for <c>traffic: all</c>) before the phase, a <c>HistogramSnapshot</c> as JSON.</summary>
    public string? FlagBaselineJson { get; init; }

    /// <summary>What the success criteria were judged on (a <c>CriterionEvidence</c> as JSON).</summary>
    public string? CriteriaEvidenceJson { get; init; }

    /// <summary>The success criteria's results (<c>CriterionResult</c>s as JSON), recorded before contracting, at completion and at rollback.</summary>
    public string? SuccessCriteriaJson { get; init; }

    /// <summary>The target database pinned at preflight (a <c>TargetIdentity</c> as JSON); null before.</summary>
    public string? TargetIdentityJson { get; init; }
}
