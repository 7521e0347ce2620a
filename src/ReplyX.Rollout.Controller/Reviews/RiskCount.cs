namespace ReplyX.Rollout.Controller.Reviews;

/// <summary>How often a risk fired in the period: alerts raised by runs (guardrails, gates) and by the continuous monitor.</summary>
public sealed record RiskCount(string Risk, int DuringRuns, int ByMonitor);
