using ReplyX.Rollout.Core.Diagnostics;

namespace ReplyX.Rollout.Core.Phases;

/// <summary>One optimization phase, as its YAML file declares it.</summary>
public sealed record PhaseDefinition
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public string Description { get; init; } = "";

    public IReadOnlyList<string> Risks { get; init; } = [];

    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>The feature flag that routes users to the optimized code path.</summary>
    public required string Flag { get; init; }

    /// <summary>The database and environment the phase is meant for; starting it elsewhere is refused.</summary>
    public TargetSpec Target { get; init; } = new();

    public PreflightSpec Preflight { get; init; } = new();

    /// <summary>The expand steps, applied before any traffic moves.</summary>
    public IReadOnlyList<PhaseStep> Steps { get; init; } = [];

    public RampSpec Ramp { get; init; } = new();

    public GuardrailSpec Guardrails { get; init; } = new();

    public IReadOnlyList<GateSpec> Gates { get; init; } = [];

    /// <summary>Steps run only after 100% has baked: dropping what the phase superseded.</summary>
    public IReadOnlyList<PhaseStep> Contract { get; init; } = [];

    public IReadOnlyList<SuccessCriterion> SuccessCriteria { get; init; } = [];

    /// <summary>Free-form settings the phase's treatment path reads (IVF lists/probes, pool sizes).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    public string SourceFile { get; init; } = "";

    public SourcePosition IdPosition { get; init; } = SourcePosition.Start;

    /// <summary>Where list entries and values sit in the file, keyed like <c>risks[0]</c> or <c>dependsOn[1]</c>.</summary>
    public IReadOnlyDictionary<string, SourcePosition> Positions { get; init; } = new Dictionary<string, SourcePosition>();

    public IEnumerable<PhaseStep> AllSteps => Steps.Concat(Contract);
}
