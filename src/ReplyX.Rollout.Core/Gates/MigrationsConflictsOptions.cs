using ReplyX.Rollout.Core.Migrations.Tools;

namespace ReplyX.Rollout.Core.Gates;

/// <summary>
/// The conflicts gate (R004): the migration directory (relative to the phases directory) must have one head and no
/// conflict. With <c>tool: alembic</c> conflicts come from the schema each branch really builds; with <c>sql</c>
/// from reading the statements.
/// </summary>
public sealed record MigrationsConflictsOptions(string Directory, MigrationToolOptions Tool)
{
    public static MigrationsConflictsOptions Read(GateSettings settings)
    {
        var directory = settings.Required("dir");
        return new(directory, MigrationToolSettings.Read(settings, directory));
    }
}
