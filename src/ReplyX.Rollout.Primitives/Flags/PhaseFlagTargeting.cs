using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;

namespace ReplyX.Rollout.Primitives.Flags;

/// <summary>
/// How a phase flag assigns a user, in one place for every evaluator: a <c>Microsoft.Targeting</c> audience with the
/// flag's percentage as its default rollout and each cohort (targeting group) at 100%. The .NET workload evaluates it
/// locally through Microsoft.FeatureManagement; the controller's OFREP endpoints evaluate the same settings with the
/// same library's <see cref="ContextualTargetingFilter"/>, so a user gets the same variant whichever service asks
/// (targeting hashes the user id with the flag name: sticky, and nested as the percentage grows).
/// </summary>
public static class PhaseFlagTargeting
{
    /// <summary>The variant of a user on the optimized path.</summary>
    public const string Treatment = "treatment";

    /// <summary>The variant of a user on today's path.</summary>
    public const string Control = "control";

    private static readonly ContextualTargetingFilter Filter = new(Options.Create(new TargetingEvaluationOptions()), NullLoggerFactory.Instance);

    public static TargetingFilterSettings Settings(int percentage, IEnumerable<string>? cohorts) => new()
    {
        Audience = new Audience
        {
            DefaultRolloutPercentage = percentage,
            Groups = [.. (cohorts ?? []).Select(c => new GroupRollout { Name = c, RolloutPercentage = 100 })],
        },
    };

    public static FeatureDefinition Definition(string flag, int percentage, IEnumerable<string>? cohorts) => new()
    {
        Name = flag,
        EnabledFor = [new FeatureFilterConfiguration { Name = "Microsoft.Targeting", ParametersObject = Settings(percentage, cohorts) }],
    };

    /// <summary>Whether the user (in these groups) is on the treatment of <paramref name="flag"/> at these settings.</summary>
    public static Task<bool> IsTreatmentAsync(string flag, TargetingFilterSettings settings, string userId, IEnumerable<string>? groups) =>
        Filter.EvaluateAsync(
            new FeatureFilterEvaluationContext { FeatureName = flag, Settings = settings },
            new TargetingContext { UserId = userId, Groups = [.. groups ?? []] });

    /// <summary>Whether <paramref name="userId"/> falls in the percentage itself (not only by a cohort).</summary>
    public static Task<bool> InPercentageAsync(string flag, int percentage, string userId) =>
        IsTreatmentAsync(flag, Settings(percentage, null), userId, null);

    public static string Variant(bool treatment) => treatment ? Treatment : Control;
}
