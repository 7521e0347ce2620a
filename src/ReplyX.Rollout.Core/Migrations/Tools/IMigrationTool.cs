namespace ReplyX.Rollout.Core.Migrations.Tools;

/// <summary>
/// A project's migration tool, driven the way the project drives it. The gates, the conflict finder and the
/// consolidator ask it for the revision graph and to upgrade a (scratch) database to a revision; they never apply
/// a migration themselves. Implemented for Alembic (<see cref="AlembicMigrationTool"/>) and for plain SQL
/// folders (<see cref="SqlMigrationTool"/>); Flyway, Liquibase, sqitch or EF Core would each be one more class that
/// answers these four questions with their own commands (for instance <c>flyway info -outputType=json</c> for the
/// graph and <c>flyway migrate -target=</c> for an upgrade).
/// </summary>
public interface IMigrationTool
{
    /// <summary>The tool's name in phase files: <c>alembic</c>, <c>sql</c>.</summary>
    string Name { get; }

    /// <summary>The migrations folder the tool reads (for messages).</summary>
    string Location { get; }

    /// <summary>Tables the tool keeps for itself (<c>alembic_version</c>): left out of fingerprints and dumps.</summary>
    IReadOnlyCollection<string> OwnTables { get; }

    /// <summary>The revision graph as the tool itself sees it: revisions, their parents, the files.</summary>
    Task<MigrationSet> GraphAsync(CancellationToken cancellationToken);

    /// <summary>Upgrades the database to <paramref name="target"/> (a revision, or <see cref="Heads"/> for every head).</summary>
    Task UpgradeAsync(string connectionString, string target, CancellationToken cancellationToken);

    /// <summary>Records the database as being at <paramref name="revision"/> without running anything, replacing what it recorded before.</summary>
    Task StampAsync(string connectionString, string revision, CancellationToken cancellationToken);

    /// <summary>The target meaning "every head".</summary>
    public const string Heads = "heads";
}
