using System.Text.RegularExpressions;

namespace ReplyX.Rollout.Core.Phases;

/// <summary>
/// <c>${name}</c> in a step's SQL or rollback, or in a gate's setting, is replaced by the phase's parameter of that name (nested keys
/// joined with dots: <c>${ivf.lists}</c>), so the numbers a phase declares are the numbers its SQL runs with.
/// An unknown name is an error at the step; <c>${</c> is not valid SQL, so nothing else is ever replaced.
/// </summary>
internal static partial class PhaseParameters
{
    public static List<PhaseStep> Substitute(List<PhaseStep> steps, IReadOnlyDictionary<string, string> parameters, YamlNodeReader reader) =>
        steps.Select(step => step with
        {
            Sql = Replace(step.Sql, step, parameters, reader, step.SqlPosition),
            Rollback = step.Rollback is null ? null : Replace(step.Rollback, step, parameters, reader, step.RollbackPosition ?? step.Position),
            Backfill = step.Backfill is null ? null : step.Backfill with
            {
                Set = Replace(step.Backfill.Set, step, parameters, reader, step.SqlPosition),
                Where = step.Backfill.Where is null ? null : Replace(step.Backfill.Where, step, parameters, reader, step.SqlPosition),
            },
        }).ToList();

    public static List<GateSpec> Substitute(List<GateSpec> gates, IReadOnlyDictionary<string, string> parameters, YamlNodeReader reader) =>
        gates.Select(gate => gate with
        {
            Settings = gate.Settings.ToDictionary(s => s.Key, s => Replace(s.Value, $"gate '{gate.Type}'", parameters, reader, gate.Position)),
        }).ToList();

    private static string Replace(string sql, PhaseStep step, IReadOnlyDictionary<string, string> parameters, YamlNodeReader reader, Diagnostics.SourcePosition position) =>
        Replace(sql, $"step '{step.Name}'", parameters, reader, position);

    private static string Replace(string sql, string owner, IReadOnlyDictionary<string, string> parameters, YamlNodeReader reader, Diagnostics.SourcePosition position) =>
        Placeholder().Replace(sql, match =>
        {
            var name = match.Groups[1].Value;
            if (parameters.TryGetValue(name, out var value))
            {
                return value;
            }

            var suggestion = YamlNodeReader.Suggest(name, parameters.Keys);
            reader.Diagnostics.Error(DiagnosticCodes.UnknownParameter, reader.File, position,
                $"{owner} uses ${{{name}}} but the phase has no such parameter" + (suggestion is null ? $" (declared: {(parameters.Count == 0 ? "none" : string.Join(", ", parameters.Keys))})." : $"; did you mean '{suggestion}'?"));
            return match.Value;
        });

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}")]
    private static partial Regex Placeholder();
}
