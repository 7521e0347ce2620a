using System.Text.Json;
using Npgsql;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Controller;

/// <summary>
/// Phase 03 through the real controller: its migration gates run real Alembic in preflight, before any change,
/// with the tool's output in the run's events; a SQL-only chain still works with <c>tool: sql</c>.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MigrationGatesTests(PostgresServerFixture postgres)
{
    private static readonly string Migrations = Path.Combine(RepositoryPaths.Examples, "migrations");

    private static string Phase03(string conflictsDirectory, string tool = "alembic") =>
        File.ReadAllText(Path.Combine(RepositoryPaths.Phases, "03-migration-consolidation.yaml"))
            .Replace("dependsOn: [vector-optimization]\n", "", StringComparison.Ordinal)
            .Replace("tool: alembic", "tool: " + tool, StringComparison.Ordinal)
            .Replace("dir: examples/migrations/chain", "dir: " + conflictsDirectory, StringComparison.Ordinal)
            .Replace("chain: examples/migrations/", "chain: " + Migrations + "/", StringComparison.Ordinal)
            .Replace("consolidated: examples/migrations/", "consolidated: " + Migrations + "/", StringComparison.Ordinal);

    [Fact]
    public async Task Alembic_proves_the_five_part_baseline_and_the_phase_meets_its_migration_count()
    {
        using var phases = new PhaseWorkspace();
        phases.Write("03.yaml", Phase03(Path.Combine(Migrations, "chain")));
        var settings = await ControllerSettings.CreateAsync(postgres, "migrations_ok", phases.Folder);
        await using var host = new ControllerHost(settings);
        using var client = host.Client();

        var id = await RolloutApi.StartAsync(client, "migration-consolidation");
        var run = await RolloutApi.WaitForStateAsync(client, id, "Completed", TimeSpan.FromMinutes(3));

        var gates = run.Events().Where(e => e.GetProperty("kind").GetString() == "gate-passed").Select(e => e.GetProperty("reason").GetString()!).ToList();
        Assert.Equal(2, gates.Count);
        Assert.StartsWith("gate migrationsConflicts (preflight) passed: 45 migration(s)", gates[0]);
        Assert.StartsWith("gate migrationsVerify (preflight) passed: 45 chain migrations and 5 consolidated build the same schema with alembic", gates[1]);
        Assert.Contains(run.Events(), e => e.GetProperty("kind").GetString() == "migration-tool"
            && e.GetProperty("reason").GetString()!.StartsWith("migrationsVerify: Running upgrade  -> 72e9d7c8b5cc", StringComparison.Ordinal));
        var count = run.GetProperty("successCriteria").EnumerateArray().Single(c => c.GetProperty("measure").GetString() == "migrationCount");
        Assert.Equal(("45 -> 5", "Met"), (count.GetProperty("measured").GetString(), count.GetProperty("verdict").GetString()));

        await using var target = NpgsqlDataSource.Create(settings.TargetDb);
        await using var mapping = target.CreateCommand("SELECT baseline, replaces_through FROM replyx_schema_baselines");
        await using var reader = await mapping.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("baseline-2025-09", 2), (reader.GetString(0), reader.GetInt32(1)));
    }

    [Fact]
    public async Task Branches_that_conflict_in_the_schema_they_build_fail_preflight_and_nothing_is_changed()
    {
        using var phases = new PhaseWorkspace();
        phases.Write("03.yaml", Phase03(Path.Combine(Migrations, "alembic-conflicting")));
        var settings = await ControllerSettings.CreateAsync(postgres, "migrations_conflict", phases.Folder);
        await using var host = new ControllerHost(settings);
        using var client = host.Client();

        var id = await RolloutApi.StartAsync(client, "migration-consolidation");
        var run = await RolloutApi.WaitForStateAsync(client, id, "Failed", TimeSpan.FromMinutes(3));

        Assert.StartsWith("gate migrationsConflicts failed: 5 conflict(s)", run.GetProperty("reason").GetString());
        Assert.EndsWith("; nothing was changed", run.GetProperty("reason").GetString());
        Assert.Empty(run.Steps());
        var readings = JsonDocument.Parse(run.Events().Single(e => e.GetProperty("kind").GetString() == "gate-failed").GetProperty("readingsJson").GetString()!).RootElement;
        Assert.Equal(("alembic", 2), (readings.GetProperty("tool").GetString(), readings.GetProperty("heads").GetInt32()));
        Assert.Contains(readings.GetProperty("conflicts").EnumerateArray(), c => c.GetString()!.StartsWith("added-twice: column users.nickname", StringComparison.Ordinal));

        await using var target = NpgsqlDataSource.Create(settings.TargetDb);
        await using var registry = target.CreateCommand("SELECT to_regclass('replyx_schema_baselines') IS NULL");
        Assert.True((bool)(await registry.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task A_sql_only_chain_is_still_read_statement_by_statement_with_tool_sql()
    {
        using var phases = new PhaseWorkspace();
        phases.Write("03.yaml", Phase03(Path.Combine(Migrations, "conflicting"), tool: "sql"));
        var settings = await ControllerSettings.CreateAsync(postgres, "migrations_sql", phases.Folder);
        await using var host = new ControllerHost(settings);
        using var client = host.Client();

        var id = await RolloutApi.StartAsync(client, "migration-consolidation");
        var run = await RolloutApi.WaitForStateAsync(client, id, "Failed", TimeSpan.FromMinutes(2));

        Assert.StartsWith("gate migrationsConflicts failed: 4 conflict(s)", run.GetProperty("reason").GetString());
        var readings = JsonDocument.Parse(run.Events().Single(e => e.GetProperty("kind").GetString() == "gate-failed").GetProperty("readingsJson").GetString()!).RootElement;
        Assert.Equal(("sql", 3), (readings.GetProperty("tool").GetString(), readings.GetProperty("heads").GetInt32()));
    }
}
