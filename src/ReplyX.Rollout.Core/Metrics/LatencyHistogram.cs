namespace ReplyX.Rollout.Core.Metrics;

/// <summary>
/// A base-2 exponential histogram as OpenTelemetry defines it: at scale s a value v falls in bucket
/// index ⌈log2(v)·2^s⌉ − 1, i.e. (base^i, base^(i+1)] with base = 2^(2^−s). Histograms of different scales
/// merge by downscaling to the coarser one. Quantiles are read at the bucket's geometric midpoint, so the
/// relative error is at most (√base − 1): 2.2% at scale 4, the scale OpenTelemetry .NET settles on for
/// latencies spanning about 1 ms to 1 s with its 160 buckets.
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>The finest scale OpenTelemetry exports: an empty histogram at it takes the scale of whatever it merges.</summary>
    public const int MaxScale = 20;

    private readonly SortedDictionary<int, long> _buckets = [];

    public LatencyHistogram(int scale) => Scale = scale;

    public int Scale { get; private set; }

    public long Count { get; private set; }

    /// <summary>Values at or below zero (a latency of exactly 0 happens with coarse clocks).</summary>
    public long ZeroCount { get; private set; }

    public double Sum { get; private set; }

    public double Base => Math.Pow(2, Math.Pow(2, -Scale));

    public static int IndexOf(double value, int scale) => (int)Math.Ceiling(Math.Log2(value) * Math.Pow(2, scale)) - 1;

    public void Record(double value)
    {
        Count++;
        Sum += value;
        if (value <= 0)
        {
            ZeroCount++;
            return;
        }

        Add(IndexOf(value, Scale), 1);
    }

    /// <summary>Adds OTLP data: positive buckets starting at <paramref name="offset"/> at <paramref name="scale"/>.</summary>
    public void AddBuckets(int scale, int offset, IReadOnlyList<ulong> counts, ulong zeroCount, double sum)
    {
        if (scale < Scale)
        {
            DownscaleTo(scale);
        }

        var shift = scale - Scale;
        for (var i = 0; i < counts.Count; i++)
        {
            if (counts[i] > 0)
            {
                Add((offset + i) >> shift, (long)counts[i]);
            }
        }

        ZeroCount += (long)zeroCount;
        Count += (long)zeroCount + counts.Sum(c => (long)c);
        Sum += sum;
    }

    public void Merge(LatencyHistogram other)
    {
        if (other.Scale < Scale)
        {
            DownscaleTo(other.Scale);
        }

        var shift = other.Scale - Scale;
        foreach (var (index, count) in other._buckets)
        {
            Add(index >> shift, count);
        }

        ZeroCount += other.ZeroCount;
        Count += other.Count;
        Sum += other.Sum;
    }

    /// <summary>The q-quantile (0 &lt; q ≤ 1) by nearest rank, at the geometric midpoint of its bucket; null when empty.</summary>
    public double? Quantile(double q)
    {
        if (Count == 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(q * Count));
        var seen = ZeroCount;
        if (seen >= rank)
        {
            return 0;
        }

        foreach (var (index, count) in _buckets)
        {
            seen += count;
            if (seen >= rank)
            {
                return Math.Pow(Base, index + 0.5);
            }
        }

        return Math.Pow(Base, _buckets.Keys.Last() + 0.5);
    }

    /// <summary>
    /// How many values exceed <paramref name="threshold"/>: whole buckets above it, plus the share of the bucket
    /// holding it (log-uniform within the bucket).
    /// </summary>
    public double CountAbove(double threshold)
    {
        if (threshold <= 0)
        {
            return Count - ZeroCount;
        }

        var index = IndexOf(threshold, Scale);
        double above = 0;
        foreach (var (i, count) in _buckets)
        {
            if (i > index)
            {
                above += count;
            }
            else if (i == index)
            {
                var lower = Math.Pow(Base, i);
                var fraction = 1 - (Math.Log(threshold / lower) / Math.Log(Base));
                above += count * Math.Clamp(fraction, 0, 1);
            }
        }

        return above;
    }

    public HistogramSnapshot ToSnapshot() => new(Scale, ZeroCount, Sum, new Dictionary<int, long>(_buckets));

    public static LatencyHistogram FromSnapshot(HistogramSnapshot snapshot)
    {
        var histogram = new LatencyHistogram(snapshot.Scale) { ZeroCount = snapshot.ZeroCount, Sum = snapshot.Sum };
        foreach (var (index, count) in snapshot.Buckets)
        {
            histogram.Add(index, count);
        }

        histogram.Count = snapshot.ZeroCount + snapshot.Buckets.Values.Sum();
        return histogram;
    }

    /// <summary>
    /// What this cumulative histogram gained since <paramref name="earlier"/>, a previous point of the same stream
    /// (at the coarser of the two scales); null when any bucket lost counts, i.e. the stream was reset.
    /// </summary>
    public LatencyHistogram? Since(LatencyHistogram earlier)
    {
        var scale = Math.Min(Scale, earlier.Scale);
        var now = Clone();
        var before = earlier.Clone();
        now.DownscaleTo(scale);
        before.DownscaleTo(scale);
        var delta = new LatencyHistogram(scale) { ZeroCount = now.ZeroCount - before.ZeroCount, Count = now.Count - before.Count, Sum = now.Sum - before.Sum };
        if (delta.ZeroCount < 0 || delta.Count < 0)
        {
            return null;
        }

        foreach (var index in now._buckets.Keys.Union(before._buckets.Keys))
        {
            var gained = now._buckets.GetValueOrDefault(index) - before._buckets.GetValueOrDefault(index);
            if (gained < 0)
            {
                return null;
            }

            if (gained > 0)
            {
                delta.Add(index, gained);
            }
        }

        return delta;
    }

    public LatencyHistogram Clone()
    {
        var copy = new LatencyHistogram(Scale);
        copy.Merge(this);
        return copy;
    }

    private void DownscaleTo(int scale)
    {
        var shift = Scale - scale;
        var old = _buckets.ToList();
        _buckets.Clear();
        Scale = scale;
        foreach (var (index, count) in old)
        {
            Add(index >> shift, count);
        }
    }

    private void Add(int index, long count) => _buckets[index] = _buckets.GetValueOrDefault(index) + count;
}
