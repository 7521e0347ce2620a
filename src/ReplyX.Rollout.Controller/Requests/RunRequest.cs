namespace ReplyX.Rollout.Controller.Requests;

/// <summary>What a human may ask of a running rollout. Stored by its lower-case name (<c>pause</c>, <c>abort</c>).</summary>
public enum RunRequest
{
    Pause,
    Abort,
}
