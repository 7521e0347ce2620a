namespace ReplyX.Rollout.Core.Gates;

/// <summary>The conflicts gate (R004): the migration directory (relative to the phases directory) must have one head and no conflict.</summary>
public sealed record MigrationsConflictsOptions(string Directory)
{
    public static MigrationsConflictsOptions Read(GateSettings settings) => new(settings.Required("dir"));
}
