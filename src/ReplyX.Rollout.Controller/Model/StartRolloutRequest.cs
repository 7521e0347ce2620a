namespace ReplyX.Rollout.Controller.Model;

/// <summary>
/// Start a phase. <c>Bake</c>, <c>MetricsSilence</c>, <c>CapacityDuration</c> and <c>CapacityRate</c> override the
/// phase's timings and its capacity gate's rate for this run only (drills, rehearsals, tests); the run records that
/// they did.
/// </summary>
public sealed record StartRolloutRequest(string? Phase, string? Bake, string? MetricsSilence = null, string? CapacityDuration = null, double? CapacityRate = null, string? AdvanceOn = null);
