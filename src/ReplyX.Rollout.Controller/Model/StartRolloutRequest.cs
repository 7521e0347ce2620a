namespace ReplyX.Rollout.Controller.Model;

/// <summary>
/// Start a phase. <c>Bake</c> and <c>MetricsSilence</c> override the phase's timings for this run only (drills,
/// tests); the run records that they did.
/// </summary>
public sealed record StartRolloutRequest(string? Phase, string? Bake, string? MetricsSilence = null);
