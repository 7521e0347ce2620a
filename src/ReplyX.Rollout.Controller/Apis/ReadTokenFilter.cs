using Microsoft.Extensions.Options;
using ReplyX.Rollout.Controller.Configuration;

namespace ReplyX.Rollout.Controller.Apis;

/// <summary>
/// Reads need <see cref="ControllerOptions.ReadToken"/> (or the rollout key, which can do more) when one is configured,
/// as <c>Authorization: Bearer</c>. Changes are judged by <see cref="ApiKeyFilter"/> on their own; the workload's flag
/// feed is not a run read and stays open.
/// </summary>
internal sealed class ReadTokenFilter(IOptions<ControllerOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (options.Value.ReadToken is not { Length: > 0 } readToken || !HttpMethods.IsGet(request.Method)
            || request.Path.StartsWithSegments("/api/flags", StringComparison.Ordinal))
        {
            return await next(context);
        }

        if (RequestCredentials.Matches(RequestCredentials.Presented(request), readToken, options.Value.ApiKey))
        {
            return await next(context);
        }

        return TypedResults.Problem(title: "Missing or wrong read token",
            detail: "This controller requires 'Authorization: Bearer <token>' to read runs: its Rollout:ReadToken, or the rollout API key.",
            statusCode: StatusCodes.Status401Unauthorized);
    }
}
