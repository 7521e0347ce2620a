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

    /// <summary>The latest hold of the stage <see cref="HoldStage"/>: what it waits for and when the verdict can be in (null: not in sight).</summary>
    public string? Holding { get; init; }

    public DateTimeOffset? VerdictEta { get; init; }

    public int? HoldStage { get; init; }

    public DateTimeOffset? HoldAt { get; init; }

    /// <summary>The stage already paused once for its verdict time: after a human resumes it, it holds on.</summary>
    public int? VerdictTimePausedStage { get; init; }

    /// <summary>The hold of the run's current stage, when the run is ramping and holding.</summary>
    public (string Text, DateTimeOffset? Eta)? CurrentHold(int stageIndex) => Holding is { } text && HoldStage == stageIndex ? (text, VerdictEta) : null;
}
