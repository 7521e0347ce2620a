using Npgsql;
using ReplyX.Rollout.Controller.Leadership;
using ReplyX.Rollout.Core.Execution;
using ReplyX.Rollout.Core.Rollouts;
using ReplyX.Rollout.Tests.Core.Analysis;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Controller;

/// <summary>
/// One leader means one writer, checked where the writes land: the controller's state refuses a write of an older
/// epoch, the target's journal refuses a claim or a mark of an older epoch.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class FencingTests(PostgresServerFixture postgres)
{
    private const string Phase =
        """
        id: fenced
        title: Fenced
        risks: [R002]
        flag: replyx.tests.fenced
        steps:
          - name: index
            sql: CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_fenced ON dialogs (user_id);
            rollback: DROP INDEX CONCURRENTLY IF EXISTS ix_fenced;
        ramp: { stages: [100], bake: 1s }
        """;

    [Fact]
    public async Task A_state_write_of_an_older_epoch_is_refused_and_changes_nothing()
    {
        await using var parts = await EngineParts.CreateAsync(postgres, "fence_state", new FakeMetricsSource());
        var run = await parts.RunInAsync(Phase, RolloutState.Ramping);
        await ExecuteAsync(parts.State, "INSERT INTO rollout.leadership VALUES (true, 2, 'successor', 0, now(), now())");

        using (parts.Fence.Enter(1))
        {
            await Assert.ThrowsAsync<LeadershipLostException>(() => parts.Store.TransitionAsync(run.Id, RolloutState.Ramping, RolloutState.Contracting, "stale", null, null, CancellationToken.None));
            await Assert.ThrowsAsync<LeadershipLostException>(() => parts.Store.RecordEventAsync(run.Id, "stale", "written by a deposed leader", null, CancellationToken.None));
        }

        using (parts.Fence.Enter(2))
        {
            await parts.Store.RecordEventAsync(run.Id, "current", "written by the leader", null, CancellationToken.None);
        }

        Assert.Equal(RolloutState.Ramping, (await parts.Store.GetAsync(run.Id, CancellationToken.None))!.State);
        Assert.Equal(2, parts.Fence.Refused);
        var events = await parts.EventsAsync(run.Id);
        Assert.DoesNotContain(events, e => e.Kind == "stale");
        Assert.Equal(2L, await ScalarAsync<long>(parts.State, "SELECT epoch FROM rollout.run_events WHERE kind = 'current'"));
    }

    [Fact]
    public async Task The_target_refuses_a_step_from_an_older_epoch_and_applies_it_once_for_the_current_one()
    {
        var target = await SeededWorkload.CreateAsync(postgres, "fence_target", 200);
        await using var dataSource = NpgsqlDataSource.Create(target);
        await TargetJournal.EnsureAsync(dataSource, Microsoft.Extensions.Logging.Abstractions.NullLogger<ReplyX.Rollout.Primitives.Migrations.SqlMigrator>.Instance, CancellationToken.None);
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await TargetJournal.RaiseFenceAsync(connection, null, 2, CancellationToken.None);
        }

        var runId = Guid.CreateVersion7();
        var transactional = new StepRequest(runId, StepRequest.ExpandKind, 1, "table", "CREATE TABLE fenced_once (n int); INSERT INTO fenced_once VALUES (1);", TimeSpan.FromSeconds(2), null, 0, true);
        var concurrent = new StepRequest(runId, StepRequest.ExpandKind, 2, "index", "CREATE INDEX CONCURRENTLY ix_fenced_once ON dialogs (title)", null, null, 0, null);

        await Assert.ThrowsAsync<StaleEpochException>(() => new StepExecutor(target, TimeProvider.System, epoch: 1).ExecuteAsync(transactional, null, CancellationToken.None));
        await Assert.ThrowsAsync<StaleEpochException>(() => new StepExecutor(target, TimeProvider.System, epoch: 1).ExecuteAsync(concurrent, null, CancellationToken.None));
        Assert.False(await ScalarAsync<bool>(dataSource, "SELECT to_regclass('fenced_once') IS NOT NULL OR to_regclass('ix_fenced_once') IS NOT NULL"));

        var applied = await new StepExecutor(target, TimeProvider.System, epoch: 2).ExecuteAsync(transactional, null, CancellationToken.None);
        var again = await new StepExecutor(target, TimeProvider.System, epoch: 2).ExecuteAsync(transactional, null, CancellationToken.None);
        var built = await new StepExecutor(target, TimeProvider.System, epoch: 2).ExecuteAsync(concurrent, null, CancellationToken.None);

        Assert.True(applied.Succeeded && !applied.AlreadyApplied);
        Assert.True(again.Succeeded && again.AlreadyApplied);
        Assert.True(built.Succeeded && !built.AlreadyApplied);
        Assert.Equal(1L, await ScalarAsync<long>(dataSource, "SELECT count(*) FROM fenced_once"));
        Assert.Equal(2L, await ScalarAsync<long>(dataSource, $"SELECT count(*) FROM replyx_rollout.applied_steps WHERE run_id = '{runId}' AND epoch = 2 AND status = 'applied'"));
    }

    [Fact]
    public async Task An_interrupted_claim_is_taken_over_by_the_next_epoch_and_the_old_one_cannot_mark_it_applied()
    {
        var target = await SeededWorkload.CreateAsync(postgres, "fence_claim", 200);
        await using var dataSource = NpgsqlDataSource.Create(target);
        await TargetJournal.EnsureAsync(dataSource, Microsoft.Extensions.Logging.Abstractions.NullLogger<ReplyX.Rollout.Primitives.Migrations.SqlMigrator>.Instance, CancellationToken.None);
        var step = new StepRequest(Guid.CreateVersion7(), StepRequest.ExpandKind, 1, "index", "CREATE INDEX CONCURRENTLY ix_claimed ON dialogs (title)", null, null, 0, null);
        await using var old = await dataSource.OpenConnectionAsync();
        await using var successor = await dataSource.OpenConnectionAsync();

        var oldClaim = await TargetJournal.ClaimAsync(old, step, 1, CancellationToken.None);
        await TargetJournal.RaiseFenceAsync(successor, null, 2, CancellationToken.None);
        var takenOver = await TargetJournal.ClaimAsync(successor, step, 2, CancellationToken.None);
        var stale = await Assert.ThrowsAsync<StaleEpochException>(() => TargetJournal.MarkAppliedAsync(old, step, 1, CancellationToken.None));
        await TargetJournal.MarkAppliedAsync(successor, step, 2, CancellationToken.None);
        var afterApplied = await TargetJournal.ClaimAsync(successor, step, 2, CancellationToken.None);

        Assert.True(oldClaim);
        Assert.True(takenOver);
        Assert.Equal(2, stale.Fence);
        Assert.False(afterApplied);
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
