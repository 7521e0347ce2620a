using ReplyX.Rollout.Core.Diagnostics;

namespace ReplyX.Rollout.Core.Lint;

/// <summary>An unsafe-DDL rule: why the statement hurts and what to write instead.</summary>
public sealed record LintRule(string Id, string Name, DiagnosticSeverity Severity, string Reason, string SafeAlternative, bool AppliesToRollback);
