namespace ReplyX.Rollout.Cli.Api;

/// <summary>The controller refused a call (4xx/5xx) or could not be reached; the message is the problem's detail.</summary>
public sealed class ControllerApiException(string message, int? status) : Exception(message)
{
    public int? Status { get; } = status;
}
