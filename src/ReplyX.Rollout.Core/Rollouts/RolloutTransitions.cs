namespace ReplyX.Rollout.Core.Rollouts;

/// <summary>The one transition table of a rollout run.</summary>
public static class RolloutTransitions
{
    private static readonly Dictionary<RolloutState, RolloutState[]> Allowed = new()
    {
        [RolloutState.Pending] = [RolloutState.Preflight, RolloutState.Paused, RolloutState.RolledBack, RolloutState.Failed],
        [RolloutState.Preflight] = [RolloutState.Applying, RolloutState.Paused, RolloutState.RolledBack, RolloutState.Failed],
        [RolloutState.Applying] = [RolloutState.Ramping, RolloutState.Paused, RolloutState.RollingBack, RolloutState.Failed],
        // Ramping -> Ramping moves to the next stage.
        [RolloutState.Ramping] = [RolloutState.Ramping, RolloutState.Contracting, RolloutState.Paused, RolloutState.RollingBack, RolloutState.Failed],
        [RolloutState.Contracting] = [RolloutState.Completed, RolloutState.Paused, RolloutState.Failed],
        [RolloutState.RollingBack] = [RolloutState.RolledBack, RolloutState.Failed],
        // Resume returns to the state the run was paused in; abort rolls back.
        [RolloutState.Paused] = [RolloutState.Pending, RolloutState.Preflight, RolloutState.Applying, RolloutState.Ramping, RolloutState.Contracting, RolloutState.RollingBack, RolloutState.RolledBack, RolloutState.Failed],
        [RolloutState.Completed] = [],
        [RolloutState.RolledBack] = [],
        [RolloutState.Failed] = [],
    };

    public static bool IsAllowed(RolloutState from, RolloutState to) => Allowed[from].Contains(to);

    public static void Ensure(RolloutState from, RolloutState to)
    {
        if (!IsAllowed(from, to))
        {
            throw new InvalidRolloutTransitionException(from, to);
        }
    }
}
