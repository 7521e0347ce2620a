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

    /// <summary>
    /// True: a stage's latency tests pass once <c>minSamples</c> exist without a failure, instead of only on evidence
    /// (the likelihood ratio at its acceptance bound). For rehearsals of the pipeline at demo speed; the run says so.
    /// </summary>
    public bool? AdvanceOnSamples { get; init; }

    public bool IsEmpty => Bake is null && MetricsSilence is null && CapacityDuration is null && CapacityRate is null && AdvanceOnSamples is null;
}
