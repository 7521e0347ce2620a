using ReplyX.Rollout.Core.Metrics;

namespace ReplyX.Rollout.Core.Analysis;

/// <summary>
/// The latency decision rule. "Roll back on a >20% p95 regression" is only testable as a band (ROLLOUT-FACTS):
/// never roll back when the candidate is at most <c>tolerated</c> (10%) slower, always when it is
/// <c>regression</c> (20%) or more slower. With c = (1 + tolerated) × reference p95, each candidate request is a
/// Bernoulli trial "slower than c". If the candidate is the reference slowed by at most 10%, that happens with
/// probability p0 ≤ 5%; slowed by 20% it happens with p1 = P(reference × 1.2 &gt; c), read from the reference's own
/// histogram (so the rule adapts to the distribution's shape, heavy tail included). Wald's sequential
/// probability ratio test on those trials may look after every export without inflating the false-rollback
/// rate beyond α, and reaches a verdict quickly when the regression is large.
/// </summary>
public static class SequentialExceedanceTest
{
    public sealed record Result(GuardrailOutcome Outcome, double LogLikelihoodRatio, double UpperBound, double Threshold, double Exceedances, long Samples, double P0, double P1);

    /// <summary>
    /// A single SPRT tuned to the +20% line collects evidence slowly when the regression is far larger (each slow
    /// request then counts only ln(p1/p0)). So the same trials are tested against a small grid of alternatives
    /// (1x, 2.5x and 5x the regression line), each with a third of α: big regressions are caught within seconds,
    /// and the false-rollback rate stays within α by the union bound.
    /// </summary>
    public static Result Evaluate(LatencyHistogram reference, LatencyHistogram candidate, double tolerated, double regression, double alpha, double beta, int minSamples)
    {
        if (reference.Count == 0 || candidate.Count == 0)
        {
            return new Result(GuardrailOutcome.NoData, 0, 0, 0, 0, candidate.Count, 0, 0);
        }

        var referenceP95 = reference.Quantile(0.95)!.Value;
        var threshold = (1 + tolerated) * referenceP95;
        var p0 = Math.Clamp(reference.CountAbove(threshold / (1 + tolerated)) / reference.Count, 0.001, 0.5);
        var exceedances = candidate.CountAbove(threshold);
        Result? closest = null;
        foreach (var multiple in Alternatives)
        {
            var p1 = Math.Clamp(reference.CountAbove(threshold / (1 + (regression * multiple))) / reference.Count, p0 + 0.01, 0.99);
            var result = Sprt(exceedances, candidate.Count, p0, p1, alpha / Alternatives.Length, beta, minSamples, reference.Count, threshold);
            if (result.Outcome == GuardrailOutcome.Failed)
            {
                return result;
            }

            if (closest is null || result.LogLikelihoodRatio - result.UpperBound > closest.LogLikelihoodRatio - closest.UpperBound)
            {
                closest = result;
            }
        }

        return closest!;
    }

    private static readonly double[] Alternatives = [1.0, 2.5, 5.0];

    /// <summary>Wald's SPRT for a Bernoulli rate: H0 p ≤ p0 against H1 p ≥ p1.</summary>
    public static Result Sprt(double successes, long trials, double p0, double p1, double alpha, double beta, int minSamples, long referenceSamples = long.MaxValue, double threshold = 0)
    {
        var llr = (successes * Math.Log(p1 / p0)) + ((trials - successes) * Math.Log((1 - p1) / (1 - p0)));
        var upper = Math.Log((1 - beta) / alpha);
        var outcome = llr >= upper ? GuardrailOutcome.Failed
            : trials < minSamples || referenceSamples < minSamples ? GuardrailOutcome.Inconclusive
            : GuardrailOutcome.Passed;
        return new Result(outcome, llr, upper, threshold, successes, trials, p0, p1);
    }
}
