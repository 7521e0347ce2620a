namespace ReplyX.Rollout.Controller.Rollouts;

/// <summary>Per-run changes to the phase's timings (drills and tests), recorded on the run so nobody mistakes them for the phase file.</summary>
public sealed record RunOverrides
{
    public TimeSpan? Bake { get; init; }

    /// <summary>How long without metrics before a stage pauses, instead of the phase's <c>guardrails.metricsSilence</c>.</summary>
    public TimeSpan? MetricsSilence { get; init; }

    /// <summary>How long a capacity gate drives load, instead of the gate's <c>duration</c> (a quick rehearsal).</summary>
    public TimeSpan? CapacityDuration { get; init; }

    /// <summary>
    /// The arrival rate a capacity gate drives, instead of the gate's <c>rate</c>: a rehearsal of the pipeline on a host
    /// smaller than the one the phase's capacity claim is for. The readings and the verdict name the rate used.
    /// </summary>
    public double? CapacityRate { get; init; }

    public bool IsEmpty => Bake is null && MetricsSilence is null && CapacityDuration is null && CapacityRate is null;
}
