using Npgsql;
using ReplyX.Rollout.Primitives.Migrations;

namespace ReplyX.Api.Data;

/// <summary>The workload's own versioned schema, shipped as embedded SQL under Data/Migrations.</summary>
public static class WorkloadSchema
{
    public const string HistoryTable = "public.replyx_schema_migrations";

    public static IReadOnlyList<SqlMigration> Migrations { get; } =
        EmbeddedMigrations.Load(typeof(WorkloadSchema).Assembly, "ReplyX.Api.Data.Migrations.");

    public static Task<IReadOnlyList<int>> MigrateAsync(
        NpgsqlDataSource dataSource, Microsoft.Extensions.Logging.ILogger<SqlMigrator> logger, CancellationToken cancellationToken) =>
        new SqlMigrator(dataSource, logger).MigrateAsync(HistoryTable, Migrations, cancellationToken);
}
