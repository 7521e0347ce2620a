namespace ReplyX.Rollout.Controller.Risks;

/// <summary>One monitor rule's last look: status since when, the reading (null when unknown) and its words, the last alert, and its memory between ticks.</summary>
public sealed record RiskState(
    string RuleId,
    string Risk,
    RiskStatus Status,
    DateTimeOffset Since,
    double? LastValue,
    string LastDetail,
    DateTimeOffset LastAt,
    string? LastAlert,
    DateTimeOffset? LastAlertAt,
    string MemoryJson = "{}");
