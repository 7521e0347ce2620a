namespace ReplyX.Rollout.Controller.Reviews;

/// <summary>
/// The longest wait a run's locks imposed on other sessions against its budget: the phase's <c>lockWaits</c> success
/// criterion target when it declares one (<see cref="BudgetSeconds"/> null otherwise).
/// </summary>
public sealed record LockWaitRow(Guid Run, string Phase, double LongestSeconds, int SessionsBlocked, double? BudgetSeconds)
{
    /// <summary>Share of the budget used (1.0 = all of it), when there is a budget.</summary>
    public double? BudgetUsed => BudgetSeconds is > 0 ? LongestSeconds / BudgetSeconds : null;
}
