namespace ReplyX.Rollout.Core.Risks;

/// <summary>A row of the seed's escalation matrix: how fast, who decides, who hears.</summary>
public sealed record EscalationRule(RiskLevel Level, TimeSpan ResponseTime, string ResponseWindow, string DecisionMaker, string Communication);
