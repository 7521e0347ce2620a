using Npgsql;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Controller;

/// <summary>
/// Expand → sync → backfill through the real controller: the new column is kept in step by the trigger and filled in
/// batches with its progress on the run; an abort takes it all back (trigger, function, column) and says why the
/// backfill itself needed no undo.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OnlineChangeTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task Expand_sync_and_backfill_apply_through_the_controller_and_an_abort_removes_all_of_it()
    {
        using var phases = new PhaseWorkspace();
        phases.Write("online.yaml",
            """
            id: online-change
            title: Online change
            risks: [R001]
            flag: replyx.tests.online-change
            preflight: { backup: skip, skipReason: the test checks the online change only }
            steps:
              - name: add the normalised column
                sql: ALTER TABLE dialog_messages ADD COLUMN content_normalized text;
                rollback: ALTER TABLE dialog_messages DROP COLUMN IF EXISTS content_normalized;
                lockTimeout: 2s
                retries: 3
              - name: keep it in step
                sync: { table: dialog_messages, column: content_normalized, from: content, up: lower(content) }
              - name: fill it
                backfill: { table: dialog_messages, set: content_normalized = lower(content), where: content_normalized IS NULL, batchSize: 100, pause: 0ms }
            ramp: { stages: [5, 100], bake: 1h }
            """);
        var settings = await ControllerSettings.CreateAsync(postgres, "onlinechange", phases.Folder);
        await using var target = NpgsqlDataSource.Create(settings.TargetDb);
        var rows = await ScalarAsync<long>(target, "SELECT count(*) FROM dialog_messages");

        await using var host = new ControllerHost(settings);
        using var client = host.Client();
        var id = await RolloutApi.StartAsync(client, "online-change", bake: null);
        var ramping = await RolloutApi.WaitForStateAsync(client, id, "Ramping");

        Assert.Equal(0L, await ScalarAsync<long>(target, "SELECT count(*) FROM dialog_messages WHERE content_normalized IS DISTINCT FROM lower(content)"));
        var backfill = ramping.Steps().Single(s => s.GetProperty("ordinal").GetInt32() == 3 && s.GetProperty("kind").GetString() == "expand").Detail().GetProperty("backfill");
        Assert.Equal(rows, backfill.GetProperty("rowsScanned").GetInt64());
        Assert.Equal(rows, backfill.GetProperty("rowsUpdated").GetInt64());
        Assert.Equal((int)Math.Ceiling(rows / 100.0), backfill.GetProperty("batches").GetInt32());
        Assert.Contains(ramping.Events(), e => e.GetProperty("reason").GetString() == $"expand step 'fill it' backfilled {rows:N0} row(s) of {rows:N0} walked in {(int)Math.Ceiling(rows / 100.0):N0} batch(es), " + e.GetProperty("reason").GetString()!.Split(", ")[^1]);

        (await client.PostAsync($"/api/rollouts/{id}/abort", null)).EnsureSuccessStatusCode();
        var run = await RolloutApi.WaitForStateAsync(client, id, "RolledBack");

        Assert.False(await ScalarAsync<bool>(target, "SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'replyx_sync_content_normalized')"));
        Assert.False(await ScalarAsync<bool>(target, "SELECT to_regprocedure('replyx_sync_dialog_messages_content_normalized()') IS NOT NULL"));
        Assert.False(await ScalarAsync<bool>(target, "SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'dialog_messages'::regclass AND attname = 'content_normalized' AND NOT attisdropped)"));
        Assert.Equal(rows, await ScalarAsync<long>(target, "SELECT count(*) FROM dialog_messages"));
        Assert.Contains(run.Events(), e => e.GetProperty("kind").GetString() == "rollback-skipped"
            && e.GetProperty("reason").GetString() == "step 'fill it' fills columns an earlier step added; that step's rollback removes them");
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource target, string sql)
    {
        await using var command = target.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
