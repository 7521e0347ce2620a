using System.Globalization;

namespace ReplyX.Api.Apis;

/// <summary>
/// Every workload request names its user in <c>X-User-Id</c>. Flag targeting hashes that id, and a missing id
/// would hash the same for everyone (ROLLOUT-FACTS), so a request without a valid one is a 400, never served.
/// </summary>
internal sealed class CallerIdentityFilter : IEndpointFilter
{
    public const string HeaderName = "X-User-Id";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers[HeaderName];
        if (header.Count == 0 || string.IsNullOrWhiteSpace(header[0]))
        {
            return TypedResults.Problem(
                title: "Missing user id",
                detail: $"Send the caller's user id in the {HeaderName} header.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        if (!long.TryParse(header[0], NumberStyles.None, CultureInfo.InvariantCulture, out var userId) || userId <= 0)
        {
            return TypedResults.Problem(
                title: "Invalid user id",
                detail: $"{HeaderName} must be a positive integer; got '{header[0]}'.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        context.HttpContext.Items[typeof(CallerIdentity)] = new CallerIdentity(userId);
        return await next(context);
    }
}
