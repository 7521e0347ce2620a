namespace ReplyX.Rollout.Core.Phases;

/// <summary>The limits a ramp stage must stay within; each names the risk it guards.</summary>
public sealed record GuardrailSpec
{
    /// <summary>
    /// True (<c>traffic: all</c>) for a phase whose flag routes no request (a schema bookkeeping change): every
    /// request is judged against the pre-phase baseline instead of a treatment against its control.
    /// </summary>
    public bool AllTraffic { get; init; }

    /// <summary>Treatment p95 vs concurrent control and vs the pre-phase baseline (R003).</summary>
    public LatencyGuardrail LatencyP95 { get; init; } = new();

    /// <summary>Error rate of the treatment (R002).</summary>
    public ErrorRateGuardrail ErrorRate { get; init; } = new();

    /// <summary>Absolute p95 ceiling (the seed's 500 ms), or null for none.</summary>
    public TimeSpan? MaxP95 { get; init; }

    /// <summary>Connection-pool waits that mean exhaustion (R007).</summary>
    public PoolGuardrail Pool { get; init; } = new();

    /// <summary>How long without metrics before the rollout pauses (R008).</summary>
    public TimeSpan MetricsSilence { get; init; } = TimeSpan.FromMinutes(1);
}
