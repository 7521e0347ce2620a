using Microsoft.FeatureManagement.FeatureFilters;
using ReplyX.Api.Apis;

namespace ReplyX.Api.Flags;

/// <summary>
/// Targets by the request's user id (X-User-Id), established before any flagged endpoint runs; with
/// <see cref="FlagsOptions.AcceptCohortHeader"/>, <c>X-ReplyX-Cohort</c> names the caller's targeting group.
/// </summary>
public sealed class CallerTargetingContextAccessor(IHttpContextAccessor accessor, FlagsOptions options) : ITargetingContextAccessor
{
    public const string CohortHeader = "X-ReplyX-Cohort";

    public ValueTask<TargetingContext> GetContextAsync()
    {
        var http = accessor.HttpContext;
        var cohort = options.AcceptCohortHeader && http?.Request.Headers[CohortHeader].ToString() is { Length: > 0 } header ? header : null;
        return ValueTask.FromResult(new TargetingContext
        {
            UserId = http is null ? null : CallerIdentity.From(http).UserId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Groups = cohort is null ? [] : [cohort],
        });
    }
}
