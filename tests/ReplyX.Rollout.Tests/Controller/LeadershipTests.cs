using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using ReplyX.Rollout.Core.Execution;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Controller;

/// <summary>Leadership with real controller processes: a deposed leader stops within a heartbeat, a frozen one is fenced.</summary>
[Collection(PostgresCollection.Name)]
public sealed class LeadershipTests(PostgresServerFixture postgres)
{
    private const string SlowPhase =
        """
        id: slow-write
        title: Slow write
        risks: [R001]
        flag: replyx.tests.slow-write
        preflight: { backup: skip, skipReason: leadership test }
        steps:
          - name: record the application, slowly
            sql: |
              CREATE TABLE IF NOT EXISTS fence_applications (n integer, at timestamptz DEFAULT clock_timestamp());
              INSERT INTO fence_applications (n) VALUES (1);
              SELECT pg_sleep(6);
            rollback: DROP TABLE IF EXISTS fence_applications;
            lockTimeout: 5s
            transaction: true
        ramp: { stages: [100], bake: 500ms }
        """;

    [Fact]
    public async Task A_frozen_leader_is_taken_over_the_step_applies_once_and_nothing_of_the_old_epoch_is_written_after()
    {
        using var phases = new PhaseWorkspace();
        phases.Write("slow.yaml", SlowPhase);
        var settings = await ControllerSettings.CreateAsync(postgres, "frozen", phases.Folder);
        using var a = await ControllerProcess.StartAsync(settings);
        await WaitAsync(() => LeaderAsync(a), "the first controller leads");
        using var b = await ControllerProcess.StartAsync(settings);
        var oldEpoch = (await ControllerAsync(a)).GetProperty("epoch").GetInt64();

        var id = await RolloutApi.StartAsync(a.Client, "slow-write", bake: null);
        await RolloutApi.WaitAsync(a.Client, id, r => r.Steps().Any(s => s.GetProperty("status").GetString() == "running"));
        await Task.Delay(TimeSpan.FromSeconds(1));
        a.Freeze();
        var frozenAt = TimeProvider.System.GetUtcNow();
        try
        {
            await WaitAsync(() => LeaderAsync(b), "the follower takes over once the frozen leader's lease has run out");
            var run = await RolloutApi.WaitForStateAsync(b.Client, id, "Completed", TimeSpan.FromMinutes(1));
            Assert.Equal("Completed", run.State());
        }
        finally
        {
            a.Thaw();
        }

        await WaitAsync(async () => !await LeaderAsync(a), "the thawed leader knows it was deposed");
        // Give the thawed process every chance to write what it had in flight.
        await Task.Delay(TimeSpan.FromSeconds(3));

        var newEpoch = (await ControllerAsync(b)).GetProperty("epoch").GetInt64();
        await using var target = NpgsqlDataSource.Create(settings.TargetDb);
        await using var state = NpgsqlDataSource.Create(settings.RolloutDb);
        Assert.True(newEpoch > oldEpoch);
        Assert.Equal(1L, await ScalarAsync<long>(target, "SELECT count(*) FROM fence_applications"));
        Assert.Equal(1L, await TargetJournal.CountAsync(target, id, CancellationToken.None));
        Assert.Equal(newEpoch, await ScalarAsync<long>(target, $"SELECT epoch FROM replyx_rollout.applied_steps WHERE run_id = '{id}'"));
        await using var stale = state.CreateCommand("SELECT count(*) FROM rollout.run_events WHERE run_id = $1 AND epoch = $2 AND at > $3");
        stale.Parameters.AddWithValue(id);
        stale.Parameters.AddWithValue(oldEpoch);
        stale.Parameters.AddWithValue(frozenAt);
        Assert.Equal(0L, (long)(await stale.ExecuteScalarAsync())!);
        var thawed = await ControllerAsync(a);
        Assert.False(thawed.GetProperty("leader").GetBoolean());
        Assert.Equal(newEpoch, thawed.GetProperty("currentEpoch").GetInt64());
    }

    [Fact]
    public async Task A_leader_whose_lock_session_ends_mid_step_stops_within_a_second()
    {
        using var phases = new PhaseWorkspace();
        phases.Write("slow.yaml", SlowPhase.Replace("pg_sleep(6)", "pg_sleep(30)", StringComparison.Ordinal));
        var settings = await ControllerSettings.CreateAsync(postgres, "deposed", phases.Folder);
        using var a = await ControllerProcess.StartAsync(settings);
        await WaitAsync(() => LeaderAsync(a), "the controller leads");
        var id = await RolloutApi.StartAsync(a.Client, "slow-write", bake: null);
        await RolloutApi.WaitAsync(a.Client, id, r => r.Steps().Any(s => s.GetProperty("status").GetString() == "running"));
        await using var state = NpgsqlDataSource.Create(settings.RolloutDb);
        await using var target = NpgsqlDataSource.Create(settings.TargetDb);
        // The step is marked running just before its statement reaches the server: wait for exactly one to be active.
        await WaitAsync(async () => await ScalarAsync<long>(target, "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'replyx-rollout-ddl e%' AND state = 'active'") == 1,
            "the step's statement runs on the target");

        var epoch = (await ControllerAsync(a)).GetProperty("epoch").GetInt64();
        var clock = Stopwatch.StartNew();
        Assert.True(await ScalarAsync<bool>(state, "SELECT pg_terminate_backend(lock_pid) FROM rollout.leadership"));
        // The only replica notices, abandons its pass and, the lock being free, takes the next epoch.
        await WaitAsync(async () => (await ControllerAsync(a)).GetProperty("epoch") is { ValueKind: JsonValueKind.Number } e && e.GetInt64() != epoch, "the leader notices");
        var noticed = clock.Elapsed;
        await WaitAsync(async () => await ScalarAsync<long>(target, $"SELECT count(*) FROM pg_stat_activity WHERE application_name = 'replyx-rollout-ddl e{epoch}' AND state = 'active'") == 0,
            "the old epoch's statement is cancelled with its pass");
        var cancelled = clock.Elapsed;

        Assert.True(noticed < TimeSpan.FromSeconds(1), $"noticed after {noticed.TotalMilliseconds:F0} ms");
        Assert.True(cancelled < TimeSpan.FromSeconds(2), $"statement ended after {cancelled.TotalMilliseconds:F0} ms");
    }

    private static async Task<JsonElement> ControllerAsync(ControllerProcess controller) =>
        JsonDocument.Parse(await controller.Client.GetStringAsync("/api/controller")).RootElement.Clone();

    private static async Task<bool> LeaderAsync(ControllerProcess controller) => (await ControllerAsync(controller)).GetProperty("leader").GetBoolean();

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (timeout.IsCancellationRequested)
            {
                Assert.Fail($"timed out waiting until {what}");
            }

            await Task.Delay(50);
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
