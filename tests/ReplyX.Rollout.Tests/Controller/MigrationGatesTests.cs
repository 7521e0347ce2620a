using System.Text.Json;
using Npgsql;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Controller;

/// <summary>Phase 03 through the real controller: its migration gates run in preflight, before any change.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MigrationGatesTests(PostgresServerFixture postgres)
{
    private static readonly string Migrations = Path.Combine(RepositoryPaths.Examples, "migrations");

    private static string Phase03(string conflictsDirectory) =>
        File.ReadAllText(Path.Combine(RepositoryPaths.Phases, "03-migration-consolidation.yaml"))
            .Replace("dependsOn: [vector-optimization]\n", "", StringComparison.Ordinal)
            .Replace("dir: examples/migrations/chain", "dir: " + conflictsDirectory, StringComparison.Ordinal)
            .Replace("chain: examples/migrations/", "chain: " + Migrations + "/", StringComparison.Ordinal)
            .Replace("consolidated: examples/migrations/", "consolidated: " + Migrations + "/", StringComparison.Ordinal);

    [Fact]
    public async Task Verified_consolidation_completes_and_maps_the_current_version_onto_the_baseline()
    {
        using var phases = new PhaseWorkspace();
        phases.Write("03.yaml", Phase03(Path.Combine(Migrations, "chain")));
        var settings = await ControllerSettings.CreateAsync(postgres, "migrations_ok", phases.Folder);
        await using var host = new ControllerHost(settings);
        using var client = host.Client();

        var id = await RolloutApi.StartAsync(client, "migration-consolidation");
        var run = await RolloutApi.WaitForStateAsync(client, id, "Completed", TimeSpan.FromMinutes(2));

        var gates = run.Events().Where(e => e.GetProperty("kind").GetString() == "gate-passed").Select(e => e.GetProperty("reason").GetString()!).ToList();
        Assert.Equal(2, gates.Count);
        Assert.StartsWith("gate migrationsConflicts (preflight) passed: 45 migration(s)", gates[0]);
        Assert.StartsWith("gate migrationsVerify (preflight) passed: 45 chain migrations and 2 consolidated build the same schema", gates[1]);

        await using var target = NpgsqlDataSource.Create(settings.TargetDb);
        await using var mapping = target.CreateCommand("SELECT baseline, replaces_through FROM replyx_schema_baselines");
        await using var reader = await mapping.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("baseline-2025-09", 2), (reader.GetString(0), reader.GetInt32(1)));
    }

    [Fact]
    public async Task A_chain_with_conflicts_fails_in_preflight_and_nothing_is_changed()
    {
        using var phases = new PhaseWorkspace();
        phases.Write("03.yaml", Phase03(Path.Combine(Migrations, "conflicting")));
        var settings = await ControllerSettings.CreateAsync(postgres, "migrations_conflict", phases.Folder);
        await using var host = new ControllerHost(settings);
        using var client = host.Client();

        var id = await RolloutApi.StartAsync(client, "migration-consolidation");
        var run = await RolloutApi.WaitForStateAsync(client, id, "Failed", TimeSpan.FromMinutes(2));

        Assert.StartsWith("gate migrationsConflicts failed: 4 conflict(s)", run.GetProperty("reason").GetString());
        Assert.EndsWith("; nothing was changed", run.GetProperty("reason").GetString());
        Assert.Empty(run.Steps());
        var readings = JsonDocument.Parse(run.Events().Single(e => e.GetProperty("kind").GetString() == "gate-failed").GetProperty("readingsJson").GetString()!).RootElement;
        Assert.Equal(3, readings.GetProperty("heads").GetInt32());
        Assert.Equal(4, readings.GetProperty("conflicts").GetArrayLength());

        await using var target = NpgsqlDataSource.Create(settings.TargetDb);
        await using var registry = target.CreateCommand("SELECT to_regclass('replyx_schema_baselines') IS NULL");
        Assert.True((bool)(await registry.ExecuteScalarAsync())!);
    }
}
