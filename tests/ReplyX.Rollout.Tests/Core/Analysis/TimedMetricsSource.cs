using ReplyX.Rollout.Core.Metrics;

namespace ReplyX.Rollout.Tests.Core.Analysis;

/// <summary>Requests as one-second slots per variant, so a window sees only the seconds it covers (the fake beside it ignores time).</summary>
internal sealed class TimedMetricsSource(DateTimeOffset start) : IMetricsSource
{
    private readonly Dictionary<(long Second, string Variant), LatencyHistogram> _seconds = [];

    public DateTimeOffset? LastReceivedAt { get; private set; }

    /// <summary>Records <paramref name="perSecond"/> requests in each second of [from, to), <paramref name="slowdown"/> slower than normal.</summary>
    public void Fill(Random random, int fromSecond, int toSecond, int perSecond, double slowdown, string variant = SeriesKey.Treatment)
    {
        for (var second = fromSecond; second < toSecond; second++)
        {
            for (var i = 0; i < perSecond; i++)
            {
                Record(second, variant, FakeMetricsSource.Sample(random, slowdown));
            }
        }
    }

    /// <summary>One request of <paramref name="variant"/> that took <paramref name="seconds"/>, in second <paramref name="second"/> of the run.</summary>
    public void Record(int second, string variant, double seconds)
    {
        var key = (start.AddSeconds(second).ToUnixTimeSeconds(), variant);
        var slot = _seconds.TryGetValue(key, out var existing) ? existing : _seconds[key] = new LatencyHistogram(4);
        slot.Record(seconds);
        var received = start.AddSeconds(second + 1);
        LastReceivedAt = LastReceivedAt > received ? LastReceivedAt : received;
    }

    public LatencyWindow AllTraffic(DateTimeOffset from, DateTimeOffset to) => Merge(from, to, null);

    public LatencyWindow Window(string flag, string? variant, DateTimeOffset from, DateTimeOffset to, string? route = null) => Merge(from, to, variant);

    public double? MaxPendingConnections(DateTimeOffset from, DateTimeOffset to) => null;

    public int LongestPendingAbove(double limit, DateTimeOffset from, DateTimeOffset to) => 0;

    private LatencyWindow Merge(DateTimeOffset from, DateTimeOffset to, string? variant)
    {
        var merged = new LatencyHistogram(4);
        foreach (var (_, slot) in _seconds.Where(s => s.Key.Second >= from.ToUnixTimeSeconds() && s.Key.Second < to.ToUnixTimeSeconds() && (variant is null || s.Key.Variant == variant)))
        {
            merged.Merge(slot);
        }

        return new LatencyWindow(merged, 0);
    }

    public TimeSpan LongestGap(DateTimeOffset from, DateTimeOffset to)
    {
        var seconds = _seconds.Keys.Select(k => k.Second).Where(s => s >= from.ToUnixTimeSeconds() && s < to.ToUnixTimeSeconds()).Distinct().Order().ToList();
        var previous = from.ToUnixTimeSeconds() - 1;
        long longest = 0;
        foreach (var second in seconds)
        {
            longest = Math.Max(longest, second - previous - 1);
            previous = second;
        }

        return TimeSpan.FromSeconds(Math.Max(longest, to.ToUnixTimeSeconds() - previous - 1));
    }

    public double? CpuUtilization(DateTimeOffset from, DateTimeOffset to) => null;
}
