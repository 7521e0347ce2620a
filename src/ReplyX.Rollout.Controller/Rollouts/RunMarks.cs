namespace ReplyX.Rollout.Controller.Rollouts;

/// <summary>
/// What the engine has seen of a run between transitions, kept on the run (not in a replica's memory) so a restart
/// or a new leader continues where the last pass stopped: since when the run has waited for traffic to settle,
/// that its steps were verified and its before-traffic gates passed, and which stage's hold was already reported.
/// </summary>
public sealed record RunMarks
{
    public DateTimeOffset? SettlingSince { get; init; }

    /// <summary>The integrity readings recorded when the steps were verified and the before-traffic gates passed (JSON).</summary>
    public string? VerifiedJson { get; init; }

    public int? HoldReportedStage { get; init; }

    /// <summary>When the last guardrail look was kept for the report (<c>rollout.run_looks</c>).</summary>
    public DateTimeOffset? LastLookAt { get; init; }
}
