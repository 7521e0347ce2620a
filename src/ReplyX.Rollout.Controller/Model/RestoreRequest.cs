namespace ReplyX.Rollout.Controller.Model;

/// <summary>Level-3 rollback: restore the run's verified backup. <c>Confirm</c> must repeat the phase id.</summary>
public sealed record RestoreRequest(string? Confirm);
