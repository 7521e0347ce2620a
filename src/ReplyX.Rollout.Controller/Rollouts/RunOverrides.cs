namespace ReplyX.Rollout.Controller.Rollouts;

/// <summary>Per-run changes to the phase's timings (drills and tests), recorded on the run so nobody mistakes them for the phase file.</summary>
public sealed record RunOverrides
{
    public TimeSpan? Bake { get; init; }

    /// <summary>How long without metrics before a stage pauses, instead of the phase's <c>guardrails.metricsSilence</c>.</summary>
    public TimeSpan? MetricsSilence { get; init; }

    /// <summary>How long a capacity gate drives load, instead of the gate's <c>duration</c> (a quick rehearsal).</summary>
    public TimeSpan? CapacityDuration { get; init; }

    public bool IsEmpty => Bake is null && MetricsSilence is null && CapacityDuration is null;
}
