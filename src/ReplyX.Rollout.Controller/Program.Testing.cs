namespace ReplyX.Rollout.Controller;

/// <summary>Marker for the test host: the controller's entry point lives in top-level statements.</summary>
public sealed class ControllerEntryPoint;
