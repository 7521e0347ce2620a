using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ReplyX.Api.Data;
using ReplyX.Api.Data.Seeding;

namespace ReplyX.Rollout.Tests.Infrastructure;

/// <summary>Creates a workload database, migrated and seeded at a test-friendly size.</summary>
internal static class SeededWorkload
{
    public static async Task<string> CreateAsync(PostgresServerFixture postgres, string owner, int messages)
    {
        var connectionString = await postgres.DatabaseForAsync(owner);
        await SeedAsync(connectionString, messages);
        return connectionString;
    }

    /// <summary>Migrates and seeds the workload schema into an existing database.</summary>
    public static async Task SeedAsync(string connectionString, int messages)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await WorkloadSchema.MigrateAsync(dataSource, NullLogger<ReplyX.Rollout.Primitives.Migrations.SqlMigrator>.Instance, CancellationToken.None);
        var seeder = new DatasetSeeder(dataSource, NullLogger<DatasetSeeder>.Instance);
        if (await seeder.IsEmptyAsync(CancellationToken.None))
        {
            await seeder.SeedAsync(new DatasetSize(messages), CancellationToken.None);
        }
    }
}
