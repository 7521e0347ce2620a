namespace ReplyX.Rollout.Core.Rollouts;

public static class RolloutStateExtensions
{
    /// <summary>Completed, RolledBack and Failed end a run; nothing moves it again except a human restore.</summary>
    public static bool IsTerminal(this RolloutState state) =>
        state is RolloutState.Completed or RolloutState.RolledBack or RolloutState.Failed;

    /// <summary>States the engine works on (Paused waits for a human).</summary>
    public static bool IsActive(this RolloutState state) => !state.IsTerminal() && state != RolloutState.Paused;
}
