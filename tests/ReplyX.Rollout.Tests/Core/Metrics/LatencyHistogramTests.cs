using ReplyX.Rollout.Core.Metrics;
using ReplyX.Rollout.Primitives.Statistics;

namespace ReplyX.Rollout.Tests.Core.Metrics;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void P95_is_within_the_bucket_error_of_the_exact_quantile()
    {
        var random = new Random(3);
        var histogram = new LatencyHistogram(4);
        var samples = Enumerable.Range(0, 20_000).Select(_ => 0.05 * Math.Exp(0.5 * Gaussian.Next(random))).ToArray();
        foreach (var sample in samples)
        {
            histogram.Record(sample);
        }

        Array.Sort(samples);
        var exact = samples[(int)Math.Ceiling(0.95 * samples.Length) - 1];

        Assert.InRange(histogram.Quantile(0.95)!.Value / exact, 1 - 0.022, 1 + 0.022);
        Assert.Equal(20_000, histogram.Count);
    }

    [Fact]
    public void Values_fall_into_the_opentelemetry_bucket_boundaries()
    {
        // At scale 0 bucket i is (2^i, 2^(i+1)]: 1 is in bucket -1, 2 also in bucket 0's upper bound, 2.5 in bucket 1.
        Assert.Equal(-1, LatencyHistogram.IndexOf(1, 0));
        Assert.Equal(0, LatencyHistogram.IndexOf(2, 0));
        Assert.Equal(1, LatencyHistogram.IndexOf(2.5, 0));
        Assert.Equal(15, LatencyHistogram.IndexOf(2, 4));
    }

    [Fact]
    public void Merging_histograms_of_different_scales_downscales_to_the_coarser()
    {
        var fine = new LatencyHistogram(5);
        var coarse = new LatencyHistogram(3);
        foreach (var v in new[] { 0.010, 0.020, 0.040 })
        {
            fine.Record(v);
            coarse.Record(v * 2);
        }

        fine.Merge(coarse);

        Assert.Equal(3, fine.Scale);
        Assert.Equal(6, fine.Count);
        Assert.InRange(fine.Quantile(1.0)!.Value, 0.080 / 1.1, 0.080 * 1.1);
    }

    [Fact]
    public void Otlp_buckets_with_an_offset_add_up_like_recorded_values()
    {
        var recorded = new LatencyHistogram(4);
        recorded.Record(0.1);
        recorded.Record(0.1);
        var index = LatencyHistogram.IndexOf(0.1, 4);
        var fromOtlp = new LatencyHistogram(4);

        fromOtlp.AddBuckets(4, index - 1, [0, 2, 0], zeroCount: 1, sum: 0.2);

        Assert.Equal(3, fromOtlp.Count);
        Assert.Equal(recorded.Quantile(1.0), fromOtlp.Quantile(1.0));
        Assert.Equal(0, fromOtlp.Quantile(0.2));
    }

    [Fact]
    public void Count_above_interpolates_inside_the_threshold_bucket()
    {
        var histogram = new LatencyHistogram(4);
        for (var i = 1; i <= 1000; i++)
        {
            histogram.Record(i / 1000.0);
        }

        Assert.InRange(histogram.CountAbove(0.5), 480, 520);
        Assert.Equal(0, histogram.CountAbove(2));
        Assert.Equal(1000, histogram.CountAbove(0));
    }

    [Fact]
    public void A_snapshot_round_trips()
    {
        var histogram = new LatencyHistogram(4);
        histogram.Record(0.02);
        histogram.Record(0.3);

        var copy = LatencyHistogram.FromSnapshot(histogram.ToSnapshot());

        Assert.Equal((histogram.Count, histogram.Quantile(0.5), histogram.Quantile(1)), (copy.Count, copy.Quantile(0.5), copy.Quantile(1)));
    }
}
