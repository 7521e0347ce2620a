using System.Collections.Concurrent;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Core.Diagnostics;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Controller.Engine;

/// <summary>
/// Each run's phase, parsed once from the snapshot the run was started with (a run executes exactly what was
/// validated, and its YAML never changes): the engine looks at a run every second and must not re-read YAML each time.
/// </summary>
public sealed class RunPhases
{
    private readonly ConcurrentDictionary<Guid, (PhaseDefinition? Phase, string? Problem)> _phases = new();

    /// <summary>The run's phase, or the reason its snapshot no longer parses.</summary>
    public (PhaseDefinition? Phase, string? Problem) For(RolloutRun run) => _phases.GetOrAdd(run.Id, _ =>
    {
        var diagnostics = new DiagnosticBag();
        var phase = PhaseParser.Parse($"{run.PhaseId}.yaml", run.PhaseYaml, diagnostics);
        return phase is null || diagnostics.HasErrors ? (null, string.Join("; ", diagnostics.Items)) : (phase, null);
    });

    /// <summary>Drops a finished run's phase.</summary>
    public void Forget(Guid runId) => _phases.TryRemove(runId, out _);
}
