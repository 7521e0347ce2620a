using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ReplyX.Rollout.Controller.Persistence;
using ReplyX.Rollout.Primitives.Migrations;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Controller;

[Collection(PostgresCollection.Name)]
public sealed class ControllerSchemaTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task Migrating_twice_is_idempotent()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("ctl_idem"));

        var first = await ControllerSchema.MigrateAsync(dataSource, NullLogger<SqlMigrator>.Instance, CancellationToken.None);
        var second = await ControllerSchema.MigrateAsync(dataSource, NullLogger<SqlMigrator>.Instance, CancellationToken.None);

        Assert.Equal(ControllerSchema.Migrations.Count, first.Count);
        Assert.Empty(second);
    }

    [Fact]
    public async Task Instances_starting_at_once_apply_each_migration_exactly_once()
    {
        var connectionString = await postgres.CreateDatabaseAsync("ctl_race");
        var instances = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(connectionString)).ToList();
        try
        {
            var results = await Task.WhenAll(instances.Select(ds =>
                Task.Run(() => ControllerSchema.MigrateAsync(ds, NullLogger<SqlMigrator>.Instance, CancellationToken.None))));

            Assert.Equal(ControllerSchema.Migrations.Count, results.Sum(r => r.Count));
            Assert.Single(results, r => r.Count > 0);
            await using var count = instances[0].CreateCommand("SELECT count(*) FROM rollout.schema_migrations");
            Assert.Equal((long)ControllerSchema.Migrations.Count, await count.ExecuteScalarAsync());
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task The_database_refuses_a_second_active_run_on_one_flag()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("ctl_flag"));
        await ControllerSchema.MigrateAsync(dataSource, NullLogger<SqlMigrator>.Instance, CancellationToken.None);
        const string insert =
            """
            INSERT INTO rollout.runs (id, phase_id, flag, state, phase_yaml, created_at, updated_at, state_entered_at)
            VALUES (gen_random_uuid(), 'foundation', 'replyx.messages.keyset-pages', $1, '', now(), now(), now())
            """;
        await using (var first = dataSource.CreateCommand(insert))
        {
            first.Parameters.AddWithValue("Applying");
            await first.ExecuteNonQueryAsync();
        }

        await using var second = dataSource.CreateCommand(insert);
        second.Parameters.AddWithValue("Pending");
        var error = await Assert.ThrowsAsync<PostgresException>(() => second.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
    }
}
