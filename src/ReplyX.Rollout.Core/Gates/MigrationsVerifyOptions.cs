namespace ReplyX.Rollout.Core.Gates;

/// <summary>
/// The consolidation gate (R004): the chain and the consolidated set, each applied to its own scratch database,
/// must leave identical catalogs. Paths are relative to the phases directory. <see cref="Ignore"/> names tables
/// left out of the comparison (the migration tool's own bookkeeping).
/// </summary>
public sealed record MigrationsVerifyOptions(string Chain, string Consolidated, IReadOnlyList<string> Ignore)
{
    public static MigrationsVerifyOptions Read(GateSettings settings) => new(
        settings.Required("chain"),
        settings.Required("consolidated"),
        (settings.Text("ignore") ?? "alembic_version").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
}
