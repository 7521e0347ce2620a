using ReplyX.Rollout.Core.Rollouts;

namespace ReplyX.Rollout.Controller.Requests;

/// <summary>
/// What a pause or an abort means in each state: the one rule the API checks when it accepts a request (under the
/// run's row lock) and the engine applies when it acts on it. While an honourable request waits, the engine's own
/// moves yield to it (<see cref="Rollouts.RolloutStore.TransitionAsync"/>), so an accepted request is never
/// overtaken by the run moving on; one that can no longer be honoured is refused with the reason, never dropped.
/// </summary>
public static class RequestPolicy
{
    public static RequestDecision Decide(RolloutState state, RolloutState? pausedFrom, RunRequest request) => request switch
    {
        RunRequest.Pause => state.IsActive() && state != RolloutState.RollingBack
            ? RequestDecision.Honour(RolloutState.Paused, $"paused by request while {state}")
            : RequestDecision.Refuse(state == RolloutState.RollingBack ? "the run is rolling back; a rollback is never paused halfway" : $"a {state} run cannot be paused"),
        _ => Abort(state == RolloutState.Paused ? pausedFrom ?? state : state, state == RolloutState.Paused),
    };

    /// <summary>
    /// The API's side: the run with the request recorded on it, or the refusal. Called under the run's row lock, so
    /// the state it judges is the state the engine will find. An abort replaces a waiting pause, never the reverse.
    /// </summary>
    public static (Rollouts.RolloutRun? Next, string? Refusal) Accept(Rollouts.RolloutRun run, RunRequest request)
    {
        var decision = Decide(run.State, run.PausedFrom, request);
        var refusal = !decision.Honoured ? decision.Reason
            : run.RequestedAction == RunRequest.Abort && request == RunRequest.Pause ? "an abort is already waiting for the engine"
            : null;
        return refusal is null ? (run with { RequestedAction = request }, null) : (null, refusal);
    }

    public static string Name(this RunRequest request) => request.ToString().ToLowerInvariant();

    public static RunRequest? Parse(string? name) => name is null ? null : Enum.Parse<RunRequest>(name, ignoreCase: true);

    private static RequestDecision Abort(RolloutState state, bool paused)
    {
        var when = paused ? $"while paused in {state}" : $"while {state}";
        return state switch
        {
            RolloutState.Pending or RolloutState.Preflight => RequestDecision.Honour(RolloutState.RolledBack, $"aborted by request {when}, before any change"),
            RolloutState.Applying or RolloutState.Ramping => RequestDecision.Honour(RolloutState.RollingBack, $"aborted by request {when}"),
            RolloutState.Contracting => RequestDecision.Refuse(
                "the run is contracting (every user is on the new path and superseded objects are being dropped); it cannot be rolled back automatically"),
            RolloutState.RollingBack => RequestDecision.Refuse("the run is already rolling back"),
            _ => RequestDecision.Refuse($"a {state} run cannot be aborted"),
        };
    }
}
