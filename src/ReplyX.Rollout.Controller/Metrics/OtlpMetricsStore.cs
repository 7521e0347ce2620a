using ReplyX.Rollout.Core.Metrics;

namespace ReplyX.Rollout.Controller.Metrics;

/// <summary>
/// Request latencies, kept as one-second slots of delta histograms per flag, variant, route and outcome, for
/// <see cref="Retention"/>: the replica's cache of the shared store in PostgreSQL, filled by the
/// <see cref="MetricsMirror"/> with what every replica received. Windows are merged from slots on demand; the store never invents
/// data: a slot nobody reported stays empty, and <see cref="LastReceivedAt"/> says how fresh the data is.
/// </summary>
public sealed class OtlpMetricsStore(TimeProvider time) : IMetricsSource, IMetricsSink
{
    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(30);

    private readonly Lock _gate = new();
    // Keyed by Unix second; [_oldest, _newest] bounds the keys, so a window walks only its own seconds.
    private readonly Dictionary<long, Slot> _slots = [];
    private long _oldest = long.MaxValue;
    private long _newest = long.MinValue;
    private long _lastReceivedTicks;

    public DateTimeOffset? LastReceivedAt
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastReceivedTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public void AddLatency(DateTimeOffset at, SeriesKey key, bool error, LatencyHistogram delta)
    {
        lock (_gate)
        {
            var slot = SlotAt(at);
            var series = (key, error);
            if (!slot.Latencies.TryGetValue(series, out var histogram))
            {
                histogram = new LatencyHistogram(delta.Scale);
                slot.Latencies[series] = histogram;
            }

            histogram.Merge(delta);
        }
    }

    public void AddPendingConnections(DateTimeOffset at, double pending)
    {
        lock (_gate)
        {
            var slot = SlotAt(at);
            slot.MaxPending = Math.Max(slot.MaxPending ?? 0, pending);
        }
    }

    public void AddCpu(DateTimeOffset at, double utilisation)
    {
        lock (_gate)
        {
            SlotAt(at).Cpu = utilisation;
        }
    }

    public double? CpuUtilization(DateTimeOffset from, DateTimeOffset to)
    {
        lock (_gate)
        {
            var readings = SlotsBetween(from, to).Where(s => s.Cpu is not null).Select(s => s.Cpu!.Value).ToList();
            return readings.Count == 0 ? null : readings.Average();
        }
    }

    public void MarkReceived() => MarkReceived(time.GetUtcNow());

    public void MarkReceived(DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        for (var seen = Interlocked.Read(ref _lastReceivedTicks); ticks > seen; seen = Interlocked.Read(ref _lastReceivedTicks))
        {
            if (Interlocked.CompareExchange(ref _lastReceivedTicks, ticks, seen) == seen)
            {
                return;
            }
        }
    }

    public LatencyWindow Window(string flag, string? variant, DateTimeOffset from, DateTimeOffset to, string? route = null) =>
        Merge(from, to, key => key.Flag == flag && (variant is null || key.Variant == variant) && (route is null || key.Route == route));

    public LatencyWindow AllTraffic(DateTimeOffset from, DateTimeOffset to) => Merge(from, to, _ => true);

    /// <summary>Each flag and variant that reported requests in [from, to), with its window (for the metrics status).</summary>
    public IReadOnlyList<(string Flag, string Variant, LatencyWindow Window)> Series(DateTimeOffset from, DateTimeOffset to)
    {
        List<(string Flag, string Variant)> keys;
        lock (_gate)
        {
            keys = SlotsBetween(from, to).SelectMany(s => s.Latencies.Keys).Select(k => (k.Key.Flag, k.Key.Variant)).Distinct().Order().ToList();
        }

        return [.. keys.Select(k => (k.Flag, k.Variant, Merge(from, to, key => key.Flag == k.Flag && key.Variant == k.Variant)))];
    }

