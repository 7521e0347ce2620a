using ReplyX.Rollout.Core.Metrics;
using ReplyX.Rollout.Primitives.Statistics;

namespace ReplyX.Rollout.Tests.Core.Analysis;

/// <summary>A metrics source the test fills with exact windows: treatment, control, pool waits, freshness.</summary>
internal sealed class FakeMetricsSource : IMetricsSource
{
    public LatencyHistogram Treatment { get; } = new(4);

    public LatencyHistogram Control { get; } = new(4);

    public long TreatmentErrors { get; set; }

    public double? Pending { get; set; }

    public DateTimeOffset? LastReceivedAt { get; set; }

    public LatencyWindow Window(string flag, string? variant, DateTimeOffset from, DateTimeOffset to, string? route = null) =>
        variant == SeriesKey.Treatment ? new LatencyWindow(Treatment, TreatmentErrors) : new LatencyWindow(Control, 0);

    public LatencyWindow AllTraffic(DateTimeOffset from, DateTimeOffset to)
    {
        var all = Control.Clone();
        all.Merge(Treatment);
        return new LatencyWindow(all, TreatmentErrors);
    }

    public double? MaxPendingConnections(DateTimeOffset from, DateTimeOffset to) => Pending;

    /// <summary>How long the pending level has held (the fake holds <see cref="Pending"/> for this many seconds).</summary>
    public int PendingSeconds { get; set; }

    public int LongestPendingAbove(double limit, DateTimeOffset from, DateTimeOffset to) => Pending > limit ? PendingSeconds : 0;

    /// <summary>The gap the fake reports for any window.</summary>
    public TimeSpan Gap { get; set; }

    public TimeSpan LongestGap(DateTimeOffset from, DateTimeOffset to) => Gap;

    public double? Cpu { get; set; }

    public double? CpuUtilization(DateTimeOffset from, DateTimeOffset to) => Cpu;

    public void Fill(Random random, int control, int treatment, double slowdown)
    {
        for (var i = 0; i < control; i++)
        {
            Control.Record(Sample(random, 0));
        }

        for (var i = 0; i < treatment; i++)
        {
            Treatment.Record(Sample(random, slowdown));
        }
    }

    /// <summary>A pre-phase baseline: 9,000 requests (a minute at 150/s) of <see cref="Sample"/> without slowdown.</summary>
    public static LatencyHistogram Baseline(int seed)
    {
        var baseline = new LatencyHistogram(4);
        var random = new Random(seed);
        for (var i = 0; i < 9000; i++)
        {
            baseline.Record(Sample(random, 0));
        }

        return baseline;
    }

    public static double Sample(Random random, double slowdown) =>
        0.05 * Math.Exp(0.5 * Gaussian.Next(random)) * (1 + slowdown);
}
