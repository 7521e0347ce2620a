namespace ReplyX.Rollout.Core.Risks;

/// <summary>One entry of the seed's risk register.</summary>
public sealed record Risk(
    string Id,
    string Name,
    string Category,
    string Probability,
    string Impact,
    RiskLevel Level,
    string Priority,
    IReadOnlyList<string> EarlyWarning,
    IReadOnlyList<string> Detection,
    IReadOnlyList<string> Mitigation);
