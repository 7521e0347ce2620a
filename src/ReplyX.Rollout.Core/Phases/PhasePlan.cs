using ReplyX.Rollout.Core.Lint;

namespace ReplyX.Rollout.Core.Phases;

/// <summary>What a phase will do, in order, without touching anything: the basis of <c>replyx-rollout plan</c>.</summary>
public sealed record PhasePlan(
    PhaseDefinition Phase,
    IReadOnlyList<string> Preflight,
    IReadOnlyList<(PhaseStep Step, IReadOnlyList<LintFinding> Findings)> Steps,
    IReadOnlyList<RampTimelineEntry> Ramp,
    TimeSpan EarliestCompletion,
    IReadOnlyList<string> Guardrails,
    IReadOnlyList<string> Gates)
{
    /// <summary>Every table a step touches (created, altered or indexed), as the SQL names them.</summary>
    public IReadOnlyList<string> TouchedTables =>
        [.. Phase.AllSteps.SelectMany(s => SqlStatement.Split(s.Sql)).Select(DdlStatement.Read)
            .Select(d => d.Table).OfType<string>().Distinct(StringComparer.Ordinal)];
}
