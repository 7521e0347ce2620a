using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ReplyX.Api.Data;
using ReplyX.Api.Data.Seeding;
using ReplyX.Rollout.Primitives.Migrations;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Api;

[Collection(PostgresCollection.Name)]
public sealed class WorkloadSeedingTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task Migrations_create_the_schema_once_and_a_second_run_applies_nothing()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("schema"));

        var first = await WorkloadSchema.MigrateAsync(dataSource, NullLogger<SqlMigrator>.Instance, CancellationToken.None);
        var second = await WorkloadSchema.MigrateAsync(dataSource, NullLogger<SqlMigrator>.Instance, CancellationToken.None);

        Assert.Equal(WorkloadSchema.Migrations.Select(m => m.Version), first);
        Assert.Empty(second);
        await using var tables = dataSource.CreateCommand(
            "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'public'");
        Assert.Equal("dialog_messages,dialogs,knowledge_documents,knowledge_embeddings,replyx_schema_migrations,users",
            await tables.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Hot_paths_start_without_their_supporting_indexes()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("noindex"));
        await WorkloadSchema.MigrateAsync(dataSource, NullLogger<SqlMigrator>.Instance, CancellationToken.None);

        await using var command = dataSource.CreateCommand(
            """
            SELECT count(*) FROM pg_indexes
            WHERE tablename IN ('dialog_messages', 'dialogs')
              AND (indexdef LIKE '%(dialog_id%' OR indexdef LIKE '%(user_id%')
            """);
        Assert.Equal(0L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Seeding_writes_the_sized_row_counts()
    {
        var size = new DatasetSize(12_000);
        await using var dataSource = NpgsqlDataSource.Create(await SeedAsync("counts", size));

        await using var command = dataSource.CreateCommand(
            """
            SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM dialogs), (SELECT count(*) FROM dialog_messages),
                   (SELECT count(*) FROM knowledge_documents), (SELECT count(*) FROM knowledge_embeddings),
                   (SELECT min(cardinality(embedding)) FROM knowledge_embeddings)
            """);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(size.Users, reader.GetInt64(0));
        Assert.Equal(size.Dialogs, reader.GetInt64(1));
        Assert.Equal(size.Messages, reader.GetInt64(2));
        Assert.Equal(size.Documents, reader.GetInt64(3));
        Assert.Equal(size.Embeddings, reader.GetInt64(4));
        Assert.Equal(DatasetSize.EmbeddingDimensions, reader.GetInt32(5));
    }

    [Fact]
    public async Task Seeding_the_same_size_twice_produces_identical_data()
    {
        var size = new DatasetSize(5_000);
        var first = await FingerprintAsync(await SeedAsync("det_a", size));
        var second = await FingerprintAsync(await SeedAsync("det_b", size));

        Assert.Equal(first, second);
        Assert.Equal(5, first.Split('|').Length);
    }

    [Fact]
    public async Task Sequences_continue_after_the_seeded_ids()
    {
        await using var dataSource = NpgsqlDataSource.Create(await SeedAsync("seq", new DatasetSize(2_000)));
        await using var insert = dataSource.CreateCommand(
            "INSERT INTO dialog_messages (dialog_id, sender, content) VALUES (1, 'user', 'hi') RETURNING id");

        Assert.Equal(2_001L, await insert.ExecuteScalarAsync());
    }

    private async Task<string> SeedAsync(string hint, DatasetSize size)
    {
        var connectionString = await postgres.CreateDatabaseAsync(hint);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await WorkloadSchema.MigrateAsync(dataSource, NullLogger<SqlMigrator>.Instance, CancellationToken.None);
        await new DatasetSeeder(dataSource, NullLogger<DatasetSeeder>.Instance).SeedAsync(size, CancellationToken.None);
        return connectionString;
    }

    private static async Task<string> FingerprintAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand(
            """
            SELECT concat_ws('|',
                (SELECT md5(string_agg(u::text, ',' ORDER BY id)) FROM users u),
                (SELECT md5(string_agg(d::text, ',' ORDER BY id)) FROM dialogs d),
                (SELECT md5(string_agg(m::text, ',' ORDER BY id)) FROM dialog_messages m),
                (SELECT md5(string_agg(k::text, ',' ORDER BY id)) FROM knowledge_documents k),
                (SELECT md5(string_agg(e::text, ',' ORDER BY id)) FROM knowledge_embeddings e))
            """);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
