namespace ReplyX.Rollout.Controller.Model;

/// <summary>
/// A human's recovery of a rolled-back or failed run: level 3 (default) restores its verified backup, level 4 promotes
/// the standby. <c>Confirm</c> must repeat the phase id.
/// </summary>
public sealed record RestoreRequest(string? Confirm, int? Level = null);
