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

    /// <summary>Indexes and tables the steps create, to check whether they already exist.</summary>
    public IReadOnlyList<(string Kind, string Name)> CreatedObjects =>
        [.. Phase.AllSteps.SelectMany(s => SqlStatement.Split(s.Sql)).Select(DdlStatement.Read)
            .Select(d => d.Kind switch
            {
                DdlKind.CreateIndex when d.IndexName is not null => ("index", d.IndexName),
                DdlKind.CreateTable when d.Table is not null => ("table", d.Table),
                _ => ("", ""),
            })
            .Where(o => o.Item1.Length > 0).Distinct()];
}
