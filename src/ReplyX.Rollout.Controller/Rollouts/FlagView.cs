namespace ReplyX.Rollout.Controller.Rollouts;

/// <summary>A phase flag as served to the workload: share of users, the phase's parameters, and whether its run is live.</summary>
public sealed record FlagView(string Flag, int Percentage, IReadOnlyDictionary<string, string> Parameters, bool Live);
