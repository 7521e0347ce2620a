using System.Text.Json;
using ReplyX.Rollout.Controller.Flags;
using ReplyX.Rollout.Controller.Rollouts;

namespace ReplyX.Rollout.Controller.Apis;

/// <summary>
/// The OpenFeature Remote Evaluation Protocol: any service, in any language with an OpenFeature SDK, evaluates the
/// phase flags here with the OFREP provider. <c>POST /ofrep/v1/evaluate/flags/{key}</c> evaluates one flag;
/// <c>POST /ofrep/v1/evaluate/flags</c> all of them, with an ETag over the answer so a client polling with
/// <c>If-None-Match</c> gets a 304 until a stage moves. Errors as the specification says: 400 with
/// <c>PARSE_ERROR</c>, <c>INVALID_CONTEXT</c> or <c>TARGETING_KEY_MISSING</c>; 404 with <c>FLAG_NOT_FOUND</c>.
/// </summary>
internal static class OfrepApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void MapOfrepApi(this IEndpointRouteBuilder app)
    {
        var ofrep = app.MapGroup("/ofrep/v1/evaluate").WithTags("OFREP").AddEndpointFilter<IngestTokenFilter>();
        ofrep.MapPost("/flags/{key}", EvaluateFlag).WithName("OfrepEvaluateFlag").WithSummary("OFREP: evaluate one phase flag for context.targetingKey");
        ofrep.MapPost("/flags", EvaluateFlags).WithName("OfrepEvaluateFlags").WithSummary("OFREP: evaluate every phase flag for context.targetingKey (ETag, If-None-Match)");
    }

    public static async Task<IResult> EvaluateFlag(string key, HttpRequest request, FlagStore store, CancellationToken cancellationToken)
    {
        var (context, errorCode, errorDetails) = OfrepContext.Parse(await ReadAsync(request, cancellationToken));
        if (context is null)
        {
            return TypedResults.BadRequest(new { key, errorCode, errorDetails });
        }

        var flag = (await store.FlagsAsync(cancellationToken)).FirstOrDefault(f => f.Flag == key);
        if (flag is null)
        {
            return TypedResults.NotFound(new { key, errorCode = OfrepErrors.FlagNotFound, errorDetails = $"no phase flag '{key}' (a flag exists once its phase has been started)" });
        }

        return TypedResults.Ok(Body(await OfrepEvaluator.EvaluateAsync(flag, context)));
    }

    public static async Task<IResult> EvaluateFlags(HttpContext http, FlagStore store, CancellationToken cancellationToken)
    {
        var (context, errorCode, errorDetails) = OfrepContext.Parse(await ReadAsync(http.Request, cancellationToken));
        if (context is null)
        {
            return TypedResults.BadRequest(new { errorCode, errorDetails });
        }

        var flags = new List<object>();
        foreach (var flag in await store.FlagsAsync(cancellationToken))
        {
            flags.Add(Body(await OfrepEvaluator.EvaluateAsync(flag, context)));
        }

        return ContentETag.Respond(http, JsonSerializer.SerializeToUtf8Bytes(new { flags }, Json));
    }

    private static object Body(OfrepEvaluation evaluation) => new
    {
        key = evaluation.Key,
        value = evaluation.Value,
        variant = evaluation.Variant,
        reason = evaluation.Reason,
        metadata = evaluation.Metadata,
    };

    private static async Task<byte[]> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
