using Microsoft.Extensions.Options;
using ReplyX.Rollout.Controller.Configuration;
using ReplyX.Rollout.Controller.Metrics;

namespace ReplyX.Rollout.Controller.Apis;

/// <summary>
/// Metrics and flag evaluations need <see cref="ControllerOptions.IngestToken"/> when one is configured, sent as
/// <c>Authorization: Bearer &lt;token&gt;</c> or <c>X-API-Key: &lt;token&gt;</c> (what OpenFeature's OFREP providers and
/// OpenTelemetry exporters can send). A refused metrics export is counted in the metrics status.
/// </summary>
internal sealed class IngestTokenFilter(IOptions<ControllerOptions> options, MetricSources sources) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = options.Value.IngestToken;
        if (string.IsNullOrEmpty(expected) || RequestCredentials.Matches(RequestCredentials.Presented(context.HttpContext.Request, allowApiKeyHeader: true), expected))
        {
            return await next(context);
        }

        if (context.HttpContext.Request.Path.StartsWithSegments("/v1/metrics", StringComparison.Ordinal))
        {
            sources.Refused(context.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        }

        return TypedResults.Problem(title: "Missing or wrong ingest token",
            detail: "Send 'Authorization: Bearer <token>' or 'X-API-Key: <token>' with the controller's Rollout:IngestToken (the AppHost wires it into its services).",
            statusCode: StatusCodes.Status401Unauthorized);
    }
}
