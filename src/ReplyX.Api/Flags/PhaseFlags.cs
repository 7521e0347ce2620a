using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.FeatureManagement;
using ReplyX.Rollout.Primitives.Flags;

namespace ReplyX.Api.Flags;

/// <summary>
/// Evaluates a phase flag once per request and carries the answer: the code path, and the semantic-convention
/// <c>feature_flag.key</c> / <c>feature_flag.result.variant</c> tags on the request's <c>http.server.request.duration</c>
/// and its span, which is what the controller's guardrails compare.
/// </summary>
public sealed class PhaseFlags(IFeatureManager features, ControllerFeatureDefinitionProvider definitions)
{
    /// <summary>Phase 01: keyset paging of a dialog's messages.</summary>
    public const string KeysetPages = "replyx.messages.keyset-pages";

    /// <summary>Phase 02: similarity search through the IVF index.</summary>
    public const string IvfSearch = "replyx.knowledge.ivf-search";

    /// <summary>Phase 04: the tuned connection pool.</summary>
    public const string PoolTuning = "replyx.capacity.pool-tuning";

    private const string TaggedKey = "replyx.flag.tagged";
    private const string TreatmentKey = "replyx.flag.treatment";

    /// <summary>Whether any phase flag evaluated for this request chose its treatment.</summary>
    public static bool TookTreatment(HttpContext http) => http.Items.ContainsKey(TreatmentKey);

    public ControllerFeatureDefinitionProvider Definitions => definitions;

    public async Task<bool> IsTreatmentAsync(HttpContext http, string flag, CancellationToken cancellationToken)
    {
        var treatment = await features.IsEnabledAsync(flag, cancellationToken);
        var variant = PhaseFlagTargeting.Variant(treatment);
        if (treatment)
        {
            http.Items[TreatmentKey] = flag;
        }

        // One flag per request in the metrics: the first evaluated, unless a later one belongs to the live run.
        var tagged = http.Items[TaggedKey] as string;
        if (tagged is not null && (tagged == flag || !definitions.IsLive(flag) || definitions.IsLive(tagged)))
        {
            return treatment;
        }

        http.Items[TaggedKey] = flag;
        if (http.Features.Get<IHttpMetricsTagsFeature>() is { } tags)
        {
            foreach (var old in tags.Tags.Where(t => t.Key is FeatureFlagAttributes.Key or FeatureFlagAttributes.Variant).ToList())
            {
                tags.Tags.Remove(old);
            }

            tags.Tags.Add(new(FeatureFlagAttributes.Key, flag));
            tags.Tags.Add(new(FeatureFlagAttributes.Variant, variant));
        }

        Activity.Current?.SetTag(FeatureFlagAttributes.Key, flag);
        Activity.Current?.SetTag(FeatureFlagAttributes.Variant, variant);
        return treatment;
    }
}
