using ReplyX.Api.Data;
using ReplyX.Api.Flags;

namespace ReplyX.Api.Apis;

/// <summary>Phase 04's flag picks each request's connection pool; without a definition from the controller nothing is evaluated.</summary>
internal sealed class PoolRoutingFilter(PhaseFlags flags, WorkloadDataSources dataSources) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (flags.Definitions.Percentages.ContainsKey(PhaseFlags.PoolTuning))
        {
            dataSources.Choose(http, await flags.IsTreatmentAsync(http, PhaseFlags.PoolTuning, http.RequestAborted));
        }

        return await next(context);
    }
}
