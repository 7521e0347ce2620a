using ReplyX.Rollout.Core.Metrics;

namespace ReplyX.Rollout.Tests.Core.Analysis;

/// <summary>All traffic as one-second slots, so a window sees only the seconds it covers (the fake beside it ignores time).</summary>
internal sealed class TimedMetricsSource(DateTimeOffset start) : IMetricsSource
{
    private readonly Dictionary<long, LatencyHistogram> _seconds = [];

    public DateTimeOffset? LastReceivedAt { get; private set; }

    /// <summary>Records <paramref name="perSecond"/> requests in each second of [from, to), <paramref name="slowdown"/> slower than normal.</summary>
    public void Fill(Random random, int fromSecond, int toSecond, int perSecond, double slowdown)
    {
        for (var second = fromSecond; second < toSecond; second++)
        {
            var key = start.AddSeconds(second).ToUnixTimeSeconds();
            var slot = _seconds.TryGetValue(key, out var existing) ? existing : _seconds[key] = new LatencyHistogram(4);
            for (var i = 0; i < perSecond; i++)
            {
                slot.Record(FakeMetricsSource.Sample(random, slowdown));
            }

            LastReceivedAt = start.AddSeconds(second + 1);
        }
    }

    public LatencyWindow AllTraffic(DateTimeOffset from, DateTimeOffset to)
    {
        var merged = new LatencyHistogram(4);
        foreach (var (_, slot) in _seconds.Where(s => s.Key >= from.ToUnixTimeSeconds() && s.Key < to.ToUnixTimeSeconds()))
        {
            merged.Merge(slot);
        }

        return new LatencyWindow(merged, 0);
    }

    public LatencyWindow Window(string flag, string? variant, DateTimeOffset from, DateTimeOffset to, string? route = null) => AllTraffic(from, to);

    public double? MaxPendingConnections(DateTimeOffset from, DateTimeOffset to) => null;

    public int LongestPendingAbove(double limit, DateTimeOffset from, DateTimeOffset to) => 0;
}
