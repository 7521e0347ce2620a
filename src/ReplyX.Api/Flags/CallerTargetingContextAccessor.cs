using Microsoft.FeatureManagement.FeatureFilters;
using ReplyX.Api.Apis;

namespace ReplyX.Api.Flags;

/// <summary>Targets by the request's user id (X-User-Id), established before any flagged endpoint runs.</summary>
public sealed class CallerTargetingContextAccessor(IHttpContextAccessor accessor) : ITargetingContextAccessor
{
    public ValueTask<TargetingContext> GetContextAsync() =>
        ValueTask.FromResult(new TargetingContext
        {
            UserId = accessor.HttpContext is { } http ? CallerIdentity.From(http).UserId.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        });
}
