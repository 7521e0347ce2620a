using System.Security.Cryptography;
using System.Text;
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

        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()), Encoding.UTF8.GetBytes(expected)))
        {
            return TypedResults.Problem(title: "Missing or wrong API key",
                detail: "Send 'Authorization: Bearer <api key>'. The CLI takes --api-key, REPLYX_ROLLOUT_API_KEY, or the credentials 'replyx-rollout login' saved (the AppHost saves the key it generated there on every start).",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        return await next(context);
    }
}
