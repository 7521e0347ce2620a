namespace ReplyX.Api.Flags;

/// <summary>
/// Applies a <see cref="Drill"/> to every request that took a phase flag's treatment (<see cref="PhaseFlags.TookTreatment"/>):
/// messages paging, the IVF search, the tuned pool, and any path a later phase flags. It runs around the endpoint, so
/// the fault lands after the treatment's own work, inside the request's measured duration.
/// </summary>
internal sealed class DrillFilter(IConfiguration configuration, TimeProvider time) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var started = time.GetTimestamp();
        var result = await next(context);
        if (!PhaseFlags.TookTreatment(http) || Drill.From(http, configuration) is not { } drill)
        {
            return result;
        }

        if (drill.ErrorRate > 0 && Random.Shared.NextDouble() < drill.ErrorRate)
        {
            return TypedResults.Problem(title: "Drill", detail: "Injected treatment failure (X-ReplyX-Drill).", statusCode: StatusCodes.Status500InternalServerError);
        }

        // The request's own duration so far (the server span started with the request).
        var elapsed = System.Diagnostics.Activity.Current is { } span ? time.GetUtcNow().UtcDateTime - span.StartTimeUtc : time.GetElapsedTime(started);
        if (drill.DelayFor(elapsed) is { } delay && delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, time, http.RequestAborted);
        }

        return result;
    }
}
