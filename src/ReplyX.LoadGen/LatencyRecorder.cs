namespace ReplyX.LoadGen;

/// <summary>Latencies per endpoint for the current report window and for the whole run.</summary>
public sealed class LatencyRecorder
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (List<double> Window, List<double> Total, int WindowErrors, int TotalErrors)> _byEndpoint = [];

    public int Dropped { get; private set; }

    public void Record(string endpoint, double milliseconds, bool error)
    {
        lock (_gate)
        {
            if (!_byEndpoint.TryGetValue(endpoint, out var entry))
            {
                entry = ([], [], 0, 0);
            }

            entry.Window.Add(milliseconds);
            entry.Total.Add(milliseconds);
            if (error)
            {
                entry.WindowErrors++;
                entry.TotalErrors++;
            }

            _byEndpoint[endpoint] = entry;
        }
    }

    public void RecordDropped()
    {
        lock (_gate)
        {
            Dropped++;
        }
    }

    /// <summary>Summaries of the window since the last call, which starts a new window.</summary>
    public IReadOnlyList<LatencySummary> TakeWindow()
    {
        lock (_gate)
        {
            var result = new List<LatencySummary>();
            foreach (var key in _byEndpoint.Keys.Order().ToList())
            {
                var entry = _byEndpoint[key];
                result.Add(LatencySummary.From(key, [.. entry.Window], entry.WindowErrors));
                entry.Window.Clear();
                _byEndpoint[key] = entry with { WindowErrors = 0 };
            }

            return result;
        }
    }

    public IReadOnlyList<LatencySummary> Totals()
    {
        lock (_gate)
        {
            return [.. _byEndpoint.OrderBy(e => e.Key).Select(e => LatencySummary.From(e.Key, [.. e.Value.Total], e.Value.TotalErrors))];
        }
    }

    /// <summary>Every endpoint together over the whole run.</summary>
    public LatencySummary Overall()
    {
        lock (_gate)
        {
            return LatencySummary.From("all", [.. _byEndpoint.Values.SelectMany(e => e.Total)], _byEndpoint.Values.Sum(e => e.TotalErrors));
        }
    }
}
