using System.Text.Json;
using ReplyX.Rollout.Controller.Rollouts;

namespace ReplyX.Rollout.Controller.Apis;

/// <summary>
/// The phase flags for the .NET workload's feature-definition provider (Microsoft.FeatureManagement evaluates them
/// locally); any other service evaluates them through OFREP (<see cref="OfrepApi"/>). This is that provider's feed: each flag's percentage, its phase's parameters,
/// and the cohorts that take the treatment path regardless of percentage (the gate cohort, while the flag's run is
/// live). Conditional GET: the ETag is a hash of the content, so an unchanged poll costs a 304.
/// </summary>
internal static class FlagsApi
{
    public static void MapFlagsApi(this RouteGroupBuilder api) =>
        api.MapGet("/flags", GetFlags).WithTags("Flags").WithName("GetFlags").WithSummary("Each phase flag's percentage, parameters and cohorts (ETag, If-None-Match)");

    public static async Task<IResult> GetFlags(HttpContext http, FlagStore store, CancellationToken cancellationToken)
    {
        var flags = (await store.FlagsAsync(cancellationToken))
            .Select(f => new { flag = f.Flag, percentage = f.Percentage, parameters = f.Parameters, cohorts = f.Cohorts })
            .ToList();
        return ContentETag.Respond(http, JsonSerializer.SerializeToUtf8Bytes(flags));
    }
}
