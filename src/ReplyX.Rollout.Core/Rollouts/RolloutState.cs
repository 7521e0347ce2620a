namespace ReplyX.Rollout.Core.Rollouts;

/// <summary>Where a rollout run is. Stored by name; never renumber or rename a member.</summary>
public enum RolloutState
{
    Pending,
    Preflight,
    Applying,
    Ramping,
    Contracting,
    Completed,
    RollingBack,
    RolledBack,
    Failed,
    Paused,
}
