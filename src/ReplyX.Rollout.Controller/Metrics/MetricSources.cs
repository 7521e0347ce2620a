namespace ReplyX.Rollout.Controller.Metrics;

/// <summary>
/// Who sends metrics to this replica and what became of them: per source (the resource's <c>service.name</c> and
/// <c>service.instance.id</c>, or the address of a refused sender) when it was last seen, how many data points were
/// read and how many were not, and why.
/// </summary>
public sealed class MetricSources(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Source> _sources = new(StringComparer.Ordinal);

    public void Accepted(string source, long points)
    {
        lock (_gate)
        {
            var entry = Get(source);
            entry.Accepted += points;
        }
    }

    public void Rejected(string source, string reason, long points = 1)
    {
        lock (_gate)
        {
            var entry = Get(source);
            entry.Rejected[reason] = entry.Rejected.GetValueOrDefault(reason) + points;
        }
    }

    /// <summary>An export refused for its missing or wrong token, by the sender's address.</summary>
    public void Refused(string address) => Rejected($"unauthenticated {address}", "missing or wrong ingest token (whole export)");

    public IReadOnlyList<SourceStatus> Snapshot()
    {
        lock (_gate)
        {
            return [.. _sources.OrderBy(s => s.Key, StringComparer.Ordinal)
                .Select(s => new SourceStatus(s.Key, s.Value.LastSeen, s.Value.Accepted, s.Value.Rejected.Values.Sum(), new Dictionary<string, long>(s.Value.Rejected)))];
        }
    }

    private Source Get(string source)
    {
        if (!_sources.TryGetValue(source, out var entry))
        {
            entry = new Source();
            _sources[source] = entry;
        }

        entry.LastSeen = time.GetUtcNow();
        return entry;
    }

    private sealed class Source
    {
        public DateTimeOffset LastSeen { get; set; }

        public long Accepted { get; set; }

        public Dictionary<string, long> Rejected { get; } = new(StringComparer.Ordinal);
    }
}
