using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.FeatureManagement;

namespace ReplyX.Api.Flags;

/// <summary>
/// Evaluates a phase flag once per request and carries the answer: the code path, and the <c>replyx.flag</c> /
/// <c>replyx.variant</c> tags on the request's <c>http.server.request.duration</c> and its span, which is what the
/// controller's guardrails compare.
/// </summary>
public sealed class PhaseFlags(IFeatureManager features)
{
    /// <summary>Phase 01: keyset paging of a dialog's messages.</summary>
    public const string KeysetPages = "replyx.messages.keyset-pages";

    public async Task<bool> IsTreatmentAsync(HttpContext http, string flag, CancellationToken cancellationToken)
    {
        var treatment = await features.IsEnabledAsync(flag, cancellationToken);
        var variant = treatment ? "treatment" : "control";
        if (http.Features.Get<IHttpMetricsTagsFeature>() is { } tags)
        {
            tags.Tags.Add(new("replyx.flag", flag));
            tags.Tags.Add(new("replyx.variant", variant));
        }

        Activity.Current?.SetTag("replyx.flag", flag);
        Activity.Current?.SetTag("replyx.variant", variant);
        return treatment;
    }
}
