using Microsoft.Extensions.Options;
using ReplyX.Rollout.Controller.Configuration;

namespace ReplyX.Rollout.Controller.Apis;

/// <summary>Mutating calls need <c>Authorization: Bearer &lt;Rollout:ApiKey&gt;</c>; with no key configured, none is accepted.</summary>
internal sealed class ApiKeyFilter(IOptions<ControllerOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = options.Value.ApiKey;
        if (string.IsNullOrEmpty(expected))
        {
            return TypedResults.Problem(title: "No API key configured",
                detail: "This controller has no Rollout:ApiKey, so it accepts no changes. Configure one (the AppHost generates it).",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        if (!RequestCredentials.Matches(RequestCredentials.Presented(context.HttpContext.Request), expected))
        {
            return TypedResults.Problem(title: "Missing or wrong API key",
                detail: "Send 'Authorization: Bearer <api key>'. The CLI takes --api-key, REPLYX_ROLLOUT_API_KEY, or the credentials 'replyx-rollout login' saved (the AppHost saves the key it generated there on every start).",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        return await next(context);
    }
}
