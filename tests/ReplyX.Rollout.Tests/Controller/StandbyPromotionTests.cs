using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Controller;

/// <summary>
/// Recovery level 4 against a real streaming standby made by pg_basebackup -R: preflight checks it is connected and
/// current; after a failed run, a confirmed restore --level 4 promotes it, proves a write and the preflight rows.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StandbyPromotionTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private const string FailingPhase =
        """
        id: fails-late
        title: Fails late
        risks: [R001]
        flag: replyx.tests.fails-late
        preflight: { backup: skip, skipReason: level 4 is the recovery under test }
        steps:
          - name: harmless index
            sql: CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_standby_users ON users (created_at);
            rollback: DROP INDEX CONCURRENTLY IF EXISTS ix_standby_users;
          - name: broken step
            sql: ALTER TABLE dialogs ADD COLUMN broken integer REFERENCES nowhere (id) NOT VALID;
            rollback: ALTER TABLE dialogs DROP COLUMN IF EXISTS broken;
            lockTimeout: 2s
        ramp: { stages: [100], bake: 1s }
        """;

    private LocalPostgresCluster? _primary;
    private LocalPostgresCluster? _standby;

    public async Task InitializeAsync()
    {
        _primary = await LocalPostgresCluster.StartAsync(postgres.BinDirectory ?? throw new InvalidOperationException("a standby needs PostgreSQL's binaries (pg_basebackup)"));
        await using (var server = new NpgsqlConnection(_primary.ConnectionString))
        {
            await server.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE replyx", server);
            await create.ExecuteNonQueryAsync();
        }

        await SeededWorkload.SeedAsync(Database(_primary), 2_000);
        _standby = await _primary.StartStandbyAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_standby is not null)
        {
            await _standby.DisposeAsync();
        }

        if (_primary is not null)
        {
            await _primary.DisposeAsync();
        }
    }

    [Fact]
    public async Task After_a_failed_run_level_4_promotes_the_checked_standby_which_then_takes_writes_and_holds_the_rows()
    {
        using var phases = new PhaseWorkspace();
        phases.Write("fails.yaml", FailingPhase);
        var settings = (await ControllerSettings.CreateAsync(postgres, "standby", phases.Folder)) with { TargetDb = Database(_primary!), StandbyDb = Database(_standby!) };
        await using var host = new ControllerHost(settings);
        using var client = host.Client();

        var id = await RolloutApi.StartAsync(client, "fails-late", bake: null);
        var run = await RolloutApi.WaitForStateAsync(client, id, "RolledBack");
        var check = run.Events().Single(e => e.GetProperty("kind").GetString() == "preflight-check" && e.GetProperty("reason").GetString()!.StartsWith("standby:", StringComparison.Ordinal));
        Assert.StartsWith("standby: passed - 1 streaming standby(s); this one in recovery, same cluster, replay lag", check.GetProperty("reason").GetString(), StringComparison.Ordinal);

        var unconfirmed = await client.PostAsJsonAsync($"/api/rollouts/{id}/restore", new { level = 4 });
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.True(await InRecoveryAsync());

        var promoted = await client.PostAsJsonAsync($"/api/rollouts/{id}/restore", new { level = 4, confirm = "fails-late" });
        var body = await promoted.Content.ReadAsStringAsync();
        Assert.True(promoted.IsSuccessStatusCode, body);
        Assert.False(await InRecoveryAsync());
        await using (var standby = NpgsqlDataSource.Create(Database(_standby!)))
        await using (var write = standby.CreateCommand("INSERT INTO users (email, display_name) VALUES ('after-promotion@example.com', 'Promoted') RETURNING id"))
        {
            Assert.NotNull(await write.ExecuteScalarAsync());
        }

        var restored = JsonDocument.Parse(body).RootElement.GetProperty("events").EnumerateArray().Last(e => e.GetProperty("kind").GetString() == "restored");
        var readings = JsonDocument.Parse(restored.GetProperty("readingsJson").GetString()!).RootElement;
        Assert.Equal(4, readings.GetProperty("level").GetInt32());
        Assert.True(readings.GetProperty("promoteSeconds").GetDouble() > 0);
        Assert.NotEmpty(readings.GetProperty("tables").EnumerateArray());
        Assert.All(readings.GetProperty("tables").EnumerateArray(), t => Assert.True(t.GetProperty("promoted").GetInt64() >= t.GetProperty("snapshot").GetInt64() && t.GetProperty("snapshot").GetInt64() > 0, t.ToString()));
    }

    [Fact]
    public async Task A_standby_that_is_not_replicating_stops_the_phase_in_preflight()
    {
        using var phases = new PhaseWorkspace();
        phases.Write("fails.yaml", FailingPhase);
        var settings = await ControllerSettings.CreateAsync(postgres, "nostandby", phases.Folder);
        settings = settings with { TargetDb = Database(_primary!), StandbyDb = settings.TargetDb };
        await using var host = new ControllerHost(settings);
        using var client = host.Client();

        var run = await RolloutApi.WaitForStateAsync(client, await RolloutApi.StartAsync(client, "fails-late", bake: null), "Failed");

        Assert.StartsWith("preflight standby failed: the standby is not in recovery", run.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(run.Steps());
    }

    private static string Database(LocalPostgresCluster cluster) => new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Database = "replyx" }.ConnectionString;

    private async Task<bool> InRecoveryAsync()
    {
        await using var standby = NpgsqlDataSource.Create(Database(_standby!));
        await using var command = standby.CreateCommand("SELECT pg_is_in_recovery()");
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
