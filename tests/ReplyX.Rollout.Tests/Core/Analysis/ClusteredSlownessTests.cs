using ReplyX.Rollout.Core.Analysis;
using ReplyX.Rollout.Core.Metrics;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Tests.Core.Analysis;

/// <summary>
/// "p95 vs control" when the treatment's slow requests come clustered in time (a minute of slowness that passes,
/// as measured on phase 02 at 5%) against when they are spread over the stage (a regression). Each case runs 30
/// seeded stages of phase 02 at 5% in the end-to-end setup (20 control and 1 treatment request a second), looked
/// at every 2 s as the controller does.
/// </summary>
public sealed class ClusteredSlownessTests
{
    private const int Stages = 30;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly PhaseDefinition Phase = new() { Id = "p", Title = "P", Flag = "replyx.p" };

    [Fact]
    public void Dispersion_is_one_for_evenly_spread_exceedances_and_large_for_clustered_ones()
    {
        var even = Enumerable.Range(0, 10).Select(_ => Block(fast: 9, slow: 1)).ToList();
        var clustered = Enumerable.Range(0, 10).Select(i => i < 2 ? Block(fast: 5, slow: 5) : Block(fast: 10, slow: 0)).ToList();

        var (evenDispersion, evenBlocks) = SequentialExceedanceTest.Dispersion(even, 0.1);
        var (clusteredDispersion, _) = SequentialExceedanceTest.Dispersion(clustered, 0.1);

        Assert.Equal((1.0, 10), (evenDispersion, evenBlocks));
        // Ten exceedances in 100 requests either way; two blocks of 5 of 10 is far beyond binomial variation.
        Assert.InRange(clusteredDispersion, 4, 6);
    }

    [Fact]
    public void Fifty_seconds_of_doubled_treatment_latency_that_pass_rarely_roll_back_where_independent_trials_mostly_would()
    {
        int pooled = 0, analyzed = 0;
        for (var stage = 0; stage < Stages; stage++)
        {
            var metrics = Phase02At5Percent(new Random(500 + stage), slowFrom: 40, slowTo: 90, slowdown: 1.0);
            pooled += PooledFailureSecond(metrics) is null ? 0 : 1;
            analyzed += RollbackSecond(metrics) is null ? 0 : 1;
        }

        // Measured with these seeds: 25 of 30 pooled, 5 of 30 with 10 s blocks.
        Assert.InRange(pooled, 20, Stages);
        Assert.InRange(analyzed, 0, 7);
    }

    [Theory]
    [InlineData(1.0, 30, 40)]
    [InlineData(0.5, 27, 150)]
    public void A_steady_treatment_regression_still_rolls_back_about_as_soon_as_before(double slowdown, int atLeast, int medianWithin)
    {
        var seconds = new List<int>();
        var pooledSeconds = new List<int>();
        for (var stage = 0; stage < Stages; stage++)
        {
            var metrics = Phase02At5Percent(new Random(600 + stage), slowFrom: 0, slowTo: Length, slowdown: slowdown);
            if (RollbackSecond(metrics) is { } second)
            {
                seconds.Add(second);
            }

            if (PooledFailureSecond(metrics) is { } pooledSecond)
            {
                pooledSeconds.Add(pooledSecond);
            }
        }

        Assert.InRange(seconds.Count, atLeast, Stages);
        Assert.InRange(Median(seconds), 0, medianWithin);
        Assert.InRange(Median(seconds) - Median(pooledSeconds), 0, 20);
    }

    /// <summary>
    /// The price of telling a passing minute from a regression: one that starts mid-stage looks clustered until
    /// enough slow blocks follow. Measured with these seeds: median rollback 75 s after the onset (pooled trials:
    /// 43 s), every one within the stage.
    /// </summary>
    [Fact]
    public void A_regression_that_starts_mid_stage_and_stays_rolls_back()
    {
        var seconds = new List<int>();
        for (var stage = 0; stage < Stages; stage++)
        {
            if (RollbackSecond(Phase02At5Percent(new Random(700 + stage), slowFrom: 60, slowTo: Length, slowdown: 1.0)) is { } second)
            {
                seconds.Add(second);
            }
        }


        Assert.Equal(Stages, seconds.Count);
        Assert.All(seconds, s => Assert.InRange(s, 60, Length));
        Assert.InRange(Median(seconds) - 60, 0, 100);
    }

    private const int Length = 240;

    private static TimedMetricsSource Phase02At5Percent(Random random, int slowFrom, int slowTo, double slowdown)
    {
        var metrics = new TimedMetricsSource(Start);
        metrics.Fill(random, 0, Length, 20, 0, SeriesKey.Control);
        metrics.Fill(random, 0, slowFrom, 1, 0);
        metrics.Fill(random, slowFrom, slowTo, 1, slowdown);
        metrics.Fill(random, slowTo, Length, 1, 0);
        return metrics;
    }

    private static int? RollbackSecond(TimedMetricsSource metrics) =>
        Looks().Cast<int?>().FirstOrDefault(second =>
            StageAnalyzer.Analyze(metrics, Phase, 5, null, Start, Start.AddSeconds(second!.Value), TimeSpan.FromMinutes(2)).Decision == StageDecision.RollBack);

    /// <summary>The same looks with every request taken as an independent trial (the rule before blocks).</summary>
    private static int? PooledFailureSecond(TimedMetricsSource metrics) =>
        Looks().Cast<int?>().FirstOrDefault(second =>
        {
            var now = Start.AddSeconds(second!.Value);
            var treatment = metrics.Window(Phase.Flag, SeriesKey.Treatment, Start, now).Histogram;
            var control = metrics.Window(Phase.Flag, SeriesKey.Control, Start, now).Histogram;
            return SequentialExceedanceTest.Evaluate(control, treatment, StageAnalyzer.Tolerated, 0.2, StageAnalyzer.Alpha / 2, StageAnalyzer.Beta, 100).Outcome == GuardrailOutcome.Failed;
        });

    private static IEnumerable<int> Looks() => Enumerable.Range(0, Length / 2).Select(i => 5 + (2 * i)).Where(s => s <= Length);

    private static double Median(List<int> values) => values.Count == 0 ? double.NaN : values.Order().ElementAt(values.Count / 2);

    private static LatencyHistogram Block(int fast, int slow)
    {
        var block = new LatencyHistogram(4);
        for (var i = 0; i < fast; i++)
        {
            block.Record(0.05);
        }

        for (var i = 0; i < slow; i++)
        {
            block.Record(0.2);
        }

        return block;
    }
}
