using ReplyX.Rollout.Core.Diagnostics;
using ReplyX.Rollout.Core.Lint;
using ReplyX.Rollout.Core.Risks;

namespace ReplyX.Rollout.Core.Phases;

/// <summary>
/// Loads and validates phase files: each file on its own, then across files (risk ids, dependsOn, duplicate
/// ids) and the unsafe-DDL lint. A directory means its top-level <c>*.yaml</c> files (so <c>phases/examples/</c>
/// is validated only when named). The risk register is <c>risks.yaml</c> in the directory of the files or its parent.
/// </summary>
public static class PhaseLoader
{
    public static PhaseSet Load(IReadOnlyList<string> paths, string? risksPath = null)
    {
        var diagnostics = new DiagnosticBag();
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.GetFiles(path, "*.yaml").Concat(Directory.GetFiles(path, "*.yml"))
                    .Where(f => Path.GetFileName(f) != RiskRegister.FileName).Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                diagnostics.Error(DiagnosticCodes.MissingKey, path, SourcePosition.Start, "no such file or directory.");
            }
        }

        risksPath ??= FindRiskRegister(paths);
        RiskRegister? register = null;
        if (risksPath is null)
        {
            diagnostics.Error(DiagnosticCodes.RiskRegister, paths.FirstOrDefault() ?? ".", SourcePosition.Start,
                $"no {RiskRegister.FileName} found beside the phases or in their parent folder; pass --risks.");
        }
        else
        {
            register = RiskRegisterParser.Parse(risksPath, File.ReadAllText(risksPath), diagnostics);
        }

        var phases = files.Select(f => PhaseParser.Parse(f, File.ReadAllText(f), diagnostics)).OfType<PhaseDefinition>().ToList();
        var catalog = CatalogBeside(risksPath, files);
        CrossCheck(phases, catalog, register, diagnostics);
        CheckGateDirectories(phases, diagnostics);
        foreach (var finding in phases.SelectMany(p => SqlLinter.Lint(p).Where(f => !f.IsSuppressed).Select(f => (Phase: p, Finding: f))))
        {
            diagnostics.Add(new Diagnostic(finding.Finding.Rule.Severity, finding.Finding.Rule.Id, finding.Finding.Message, finding.Phase.SourceFile, finding.Finding.Position));
        }

        return new PhaseSet(phases, register, diagnostics.Sorted());
    }

    /// <summary>The migration gates' directories are relative to the phase file; a missing one is an error now, not at run time.</summary>
    private static void CheckGateDirectories(List<PhaseDefinition> phases, DiagnosticBag diagnostics)
    {
        foreach (var phase in phases)
        {
            var root = Path.GetDirectoryName(Path.GetFullPath(phase.SourceFile))!;
            foreach (var gate in phase.Gates.Where(g => g.Type is Gates.GateCatalog.MigrationsVerify or Gates.GateCatalog.MigrationsConflicts))
            {
                foreach (var key in new[] { "dir", "chain", "consolidated" })
                {
                    if (gate.Settings.TryGetValue(key, out var relative) && !Directory.Exists(Path.Combine(root, relative)))
                    {
                        diagnostics.Error(DiagnosticCodes.BadValue, phase.SourceFile, gate.Position,
                            $"{gate.Type}.{key}: no directory '{relative}' (relative to {Path.GetFileName(root)}/).");
                    }
                }
            }
        }
    }

    private static string? FindRiskRegister(IReadOnlyList<string> paths)
    {
        foreach (var path in paths)
        {
            var dir = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path));
            for (var i = 0; i < 2 && dir is not null; i++, dir = Path.GetDirectoryName(dir))
            {
                var candidate = Path.Combine(dir, RiskRegister.FileName);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>The phases beside the risk register: what <c>dependsOn</c> may name besides the files being validated.</summary>
    private static List<string> CatalogBeside(string? risksPath, List<string> validated)
    {
        if (risksPath is null)
        {
            return [];
        }

        var ids = new List<string>();
        var ignored = new DiagnosticBag();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(Path.GetFullPath(risksPath))!, "*.yaml"))
        {
            if (Path.GetFileName(file) != RiskRegister.FileName && !validated.Any(v => Path.GetFullPath(v) == Path.GetFullPath(file))
                && PhaseParser.Parse(file, File.ReadAllText(file), ignored) is { } phase)
            {
                ids.Add(phase.Id);
            }
        }

        return ids;
    }

    private static void CrossCheck(List<PhaseDefinition> phases, List<string> catalog, RiskRegister? register, DiagnosticBag diagnostics)
    {
        var byId = new Dictionary<string, PhaseDefinition>(StringComparer.Ordinal);
        foreach (var phase in phases.Where(p => p.Id.Length > 0))
        {
            if (byId.TryGetValue(phase.Id, out var first))
            {
                diagnostics.Error(DiagnosticCodes.DuplicatePhaseId, phase.SourceFile, phase.IdPosition,
                    $"phase id '{phase.Id}' is already used by {first.SourceFile}:{first.IdPosition.Line}.");
            }
            else
            {
                byId[phase.Id] = phase;
            }
        }

        foreach (var phase in phases)
        {
            if (register is not null)
            {
                for (var i = 0; i < phase.Risks.Count; i++)
                {
                    CheckRisk(register, phase, phase.Risks[i], phase.Positions.GetValueOrDefault($"risks[{i}]", phase.IdPosition), "risks", diagnostics);
                }

                foreach (var (risk, where) in new[]
                         {
                             (phase.Guardrails.LatencyP95.Risk, "guardrails.latencyP95.risk"),
                             (phase.Guardrails.ErrorRate.Risk, "guardrails.errorRate.risk"),
                             (phase.Guardrails.Pool.Risk, "guardrails.pool.risk"),
                         }.Concat(phase.Gates.Select(g => (g.Risk, $"gate {g.Type}"))))
                {
                    CheckRisk(register, phase, risk, phase.IdPosition, where, diagnostics);
                }
            }

            for (var i = 0; i < phase.DependsOn.Count; i++)
            {
                var dependency = phase.DependsOn[i];
                if (!byId.ContainsKey(dependency) && !catalog.Contains(dependency))
                {
                    var suggestion = YamlNodeReader.Suggest(dependency, byId.Keys.Concat(catalog));
                    diagnostics.Error(DiagnosticCodes.UnknownDependency, phase.SourceFile, phase.Positions.GetValueOrDefault($"dependsOn[{i}]", phase.IdPosition),
                        $"dependsOn names unknown phase '{dependency}'" + (suggestion is null ? "." : $"; did you mean '{suggestion}'?"));
                }
            }
        }

        foreach (var cycle in FindCycles(byId))
        {
            var phase = byId[cycle[0]];
            diagnostics.Error(DiagnosticCodes.CircularDependency, phase.SourceFile, phase.Positions.GetValueOrDefault("dependsOn[0]", phase.IdPosition),
                $"dependsOn forms a cycle: {string.Join(" -> ", cycle)} -> {cycle[0]}.");
        }
    }

    private static void CheckRisk(RiskRegister register, PhaseDefinition phase, string risk, SourcePosition position, string where, DiagnosticBag diagnostics)
    {
        if (register.Find(risk) is null)
        {
            var suggestion = YamlNodeReader.Suggest(risk, register.Risks.Select(r => r.Id));
            diagnostics.Error(DiagnosticCodes.UnknownRisk, phase.SourceFile, position,
                $"{where} names unknown risk '{risk}'" + (suggestion is null ? $"; the register has {register.Risks.Count} risks." : $"; did you mean '{suggestion}'?"));
        }
    }

    private static List<List<string>> FindCycles(Dictionary<string, PhaseDefinition> byId)
    {
        var cycles = new List<List<string>>();
        var state = new Dictionary<string, int>();
        var stack = new List<string>();

        void Visit(string id)
        {
            state[id] = 1;
            stack.Add(id);
            foreach (var next in byId[id].DependsOn.Where(byId.ContainsKey))
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    cycles.Add(stack[stack.IndexOf(next)..]);
                }
                else if (state.GetValueOrDefault(next) == 0)
                {
                    Visit(next);
                }
            }

            stack.RemoveAt(stack.Count - 1);
            state[id] = 2;
        }

        foreach (var id in byId.Keys.Order(StringComparer.Ordinal))
        {
            if (state.GetValueOrDefault(id) == 0)
            {
                Visit(id);
            }
        }

        return cycles;
    }
}
