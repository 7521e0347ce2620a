using ReplyX.Rollout.Core.Migrations.Tools;

namespace ReplyX.Rollout.Core.Gates;

/// <summary>
/// The consolidation gate (R004): the chain and the consolidated set, each applied by the migration tool to its own
/// scratch database, must leave identical catalogs. Paths are relative to the phases directory. <see cref="Ignore"/>
/// names tables left out of the comparison besides the tool's own bookkeeping.
/// </summary>
public sealed record MigrationsVerifyOptions(string Chain, string Consolidated, IReadOnlyList<string> Ignore, MigrationToolOptions Tool)
{
    public static MigrationsVerifyOptions Read(GateSettings settings)
    {
        var chain = settings.Required("chain");
        return new(chain, settings.Required("consolidated"),
            (settings.Text("ignore") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            MigrationToolSettings.Read(settings, chain));
    }
}
