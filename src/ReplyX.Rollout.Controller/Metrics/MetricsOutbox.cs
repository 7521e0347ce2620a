using ReplyX.Rollout.Core.Metrics;

namespace ReplyX.Rollout.Controller.Metrics;

/// <summary>
/// What this replica received since its last flush, merged per second and series, waiting for the
/// <see cref="MetricsPersister"/> to write it to the shared store. Nothing is read from here: every replica reads
/// what all of them wrote, through its <see cref="MetricsMirror"/>.
/// </summary>
public sealed class MetricsOutbox : IMetricsSink
{
    private readonly Lock _gate = new();
    private Dictionary<(long Second, SeriesKey Key, bool Error), LatencyHistogram> _latencies = [];
    private Dictionary<long, double> _pending = [];
    private Dictionary<long, double> _cpu = [];
    private DateTimeOffset? _received;

    public void AddLatency(DateTimeOffset at, SeriesKey key, bool error, LatencyHistogram delta)
    {
        lock (_gate)
        {
            var series = (at.ToUnixTimeSeconds(), key, error);
            if (!_latencies.TryGetValue(series, out var histogram))
            {
                histogram = new LatencyHistogram(delta.Scale);
                _latencies[series] = histogram;
            }

            histogram.Merge(delta);
        }
    }

    public void AddPendingConnections(DateTimeOffset at, double pending)
    {
        lock (_gate)
        {
            var second = at.ToUnixTimeSeconds();
            _pending[second] = Math.Max(_pending.GetValueOrDefault(second), pending);
        }
    }

    public void AddCpu(DateTimeOffset at, double utilisation)
    {
        lock (_gate)
        {
            _cpu[at.ToUnixTimeSeconds()] = utilisation;
        }
    }

    public void MarkReceived(DateTimeOffset at)
    {
        lock (_gate)
        {
            _received = _received is { } seen && seen > at ? seen : at;
        }
    }

    /// <summary>Takes everything waiting, as rows; empty when nothing arrived.</summary>
    public IReadOnlyList<MetricRow> Drain()
    {
        Dictionary<(long Second, SeriesKey Key, bool Error), LatencyHistogram> latencies;
        Dictionary<long, double> pending, cpu;
        DateTimeOffset? received;
        lock (_gate)
        {
            (latencies, pending, cpu, received) = (_latencies, _pending, _cpu, _received);
            (_latencies, _pending, _cpu, _received) = ([], [], [], null);
        }

        var rows = new List<MetricRow>(latencies.Count + pending.Count + cpu.Count + 1);
        rows.AddRange(latencies.Select(l => MetricRow.Latency(l.Key.Second, l.Key.Key, l.Key.Error, l.Value)));
        rows.AddRange(pending.Select(p => MetricRow.Reading(p.Key, MetricKinds.Pending, p.Value)));
        rows.AddRange(cpu.Select(c => MetricRow.Reading(c.Key, MetricKinds.Cpu, c.Value)));
        if (received is { } at)
        {
            rows.Add(MetricRow.Reading(at.ToUnixTimeSeconds(), MetricKinds.Received, at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks));
        }

        return rows;
    }

    /// <summary>Puts rows a failed flush could not write back in front of what arrived since (nothing is lost).</summary>
    public void Return(IEnumerable<MetricRow> rows)
    {
        foreach (var row in rows)
        {
            row.ApplyTo(this);
        }
    }
}
