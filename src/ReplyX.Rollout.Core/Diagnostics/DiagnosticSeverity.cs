namespace ReplyX.Rollout.Core.Diagnostics;

public enum DiagnosticSeverity
{
    Warning,
    Error,
}
