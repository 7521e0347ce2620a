using ReplyX.Rollout.Core.Metrics;

namespace ReplyX.Rollout.Controller.Metrics;

/// <summary>
/// Turns cumulative OTLP points into deltas, per stream (resource, scope, metric and point attributes), as the
/// OpenTelemetry Collector's cumulativetodelta processor does: the first point of a stream only sets its reference
/// (what it counted before we saw it belongs to no window we know), each later one yields what it gained since the
/// previous; a new start time is a restarted exporter whose whole count is new. A stream not seen for
/// <see cref="Forget"/> is dropped, so the next point is a reference again.
/// </summary>
public sealed class CumulativeStreams(TimeProvider time)
{
    public static readonly TimeSpan Forget = TimeSpan.FromMinutes(10);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Stream> _streams = new(StringComparer.Ordinal);
    private DateTimeOffset _pruned = DateTimeOffset.MinValue;

    /// <summary>First points of streams, kept as their reference and not counted.</summary>
    public long ReferencePoints { get; private set; }

    /// <summary>Points whose start time moved (an exporter restarted).</summary>
    public long Restarts { get; private set; }

    /// <summary>What an exponential-histogram stream gained since its previous point; null for a reference point.</summary>
    public LatencyHistogram? Delta(string stream, ulong startUnixNano, LatencyHistogram total) =>
        Next(stream, startUnixNano, new Stream(startUnixNano, total, null, 0, time.GetUtcNow()), previous => total.Since(previous.Exponential!), () => total);

    /// <summary>What an explicit-bucket stream gained since its previous point (same bounds), as counts and sum; null for a reference point.</summary>
    public (ulong[] Counts, double Sum)? Delta(string stream, ulong startUnixNano, IReadOnlyList<ulong> counts, double sum)
    {
        var current = counts.ToArray();
        return Next<(ulong[], double)?>(stream, startUnixNano, new Stream(startUnixNano, null, current, sum, time.GetUtcNow()),
            previous => previous.Explicit is { } before && before.Length == current.Length && current.Zip(before).All(p => p.First >= p.Second)
                ? (current.Zip(before).Select(p => p.First - p.Second).ToArray(), sum - previous.Sum)
                : null,
            () => (current, sum));
    }

    private T? Next<T>(string key, ulong start, Stream current, Func<Stream, T?> since, Func<T> whole)
    {
        lock (_gate)
        {
            Prune(current.Seen);
            var known = _streams.TryGetValue(key, out var previous);
            _streams[key] = current;
            if (!known)
            {
                ReferencePoints++;
                return default;
            }

            if (previous!.Start == start && since(previous) is { } delta)
            {
                return delta;
            }

            Restarts++;
            return start > previous.Start ? whole() : default;
        }
    }

    private void Prune(DateTimeOffset now)
    {
        if (now - _pruned < TimeSpan.FromMinutes(1))
        {
            return;
        }

        _pruned = now;
        foreach (var stale in _streams.Where(s => now - s.Value.Seen > Forget).Select(s => s.Key).ToList())
        {
            _streams.Remove(stale);
        }
    }

    private sealed record Stream(ulong Start, LatencyHistogram? Exponential, ulong[]? Explicit, double Sum, DateTimeOffset Seen);
}
