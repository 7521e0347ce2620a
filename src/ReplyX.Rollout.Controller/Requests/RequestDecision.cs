using ReplyX.Rollout.Core.Rollouts;

namespace ReplyX.Rollout.Controller.Requests;

/// <summary>Whether a request can be honoured in the run's current state, and if so, the state it moves the run to.</summary>
public sealed record RequestDecision(bool Honoured, RolloutState? To, string Reason)
{
    public static RequestDecision Honour(RolloutState to, string reason) => new(true, to, reason);

    public static RequestDecision Refuse(string reason) => new(false, null, reason);
}
