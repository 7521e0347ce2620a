namespace ReplyX.Rollout.Core.Phases;

/// <summary>Exhaustion: pending connection requests above this for the window (R007).</summary>
public sealed record PoolGuardrail(int MaxPendingRequests = 5, string Risk = "R007");
