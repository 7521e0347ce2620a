using ReplyX.Rollout.Core.Gates;

namespace ReplyX.Rollout.Controller.Rollouts;

/// <summary>A phase flag as served to the workload: share of users, the phase's parameters, and whether its run is live.</summary>
public sealed record FlagView(string Flag, int Percentage, IReadOnlyDictionary<string, string> Parameters, bool Live)
{
    /// <summary>The targeting groups on the treatment whatever the percentage: the capacity gate's cohort while the run is live.</summary>
    public IReadOnlyList<string> Cohorts => Live ? [CapacityGate.Cohort] : [];
}
