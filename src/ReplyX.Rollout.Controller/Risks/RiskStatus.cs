namespace ReplyX.Rollout.Controller.Risks;

/// <summary>Where a monitor rule stands: its reading under the threshold, over it (an episode is open), or not known.</summary>
public enum RiskStatus
{
    Clear,
    Firing,
    Unknown,
}
