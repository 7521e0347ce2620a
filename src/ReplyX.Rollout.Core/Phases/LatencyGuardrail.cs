namespace ReplyX.Rollout.Core.Phases;

/// <summary>
/// "p95 more than <see cref="MaxRegression"/> slower" (treatment against its control, all traffic against the
/// pre-phase baseline). <see cref="MinDelta"/> is the smallest p95 slowdown that matters to the phase: on a
/// few-millisecond p95 a host's own drift is tens of percent, and a regression must then also be this much
/// slower in absolute terms. Zero (the default) keeps the relative rule alone.
/// </summary>
public sealed record LatencyGuardrail(double MaxRegression = 0.20, int MinSamples = 200, string Risk = "R003", TimeSpan MinDelta = default);
