using System.Security.Cryptography;

namespace ReplyX.Rollout.Controller.Apis;

/// <summary>
/// A conditional answer whose ETag is a hash of its content: an unchanged poll with <c>If-None-Match</c> costs a 304
/// (the .NET workload's flag feed, the OFREP bulk evaluation).
/// </summary>
internal static class ContentETag
{
    public static IResult Respond(HttpContext http, byte[] body)
    {
        var etag = "\"" + Convert.ToHexString(SHA256.HashData(body))[..16] + "\"";
        http.Response.Headers.ETag = etag;
        return http.Request.Headers.IfNoneMatch.Contains(etag) ? Results.StatusCode(StatusCodes.Status304NotModified) : Results.Bytes(body, "application/json");
    }
}
