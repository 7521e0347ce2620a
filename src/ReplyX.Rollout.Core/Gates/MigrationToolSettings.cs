using ReplyX.Rollout.Core.Migrations.Tools;

namespace ReplyX.Rollout.Core.Gates;

/// <summary>
/// The migration-tool settings both migration gates accept: <c>tool</c> (<c>sql</c> or <c>alembic</c>),
/// <c>python</c>, <c>ini</c>, <c>url</c> (<c>x-arg</c>, <c>env:NAME</c> or <c>ini</c>) and <c>timeout</c>. Paths
/// are as written (the runner resolves them against the phases folder).
/// </summary>
public static class MigrationToolSettings
{
    public static IReadOnlyList<string> Keys { get; } = ["tool", "python", "ini", "url", "timeout"];

    public static MigrationToolOptions Read(GateSettings settings, string directory)
    {
        var url = settings.Text("url") ?? "x-arg";
        if (url is not ("x-arg" or "ini") && !(url.StartsWith("env:", StringComparison.Ordinal) && url.Length > 4))
        {
            settings.Invalid($"'url' must be x-arg, env:NAME or ini; got '{url}'.");
        }

        var tool = settings.Choice("tool", MigrationToolOptions.Tools, MigrationToolOptions.Sql);
        if (tool == MigrationToolOptions.Sql && (settings.Text("ini") ?? settings.Text("python")) is not null)
        {
            settings.Invalid("'ini' and 'python' are Alembic settings: add 'tool: alembic'.");
        }

        return new MigrationToolOptions
        {
            Tool = tool,
            Directory = directory,
            Python = settings.Text("python") ?? MigrationToolOptions.DefaultPython,
            Ini = settings.Text("ini"),
            Url = url,
            Timeout = settings.Duration("timeout", TimeSpan.FromMinutes(10)),
        };
    }
}
