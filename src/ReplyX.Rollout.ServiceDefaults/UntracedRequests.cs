namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Requests that are machinery, not work: health probes, the workloads' flag-definition polls (two a second per
/// instance) and metric posts (one a second). Traced, they were most of the dashboard's trace list and hid the
/// rollout's own traces; they are counted by the metrics and logged on failure, never traced, on either side.
/// </summary>
public static class UntracedRequests
{
    /// <summary>Exact paths (the OFREP bulk poll too); single-flag evaluations stay traced as part of their request.</summary>
    public static IReadOnlyList<string> Paths { get; } = ["/health", "/alive", "/v1/metrics", "/api/flags", "/ofrep/v1/evaluate/flags"];

    public static bool IsTraced(string? path) =>
        path is null || !Paths.Any(p => string.Equals(path.TrimEnd('/'), p, StringComparison.OrdinalIgnoreCase));
}