    public double? MaxPendingConnections(DateTimeOffset from, DateTimeOffset to)
    {
        lock (_gate)
        {
            double? max = null;
            foreach (var slot in SlotsBetween(from, to))
            {
                if (slot.MaxPending is { } pending)
                {
                    max = Math.Max(max ?? 0, pending);
                }
            }

            return max;
        }
    }

    public int LongestPendingAbove(double limit, DateTimeOffset from, DateTimeOffset to)
    {
        lock (_gate)
        {
            int longest = 0, current = 0;
            long? previous = null;
            foreach (var (second, slot) in InRange(from, to))
            {
                if (slot.MaxPending is not { } pending)
                {
                    continue;
                }

                current = pending > limit ? (previous == second - 1 ? current + 1 : 1) : 0;
                longest = Math.Max(longest, current);
                previous = second;
            }

            return longest;
        }
    }

    public TimeSpan LongestGap(DateTimeOffset from, DateTimeOffset to)
    {
        lock (_gate)
        {
            var previous = from.ToUnixTimeSeconds() - 1;
            long longest = 0;
            foreach (var (second, _) in InRange(from, to))
            {
                longest = Math.Max(longest, second - previous - 1);
                previous = second;
            }

            return TimeSpan.FromSeconds(Math.Max(longest, to.ToUnixTimeSeconds() - previous - 1));
        }
    }

    private LatencyWindow Merge(DateTimeOffset from, DateTimeOffset to, Func<SeriesKey, bool> include)
    {
        lock (_gate)
        {
            LatencyHistogram? merged = null;
            long errors = 0;
            foreach (var slot in SlotsBetween(from, to))
            {
                foreach (var ((key, error), histogram) in slot.Latencies)
                {
                    if (!include(key))
                    {
                        continue;
                    }

                    merged ??= new LatencyHistogram(histogram.Scale);
                    merged.Merge(histogram);
                    errors += error ? histogram.Count : 0;
                }
            }

            return new LatencyWindow(merged ?? new LatencyHistogram(LatencyHistogram.MaxScale), errors);
        }
    }

    private IEnumerable<Slot> SlotsBetween(DateTimeOffset from, DateTimeOffset to) => [.. InRange(from, to).Select(s => s.Slot)];

    /// <summary>The slots of [from, to) in ascending order of their second (callers hold the lock).</summary>
    private IEnumerable<(long Second, Slot Slot)> InRange(DateTimeOffset from, DateTimeOffset to)
    {
        var last = Math.Min(to.ToUnixTimeSeconds() - 1, _newest);
        for (var second = Math.Max(from.ToUnixTimeSeconds(), _oldest); second <= last; second++)
        {
            if (_slots.TryGetValue(second, out var slot))
            {
                yield return (second, slot);
            }
        }
    }

    private Slot SlotAt(DateTimeOffset at)
    {
        var second = at.ToUnixTimeSeconds();
        if (!_slots.TryGetValue(second, out var slot))
        {
            slot = new Slot();
            _slots[second] = slot;
            _newest = Math.Max(_newest, second);
            _oldest = Math.Min(_oldest, second);
            Prune((time.GetUtcNow() - Retention).ToUnixTimeSeconds());
        }

        return slot;
    }

    /// <summary>Drops every slot before <paramref name="cutoff"/>: second by second, or by key when the span is sparse.</summary>
    private void Prune(long cutoff)
    {
        if (cutoff <= _oldest)
        {
            return;
        }

        var stale = cutoff - _oldest > 4L * _slots.Count ? [.. _slots.Keys.Where(k => k < cutoff)] : Enumerable.Range(0, (int)(cutoff - _oldest)).Select(i => _oldest + i).ToList();
        foreach (var second in stale)
        {
            _slots.Remove(second);
        }

        _oldest = _slots.Count == 0 ? long.MaxValue : cutoff;
        _newest = _slots.Count == 0 ? long.MinValue : _newest;
    }

    private sealed class Slot
    {
        public Dictionary<(SeriesKey Key, bool Error), LatencyHistogram> Latencies { get; } = [];

        public double? MaxPending { get; set; }

        public double? Cpu { get; set; }
    }
}
