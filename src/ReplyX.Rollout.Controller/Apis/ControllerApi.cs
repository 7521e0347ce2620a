using ReplyX.Rollout.Controller.Leadership;
using ReplyX.Rollout.Controller.Metrics;

namespace ReplyX.Rollout.Controller.Apis;

internal static class ControllerApi
{
    public static void MapControllerApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").AddEndpointFilter<ReadTokenFilter>();
        api.MapPhasesApi();
        api.MapRolloutsApi();
        api.MapFlagsApi();
        api.MapRisksApi();
        api.MapReviewApi();
        api.MapMetricsApi();
        app.MapOtlpMetrics();
        app.MapOfrepApi();
        app.MapReportsApi();
        api.MapGet("/controller", async (LeaderElection leader, WriterFence fence, CancellationToken cancellationToken) =>
            {
                var current = await leader.CurrentAsync(cancellationToken);
                return TypedResults.Ok(new
                {
                    leader = leader.IsLeader,
                    pid = Environment.ProcessId,
                    epoch = leader.Epoch,
                    currentEpoch = current?.Epoch,
                    currentHolder = current?.Holder,
                    renewedAt = current?.RenewedAt,
                    refusedWrites = fence.Refused,
                });
            })
            .WithTags("Controller").WithName("ControllerStatus").WithSummary("Whether this replica is the leader");
        api.MapGet("/auth", () => TypedResults.Ok(new { authorized = true })).AddEndpointFilter<ApiKeyFilter>()
            .WithTags("Controller").WithName("CheckApiKey").WithSummary("200 when the request's API key would be accepted for changes, 401 otherwise (replyx-rollout login checks a key with it)");
    }
}
