using System.Globalization;

namespace ReplyX.Rollout.AppHost;

/// <summary>
/// Request traces at the load generator's rate are most of what the dashboard ingests (measured: 30-80% of one of
/// this host's two cores at 150 requests/s, every request a trace with its SQL spans). The load generator starts
/// each request's trace and keeps a share of them; the workload follows the caller's decision (parent-based), so a
/// kept request keeps its whole trace across services. The guardrails read metrics, which are never sampled; the
/// controller's own traces (every rollout step) are all kept.
/// </summary>
internal static class TraceSamplingExtensions
{
    public const string Setting = "ReplyX:TraceSampling";

    public static IResourceBuilder<ProjectResource> WithTraceSampling(this IResourceBuilder<ProjectResource> project, string? ratio)
    {
        var text = string.IsNullOrWhiteSpace(ratio) ? "0.1" : ratio.Trim();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value is < 0 or > 1)
        {
            throw new ArgumentException($"{Setting} must be a share of requests to trace between 0 and 1 (e.g. 0.1); got '{ratio}'.", nameof(ratio));
        }

        return project
            .WithEnvironment("OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
            .WithEnvironment("OTEL_TRACES_SAMPLER_ARG", value.ToString(CultureInfo.InvariantCulture));
    }
}
