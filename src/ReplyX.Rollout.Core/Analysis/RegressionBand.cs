using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Core.Analysis;

/// <summary>
/// The band a latency test decides in, relative to the reference p95: never roll back at or below
/// <see cref="Tolerated"/>, always at or above <see cref="Regression"/> (ROLLOUT-FACTS: a threshold is a band).
/// Without a floor that is +10% / the guardrail's +20%. With <see cref="LatencyGuardrail.MinDelta"/> the regression
/// line is also at least that many seconds of p95, and the tolerated line at least half of it, so on a 6 ms p95 a
/// 5 ms floor makes the band +42% / +83%: the same shape, in the units that matter to the phase.
/// </summary>
public readonly record struct RegressionBand(double Tolerated, double Regression, bool Floored)
{
    public static RegressionBand For(LatencyGuardrail guardrail, double? referenceP95)
    {
        var floor = guardrail.MinDelta.TotalSeconds;
        if (floor <= 0 || referenceP95 is not > 0)
        {
            return new RegressionBand(StageAnalyzer.Tolerated, guardrail.MaxRegression, false);
        }

        var relative = floor / referenceP95.Value;
        var band = new RegressionBand(Math.Max(StageAnalyzer.Tolerated, relative / 2), Math.Max(guardrail.MaxRegression, relative), false);
        return band with { Floored = band.Tolerated > StageAnalyzer.Tolerated || band.Regression > guardrail.MaxRegression };
    }
}
