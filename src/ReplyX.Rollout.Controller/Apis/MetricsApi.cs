using ReplyX.Rollout.Controller.Leadership;
using ReplyX.Rollout.Controller.Metrics;

namespace ReplyX.Rollout.Controller.Apis;

/// <summary>
/// What this replica's guardrails can see: when metrics last arrived (from any replica), each flag and variant's
/// requests and p95 over the last <c>minutes</c> (default 5) as read from the shared store, and this replica's own
/// share of the work (rows it wrote, rows it read from the others) and the sources that sent to it: points read,
/// points not read and why (an export refused for its token included).
/// </summary>
internal static class MetricsApi
{
    public static void MapMetricsApi(this RouteGroupBuilder api) =>
        api.MapGet("/metrics", GetStatus).WithTags("Telemetry").WithName("MetricsStatus")
            .WithSummary("Metrics as the guardrails read them: last received, requests and p95 per flag and variant, this replica's writes and reads");

    public static IResult GetStatus(OtlpMetricsStore store, MetricsPersister persister, MetricsMirror mirror, MetricSources sources, TimeProvider time, int? minutes)
    {
        if (minutes is < 1 or > 30)
        {
            return TypedResults.Problem(title: "Bad window", detail: "minutes must be between 1 and 30 (what a replica keeps in memory).", statusCode: StatusCodes.Status400BadRequest);
        }

        var now = time.GetUtcNow();
        var from = now.AddMinutes(-(minutes ?? 5));
        return TypedResults.Ok(new
        {
            lastReceivedAt = store.LastReceivedAt,
            from,
            to = now,
            series = store.Series(from, now.AddSeconds(1)).Select(s => new
            {
                flag = s.Flag,
                variant = s.Variant,
                requests = s.Window.Count,
                errors = s.Window.Errors,
                p95Ms = s.Window.Histogram.Quantile(0.95) is { } p95 ? Math.Round(p95 * 1000, 1) : (double?)null,
            }),
            replica = new { holder = LeaderElection.Holder, rowsWritten = persister.Written, rowsRead = mirror.Applied },
            sources = sources.Snapshot().Select(s => new { source = s.Source, lastSeen = s.LastSeen, accepted = s.Accepted, rejected = s.Rejected, reasons = s.Reasons }),
        });
    }
}
