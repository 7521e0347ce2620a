namespace ReplyX.Rollout.Core.Risks;

public enum RiskLevel
{
    Low,
    Medium,
    High,
}
