using ReplyX.Rollout.Controller.Requests;
using ReplyX.Rollout.Core.Rollouts;

namespace ReplyX.Rollout.Tests.Controller;

public sealed class RequestPolicyTests
{
    [Theory]
    [InlineData(RolloutState.Pending, null, RunRequest.Abort, RolloutState.RolledBack)]
    [InlineData(RolloutState.Preflight, null, RunRequest.Abort, RolloutState.RolledBack)]
    [InlineData(RolloutState.Applying, null, RunRequest.Abort, RolloutState.RollingBack)]
    [InlineData(RolloutState.Ramping, null, RunRequest.Abort, RolloutState.RollingBack)]
    [InlineData(RolloutState.Paused, RolloutState.Preflight, RunRequest.Abort, RolloutState.RolledBack)]
    [InlineData(RolloutState.Paused, RolloutState.Ramping, RunRequest.Abort, RolloutState.RollingBack)]
    [InlineData(RolloutState.Ramping, null, RunRequest.Pause, RolloutState.Paused)]
    [InlineData(RolloutState.Contracting, null, RunRequest.Pause, RolloutState.Paused)]
    public void Honoured_requests_name_the_state_they_move_the_run_to(RolloutState state, RolloutState? pausedFrom, RunRequest request, RolloutState to)
    {
        var decision = RequestPolicy.Decide(state, pausedFrom, request);

        Assert.True(decision.Honoured);
        Assert.Equal(to, decision.To);
        Assert.True(RolloutTransitions.IsAllowed(state, to));
    }

    [Theory]
    [InlineData(RolloutState.Contracting, null, RunRequest.Abort, "the run is contracting")]
    [InlineData(RolloutState.Paused, RolloutState.Contracting, RunRequest.Abort, "the run is contracting")]
    [InlineData(RolloutState.RollingBack, null, RunRequest.Abort, "already rolling back")]
    [InlineData(RolloutState.RollingBack, null, RunRequest.Pause, "never paused halfway")]
    [InlineData(RolloutState.Completed, null, RunRequest.Abort, "a Completed run cannot be aborted")]
    [InlineData(RolloutState.Paused, RolloutState.Ramping, RunRequest.Pause, "a Paused run cannot be paused")]
    public void Requests_that_cannot_be_honoured_are_refused_with_the_reason(RolloutState state, RolloutState? pausedFrom, RunRequest request, string reason)
    {
        var decision = RequestPolicy.Decide(state, pausedFrom, request);

        Assert.False(decision.Honoured);
        Assert.Contains(reason, decision.Reason, StringComparison.Ordinal);
    }
}
