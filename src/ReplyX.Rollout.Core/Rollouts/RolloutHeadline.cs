using System.Globalization;

namespace ReplyX.Rollout.Core.Rollouts;

/// <summary>
/// A run's state in the few words a dashboard shows (<c>Ramping 25%</c>, <c>Paused at 5%</c>, <c>RolledBack</c>):
/// the API returns it as <c>headline</c>, so the Aspire resource, the report and any other viewer say the same thing.
/// </summary>
public static class RolloutHeadline
{
    public static string Of(RolloutState state, int percentage, bool awaitingApproval) => state switch
    {
        RolloutState.Ramping when awaitingApproval => string.Create(CultureInfo.InvariantCulture, $"Awaiting approval at {percentage}%"),
        RolloutState.Ramping => string.Create(CultureInfo.InvariantCulture, $"Ramping {percentage}%"),
        RolloutState.Paused => string.Create(CultureInfo.InvariantCulture, $"Paused at {percentage}%"),
        RolloutState.Applying => "Applying steps",
        RolloutState.RollingBack => "Rolling back",
        _ => state.ToString(),
    };
}
