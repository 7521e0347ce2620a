namespace ReplyX.Rollout.Controller.Model;

/// <summary>Start a phase; <c>Bake</c> overrides its bake time for this run only (drills, tests) and is recorded.</summary>
public sealed record StartRolloutRequest(string? Phase, string? Bake);
