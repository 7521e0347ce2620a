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
    public sealed record Result(
        GuardrailOutcome Outcome, double LogLikelihoodRatio, double UpperBound, double Threshold, double Exceedances, long Samples, double P0, double P1,
        double Dispersion = 1, int Blocks = 0, double LowerBound = double.NegativeInfinity)
    {
        /// <summary>
        /// With acceptance required and the verdict not in: how many more candidate samples the ratio needs to reach the
        /// lower bound at the exceedance rate seen so far; null when it is not heading there (the evidence leans toward
        /// a regression, or nothing is known yet).
        /// </summary>
        public double? SamplesToAccept()
        {
            if (Outcome != GuardrailOutcome.Inconclusive || double.IsNegativeInfinity(LowerBound) || Samples == 0)
            {
                return null;
            }

            var rate = Exceedances / Samples;
            var perSample = ((rate * Math.Log(P1 / P0)) + ((1 - rate) * Math.Log((1 - P1) / (1 - P0)))) / Dispersion;
            return LogLikelihoodRatio <= LowerBound ? 0 : perSample < 0 ? Math.Ceiling((LogLikelihoodRatio - LowerBound) / -perSample) : null;
        }
    }

    /// <summary>Blocks with candidate requests a latency test needs before it may fail when it is given blocks at all.</summary>
    public const int MinBlocks = 2;

    /// <summary>
    /// A single SPRT tuned to the +20% line collects evidence slowly when the regression is far larger (each slow
    /// request then counts only ln(p1/p0)). So the same trials are tested against a small grid of alternatives
    /// (1x, 2.5x and 5x the regression line), each with a third of α: big regressions are caught within seconds,
    /// and the false-rollback rate stays within α by the union bound.
    /// </summary>
    /// <para>
    /// With <paramref name="blocks"/> (the candidate's requests split into consecutive time blocks), the test stops
    /// assuming its trials are independent. Requests close in time share the host's state, and a new code path can
    /// run slow for a minute and recover (measured on phase 02 at 5%: treatment p95 +50% over its control from
    /// 40 s to 90 s into the stage, +3% by its end). Then exceedances vary between blocks more than a binomial
    /// allows; the log-likelihood ratio is divided by that over-dispersion (Pearson's φ across blocks, never below
    /// 1: a quasi-likelihood SPRT), so a minute of correlated slowness counts as the few independent pieces of
    /// evidence it is. A steady regression spreads evenly over blocks (φ ≈ 1) and is caught as before. φ needs a
    /// few blocks: before <see cref="MinBlocks"/> blocks hold candidate requests the test holds instead of failing.
    /// </para>
    /// <para>
    /// With <paramref name="acceptance"/> the test passes only on evidence: once its ratio has crossed the lower bound
    /// ln(β / (1 − α)) for every alternative (the stage is then within tolerance at the test's β), not merely because
    /// <paramref name="minSamples"/> exist without a failure. Until then it is inconclusive and the stage holds.
    /// </para>
    public static Result Evaluate(
        LatencyHistogram reference, LatencyHistogram candidate, double tolerated, double regression, double alpha, double beta, int minSamples,
        IReadOnlyList<LatencyHistogram>? blocks = null, bool acceptance = false)
    {
        if (reference.Count == 0 || candidate.Count == 0)
        {
            return new Result(GuardrailOutcome.NoData, 0, 0, 0, 0, candidate.Count, 0, 0);
        }

        var referenceP95 = reference.Quantile(0.95)!.Value;
        var threshold = (1 + tolerated) * referenceP95;
        var p0 = Math.Clamp(reference.CountAbove(threshold / (1 + tolerated)) / reference.Count, 0.001, 0.5);
        var exceedances = candidate.CountAbove(threshold);
        var (dispersion, filled) = blocks is null ? (1.0, 0) : Dispersion(blocks, threshold);
        var mayFail = blocks is null || filled >= MinBlocks;
        Result? closest = null;
        foreach (var multiple in Alternatives)
        {
            var p1 = Math.Clamp(reference.CountAbove(threshold / (1 + (regression * multiple))) / reference.Count, p0 + 0.01, 0.99);
            var result = Sprt(exceedances, candidate.Count, p0, p1, alpha / Alternatives.Length, beta, minSamples, reference.Count, threshold, dispersion, acceptance) with { Blocks = filled };
            if (result.Outcome == GuardrailOutcome.Failed && !mayFail)
            {
                result = result with { Outcome = GuardrailOutcome.Inconclusive };
            }

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

    /// <summary>
    /// Wald's SPRT for a Bernoulli rate: H0 p ≤ p0 against H1 p ≥ p1; the log-likelihood ratio divided by
    /// <paramref name="dispersion"/> when the trials are over-dispersed. Passed once <paramref name="minSamples"/> exist,
    /// or, with <paramref name="acceptance"/>, only once the ratio is also at or below the lower bound.
    /// </summary>
    public static Result Sprt(
        double successes, long trials, double p0, double p1, double alpha, double beta, int minSamples, long referenceSamples = long.MaxValue, double threshold = 0,
        double dispersion = 1, bool acceptance = false)
    {
        var llr = ((successes * Math.Log(p1 / p0)) + ((trials - successes) * Math.Log((1 - p1) / (1 - p0)))) / dispersion;
        var upper = Math.Log((1 - beta) / alpha);
        var lower = acceptance ? Math.Log(beta / (1 - alpha)) : double.NegativeInfinity;
        var outcome = llr >= upper ? GuardrailOutcome.Failed
            : trials < minSamples || referenceSamples < minSamples || (acceptance && llr > lower) ? GuardrailOutcome.Inconclusive
            : GuardrailOutcome.Passed;
        return new Result(outcome, llr, upper, threshold, successes, trials, p0, p1, dispersion, LowerBound: lower);
    }

    /// <summary>
    /// Pearson's dispersion of the blocks' exceedance counts around their common rate, at least 1, and how many
    /// blocks hold requests. 1 when fewer than two blocks do, or when no request (or every one) exceeded.
    /// </summary>
    public static (double Dispersion, int Blocks) Dispersion(IReadOnlyList<LatencyHistogram> blocks, double threshold)
    {
        var filled = blocks.Where(b => b.Count > 0).Select(b => (N: (double)b.Count, X: b.CountAbove(threshold))).ToList();
        var trials = filled.Sum(b => b.N);
        var rate = trials == 0 ? 0 : filled.Sum(b => b.X) / trials;
        if (filled.Count < 2 || rate <= 0 || rate >= 1)
        {
            return (1, filled.Count);
        }

        var pearson = filled.Sum(b => Math.Pow(b.X - (b.N * rate), 2) / (b.N * rate * (1 - rate)));
        return (Math.Max(1, pearson / (filled.Count - 1)), filled.Count);
    }
}
