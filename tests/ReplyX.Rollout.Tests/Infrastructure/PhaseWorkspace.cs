using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Tests.Infrastructure;

/// <summary>A temp folder holding the real risk register and the phase files a test writes.</summary>
internal sealed class PhaseWorkspace : IDisposable
{
    public const string ValidPhase =
        """
        id: sample
        title: Sample
        risks: [R002]
        flag: replyx.sample
        steps:
          - name: index
            sql: CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_sample ON dialogs (user_id);
            rollback: DROP INDEX CONCURRENTLY IF EXISTS ix_sample;
        ramp: { stages: [5, 25, 100], bake: 2m }
        """;

    public PhaseWorkspace()
    {
        Directory.CreateDirectory(Folder);
        File.Copy(RepositoryPaths.RiskRegister, Path.Combine(Folder, "risks.yaml"));
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"replyx-phases-{Guid.NewGuid():N}");

    public string Write(string name, string yaml)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, yaml.ReplaceLineEndings("\n"));
        return path;
    }

    public PhaseSet Load() => PhaseLoader.Load([Folder]);

    /// <summary>Diagnostics of one phase file as <c>line:column code</c>, sorted.</summary>
    public IReadOnlyList<string> Codes(string yaml)
    {
        Write("phase.yaml", yaml);
        return [.. Load().Diagnostics.Select(d => $"{d.Position.Line}:{d.Position.Column} {d.Code}")];
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
