namespace ReplyX.Rollout.Core.Diagnostics;

/// <summary>One problem found in a phase file, printed as <c>path:line:column: error CODE: message</c>.</summary>
public sealed record Diagnostic(DiagnosticSeverity Severity, string Code, string Message, string File, SourcePosition Position)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    public override string ToString() =>
        $"{File}:{Position.Line}:{Position.Column}: {(IsError ? "error" : "warning")} {Code}: {Message}";
}
