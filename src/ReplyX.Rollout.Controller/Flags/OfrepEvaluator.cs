using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Primitives.Flags;

namespace ReplyX.Rollout.Controller.Flags;

/// <summary>
/// Evaluates a phase flag for an OFREP context with exactly the assignment the .NET workload makes
/// (<see cref="PhaseFlagTargeting"/>: the same Microsoft.FeatureManagement targeting over the same settings), so a
/// user gets the same variant whichever service evaluates. The metadata carries the percentage and the phase's
/// parameters (e.g. <c>ivf.probes</c>) a service needs to take the treatment path.
/// </summary>
public static class OfrepEvaluator
{
    public static async Task<OfrepEvaluation> EvaluateAsync(FlagView flag, OfrepContext context)
    {
        var treatment = await PhaseFlagTargeting.IsTreatmentAsync(flag.Flag, PhaseFlagTargeting.Settings(flag.Percentage, flag.Cohorts), context.TargetingKey, context.Groups);
        var reason = treatment ? OfrepErrors.TargetingMatch
            : flag.Percentage == 0 && flag.Cohorts.Count == 0 ? OfrepErrors.Disabled
            : OfrepErrors.Default;
        var metadata = new Dictionary<string, object>(StringComparer.Ordinal) { ["percentage"] = flag.Percentage };
        foreach (var (name, value) in flag.Parameters)
        {
            metadata[name] = value;
        }

        return new OfrepEvaluation(flag.Flag, treatment, PhaseFlagTargeting.Variant(treatment), reason, metadata);
    }
}
