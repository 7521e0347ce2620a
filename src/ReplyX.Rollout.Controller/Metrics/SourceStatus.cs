namespace ReplyX.Rollout.Controller.Metrics;

/// <summary>One sender of metrics as this replica saw it: last seen, points read, points not read and why.</summary>
public sealed record SourceStatus(string Source, DateTimeOffset LastSeen, long Accepted, long Rejected, IReadOnlyDictionary<string, long> Reasons);
