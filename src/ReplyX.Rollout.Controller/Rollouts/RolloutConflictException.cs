namespace ReplyX.Rollout.Controller.Rollouts;

/// <summary>A second active rollout on the same flag or table.</summary>
public sealed class RolloutConflictException(string message) : InvalidOperationException(message);
