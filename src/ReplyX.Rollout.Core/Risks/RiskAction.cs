namespace ReplyX.Rollout.Core.Risks;

/// <summary>What a firing monitor rule does to an active rollout besides alerting.</summary>
public enum RiskAction
{
    Alert,
    Pause,
    Rollback,
}
