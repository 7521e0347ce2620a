using System.Security.Cryptography;
using System.Text;
using ReplyX.Rollout.Controller.Rollouts;

namespace ReplyX.Rollout.Controller.Apis;

/// <summary>
/// The phase flags' percentages, for the workload's feature-definition provider. Conditional GET: the ETag is a
/// hash of the content, so an unchanged poll costs a 304.
/// </summary>
internal static class FlagsApi
{
    public static void MapFlagsApi(this RouteGroupBuilder api) =>
        api.MapGet("/flags", GetFlags).WithTags("Flags").WithName("GetFlags").WithSummary("Each phase flag's percentage (ETag, If-None-Match)");

    public static async Task<IResult> GetFlags(HttpContext http, RolloutStore store, CancellationToken cancellationToken)
    {
        var flags = (await store.FlagPercentagesAsync(cancellationToken)).Select(f => new { flag = f.Key, percentage = f.Value }).ToList();
        var etag = "\"" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(';', flags.Select(f => $"{f.flag}={f.percentage}")))))[..16] + "\"";
        http.Response.Headers.ETag = etag;
        return http.Request.Headers.IfNoneMatch.Contains(etag) ? Results.StatusCode(StatusCodes.Status304NotModified) : Results.Ok(flags);
    }
}
