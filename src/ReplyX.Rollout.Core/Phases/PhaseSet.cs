using ReplyX.Rollout.Core.Diagnostics;
using ReplyX.Rollout.Core.Lint;
using ReplyX.Rollout.Core.Risks;

namespace ReplyX.Rollout.Core.Phases;

/// <summary>Phases read together with the risk register, and every diagnostic found on the way.</summary>
public sealed class PhaseSet(IReadOnlyList<PhaseDefinition> phases, RiskRegister? risks, IReadOnlyList<Diagnostic> diagnostics)
{
    public IReadOnlyList<PhaseDefinition> Phases { get; } = phases;

    public RiskRegister? Risks { get; } = risks;

    public IReadOnlyList<Diagnostic> Diagnostics { get; } = diagnostics;

    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    public PhaseDefinition? Find(string idOrPath) =>
        Phases.FirstOrDefault(p => p.Id == idOrPath)
        ?? Phases.FirstOrDefault(p => Path.GetFullPath(p.SourceFile) == Path.GetFullPath(idOrPath))
        ?? Phases.FirstOrDefault(p => Path.GetFileNameWithoutExtension(p.SourceFile) == idOrPath);

    public IReadOnlyList<LintFinding> LintFindings(PhaseDefinition phase) => SqlLinter.Lint(phase);
}
