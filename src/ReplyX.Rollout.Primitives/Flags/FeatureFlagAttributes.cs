namespace ReplyX.Rollout.Primitives.Flags;

/// <summary>
/// The OpenTelemetry semantic-convention attributes for feature flags, which attribute a request to its flag and
/// variant on <c>http.server.request.duration</c> and on its span. A service in any language that sets these two
/// attributes is judged by the guardrails like the bundled workload.
/// </summary>
public static class FeatureFlagAttributes
{
    /// <summary>The flag's key, e.g. <c>replyx.messages.keyset-pages</c>.</summary>
    public const string Key = "feature_flag.key";

    /// <summary>The variant the request got: <see cref="PhaseFlagTargeting.Treatment"/> or <see cref="PhaseFlagTargeting.Control"/>.</summary>
    public const string Variant = "feature_flag.result.variant";
}
