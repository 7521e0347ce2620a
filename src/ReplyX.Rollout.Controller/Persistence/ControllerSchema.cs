using Npgsql;
using ReplyX.Rollout.Primitives.Migrations;

namespace ReplyX.Rollout.Controller.Persistence;

/// <summary>The controller's own schema (<c>rollout</c>), versioned as embedded SQL under Persistence/Migrations.</summary>
public static class ControllerSchema
{
    public const string HistoryTable = "rollout.schema_migrations";

    public static IReadOnlyList<SqlMigration> Migrations { get; } =
        EmbeddedMigrations.Load(typeof(ControllerSchema).Assembly, "ReplyX.Rollout.Controller.Persistence.Migrations.");

    public static Task<IReadOnlyList<int>> MigrateAsync(NpgsqlDataSource dataSource, ILogger<SqlMigrator> logger, CancellationToken cancellationToken) =>
        new SqlMigrator(dataSource, logger).MigrateAsync(HistoryTable, Migrations, cancellationToken);
}
