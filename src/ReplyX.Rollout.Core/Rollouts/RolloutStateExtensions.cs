namespace ReplyX.Rollout.Core.Rollouts;

/// <summary>The state sets of a run, in one place: C# asks the predicates, SQL receives the sets' names as parameters.</summary>
public static class RolloutStateExtensions
{
    /// <summary>Completed, RolledBack and Failed end a run; nothing moves it again except a human restore.</summary>
    public static IReadOnlyList<RolloutState> Terminal { get; } = [RolloutState.Completed, RolloutState.RolledBack, RolloutState.Failed];

    /// <summary>A run whose changes are applied and not finished: its flag's gate cohort takes the treatment path.</summary>
    public static IReadOnlyList<RolloutState> Live { get; } = [RolloutState.Applying, RolloutState.Ramping, RolloutState.Paused];

    public static bool IsTerminal(this RolloutState state) => Terminal.Contains(state);

    /// <summary>States the engine works on (Paused waits for a human).</summary>
    public static bool IsActive(this RolloutState state) => !state.IsTerminal() && state != RolloutState.Paused;

    /// <summary>The names as stored in the database, for a query parameter (<c>state &lt;&gt; ALL($1)</c>).</summary>
    public static string[] Names(this IEnumerable<RolloutState> states) => [.. states.Select(s => s.ToString())];
}
