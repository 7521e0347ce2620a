using System.Text.Json;
using Npgsql;
using ReplyX.Rollout.Core.Execution;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Controller;

/// <summary>Crash safety and leadership with real controller processes killed by SIGKILL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ControllerCrashTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task A_controller_killed_mid_step_resumes_to_the_right_end_state_with_no_step_twice()
    {
        using var phases = new PhaseWorkspace();
        phases.Write("slow.yaml",
            """
            id: slow-steps
            title: Slow steps
            risks: [R001]
            flag: replyx.tests.slow-steps
            steps:
              - name: count the applications
                sql: |
                  CREATE TABLE IF NOT EXISTS crash_applications (n integer);
                  INSERT INTO crash_applications VALUES (1);
                  SELECT pg_sleep(4);
                rollback: DROP TABLE IF EXISTS crash_applications;
                lockTimeout: 5s
                transaction: true
              - name: index after the crash
                sql: CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_users_created_crash ON users (created_at);
                rollback: DROP INDEX CONCURRENTLY IF EXISTS ix_users_created_crash;
            ramp: { stages: [50, 100], bake: 500ms }
            """);
        var settings = await ControllerSettings.CreateAsync(postgres, "crash", phases.Folder);

        Guid id;
        using (var first = await ControllerProcess.StartAsync(settings))
        {
            id = await RolloutApi.StartAsync(first.Client, "slow-steps", bake: null);
            await RolloutApi.WaitAsync(first.Client, id, r => r.Steps().Any(s => s.GetProperty("status").GetString() == "running"));
            await Task.Delay(TimeSpan.FromSeconds(1));
            first.Kill();
        }

        using var second = await ControllerProcess.StartAsync(settings);
        var run = await RolloutApi.WaitForStateAsync(second.Client, id, "Completed", TimeSpan.FromMinutes(2));

        await using var target = NpgsqlDataSource.Create(settings.TargetDb);
        await using var applications = target.CreateCommand("SELECT count(*) FROM crash_applications");
        Assert.Equal(1L, await applications.ExecuteScalarAsync());
        Assert.Equal(2L, await TargetJournal.CountAsync(target, id, CancellationToken.None));
        Assert.Contains(run.Events(), e => e.GetProperty("kind").GetString() == "step-resumed");
        Assert.True(run.Steps().First(s => s.GetProperty("ordinal").GetInt32() == 1).GetProperty("attempts").GetInt32() >= 1);
        Assert.Single(run.Events(), e => e.GetProperty("toState").GetString() == "Completed");
    }

    [Fact]
    public async Task Two_controllers_elect_one_leader_and_the_follower_takes_over_when_it_dies()
    {
        var settings = await ControllerSettings.CreateAsync(postgres, "leader");
        using var a = await ControllerProcess.StartAsync(settings);
        using var b = await ControllerProcess.StartAsync(settings);

        var leaders = await WaitForLeadersAsync([a, b], count => count == 1);
        var leader = leaders[0] ? a : b;
        var follower = leaders[0] ? b : a;
        await Task.Delay(TimeSpan.FromSeconds(1));
        var stillLeader = await IsLeaderAsync(leader);
        var stillFollower = await IsLeaderAsync(follower);
        Assert.True(stillLeader);
        Assert.False(stillFollower);

        leader.Kill();

        var after = await WaitForLeadersAsync([follower], count => count == 1);
        Assert.True(after[0]);
        var id = await RolloutApi.StartAsync(follower.Client, "foundation", bake: "200ms");
        await RolloutApi.WaitForStateAsync(follower.Client, id, "Completed");
    }

    private static async Task<bool[]> WaitForLeadersAsync(ControllerProcess[] controllers, Func<int, bool> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var leaders = await Task.WhenAll(controllers.Select(IsLeaderAsync));
            if (done(leaders.Count(l => l)))
            {
                return leaders;
            }

            await Task.Delay(200, timeout.Token);
        }
    }

    private static async Task<bool> IsLeaderAsync(ControllerProcess controller) =>
        JsonDocument.Parse(await controller.Client.GetStringAsync("/api/controller")).RootElement.GetProperty("leader").GetBoolean();
}
