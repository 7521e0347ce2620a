using System.Net;
using System.Net.Http.Json;
using Npgsql;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Controller;

/// <summary>Whole phases through the real controller (engine, API, persistence) against real PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RolloutEngineTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task Foundation_runs_to_completed_and_its_indexes_exist_and_are_valid()
    {
        var settings = await ControllerSettings.CreateAsync(postgres, "foundation");
        await using var host = new ControllerHost(settings);
        using var client = host.Client();

        var id = await RolloutApi.StartAsync(client, "foundation");
        var run = await RolloutApi.WaitForStateAsync(client, id, "Completed");

        Assert.Equal(100, run.GetProperty("percentage").GetInt32());
        Assert.True(run.GetProperty("backup").GetProperty("verified").GetBoolean());
        Assert.Equal(["Pending", "Preflight", "Applying", "Ramping", "Ramping", "Ramping", "Contracting", "Completed"],
            run.Events().Where(e => e.GetProperty("kind").GetString() is "created" or "transition").Select(e => e.GetProperty("toState").GetString()));
        Assert.All(run.Steps(), s => Assert.Equal("succeeded", s.GetProperty("status").GetString()));

        await using var target = NpgsqlDataSource.Create(settings.TargetDb);
        await using var indexes = target.CreateCommand(
            """
            SELECT count(*) FROM pg_index i
            WHERE i.indexrelid::regclass::text IN ('ix_dialog_messages_dialog_created', 'ix_dialogs_user_updated', 'ix_knowledge_embeddings_fts')
              AND i.indisvalid AND i.indisready
            """);
        Assert.Equal(3L, await indexes.ExecuteScalarAsync());
        Assert.Equal(3L, await ReplyX.Rollout.Core.Execution.TargetJournal.CountAsync(target, id, CancellationToken.None));
    }

    [Fact]
    public async Task A_blocked_step_hits_its_lock_timeout_retries_and_succeeds_once_released()
    {
        using var phases = new PhaseWorkspace();
        phases.Write("lock.yaml",
            """
            id: lock-retry
            title: Lock retry
            risks: [R002]
            flag: replyx.tests.lock-retry
            steps:
              - name: add archived flag
                sql: ALTER TABLE dialogs ADD COLUMN IF NOT EXISTS archived boolean;
                rollback: ALTER TABLE dialogs DROP COLUMN IF EXISTS archived;
                lockTimeout: 200ms
                retries: 10
            ramp: { stages: [100], bake: 1s }
            """);
        var settings = await ControllerSettings.CreateAsync(postgres, "lockretry", phases.Folder);
        await using var target = NpgsqlDataSource.Create(settings.TargetDb);
        await using var blocker = await target.OpenConnectionAsync();
        var holding = await blocker.BeginTransactionAsync();
        await using (var share = new NpgsqlCommand("LOCK TABLE dialogs IN ACCESS SHARE MODE", blocker, holding))
        {
            await share.ExecuteNonQueryAsync();
        }

        await using var host = new ControllerHost(settings);
        using var client = host.Client();
        var id = await RolloutApi.StartAsync(client, "lock-retry");

        // Wait until the step has timed out on the lock at least once, then let it through.
        await RolloutApi.WaitAsync(client, id, r => r.Events().Any(e => e.GetProperty("kind").GetString() == "preflight-check"));
        await Task.Delay(TimeSpan.FromSeconds(2));
        await holding.RollbackAsync();
        var run = await RolloutApi.WaitForStateAsync(client, id, "Completed");

        var step = run.Steps().Single(s => s.GetProperty("kind").GetString() == "expand");
        var detail = step.Detail();
        Assert.Equal("succeeded", step.GetProperty("status").GetString());
        Assert.True(detail.GetProperty("lockTimeouts").GetInt32() >= 1, detail.ToString());
        Assert.True(detail.GetProperty("attempts").GetInt32() >= 2, detail.ToString());
        Assert.Contains("55P03", detail.GetProperty("retriedErrors")[0].GetString());
        Assert.Contains(blocker.ProcessID, detail.GetProperty("blockedBy").EnumerateArray().Select(b => b.GetInt32()));
    }

    [Fact]
    public async Task Concurrent_unique_index_over_duplicates_is_dropped_and_the_phase_rolls_back()
    {
        using var phases = new PhaseWorkspace();
        phases.Write("unique.yaml",
            """
            id: unique-fail
            title: Unique over duplicates
            risks: [R005]
            flag: replyx.tests.unique-fail
            steps:
              - name: harmless index
                sql: CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_users_created ON users (created_at);
                rollback: DROP INDEX CONCURRENTLY IF EXISTS ix_users_created;
              - name: one dialog per user
                sql: CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix_dialogs_one_per_user ON dialogs (user_id);
                rollback: DROP INDEX CONCURRENTLY IF EXISTS ix_dialogs_one_per_user;
                suppress:
                  - rule: RXL008
                    reason: the test needs the build itself to fail, not the preflight
            ramp: { stages: [100], bake: 1s }
            """);
        var settings = await ControllerSettings.CreateAsync(postgres, "uniquefail", phases.Folder);
        await using var host = new ControllerHost(settings);
        using var client = host.Client();

        var id = await RolloutApi.StartAsync(client, "unique-fail");
        var run = await RolloutApi.WaitForStateAsync(client, id, "RolledBack");

        var failed = run.Steps().Single(s => s.GetProperty("kind").GetString() == "expand" && s.GetProperty("ordinal").GetInt32() == 2);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains("23505", failed.Detail().GetProperty("error").GetString());
        Assert.Contains("ix_dialogs_one_per_user", failed.Detail().GetProperty("droppedInvalidIndexes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([2, 1], run.Steps().Where(s => s.GetProperty("kind").GetString() == "rollback").Select(s => s.GetProperty("ordinal").GetInt32()).Order().Reverse());
        Assert.Equal(0, run.GetProperty("percentage").GetInt32());

        await using var target = NpgsqlDataSource.Create(settings.TargetDb);
        await using var left = target.CreateCommand("SELECT count(*) FROM pg_class WHERE relname IN ('ix_dialogs_one_per_user', 'ix_users_created')");
        Assert.Equal(0L, await left.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Declared_duplicates_stop_the_phase_in_preflight_before_any_change()
    {
        using var phases = new PhaseWorkspace();
        phases.Write("dups.yaml",
            """
            id: unique-preflight
            title: Unique with a duplicates check
            risks: [R005]
            flag: replyx.tests.unique-preflight
            preflight:
              duplicates: [{ table: dialogs, columns: [user_id] }]
            steps:
              - name: one dialog per user
                sql: CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix_dialogs_one_per_user ON dialogs (user_id);
                rollback: DROP INDEX CONCURRENTLY IF EXISTS ix_dialogs_one_per_user;
            ramp: { stages: [100], bake: 1s }
            """);
        var settings = await ControllerSettings.CreateAsync(postgres, "uniquepre", phases.Folder);
        await using var host = new ControllerHost(settings);
        using var client = host.Client();

        var run = await RolloutApi.WaitForStateAsync(client, await RolloutApi.StartAsync(client, "unique-preflight"), "Failed");

        Assert.StartsWith("preflight duplicates failed: a unique index would fail: dialogs (user_id):", run.GetProperty("reason").GetString());
        Assert.Empty(run.Steps());
    }

    [Fact]
    public async Task An_old_open_transaction_stops_the_phase_in_preflight()
    {
        using var phases = new PhaseWorkspace();
        phases.Write("old.yaml", PhaseWorkspace.ValidPhase.Replace("risks: [R002]", "risks: [R002]\npreflight: { maxTransactionAge: 1s }"));
        var settings = await ControllerSettings.CreateAsync(postgres, "oldtx", phases.Folder);
        await using var target = NpgsqlDataSource.Create(settings.TargetDb);
        await using var holder = await target.OpenConnectionAsync();
        await using var open = await holder.BeginTransactionAsync();
        await using (var touch = new NpgsqlCommand("SELECT 1", holder, open))
        {
            await touch.ExecuteScalarAsync();
        }

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await using var host = new ControllerHost(settings);
        using var client = host.Client();

        var run = await RolloutApi.WaitForStateAsync(client, await RolloutApi.StartAsync(client, "sample"), "Failed");

        Assert.Contains("open-transactions failed: 1 transaction(s) open longer than 1s", run.GetProperty("reason").GetString());
        Assert.Contains($"pid {holder.ProcessID}", run.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Pause_stops_the_bake_clock_resume_continues_and_abort_rolls_back_every_step()
    {
        var settings = await ControllerSettings.CreateAsync(postgres, "pauseabort");
        await using var host = new ControllerHost(settings);
        using var client = host.Client();
        var id = await RolloutApi.StartAsync(client, "foundation", bake: "3s");

        await RolloutApi.WaitAsync(client, id, r => r.State() == "Ramping");
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/rollouts/{id}/pause", null)).StatusCode);
        var paused = await RolloutApi.WaitForStateAsync(client, id, "Paused");
        Assert.Equal("Ramping", paused.GetProperty("pausedFrom").GetString());
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        Assert.Equal("Paused", (await RolloutApi.GetAsync(client, id)).State());

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/rollouts/{id}/resume", null)).StatusCode);
        var resumed = await RolloutApi.GetAsync(client, id);
        Assert.Equal(("Ramping", 5), (resumed.State(), resumed.GetProperty("percentage").GetInt32()));

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/rollouts/{id}/abort", null)).StatusCode);
        var run = await RolloutApi.WaitForStateAsync(client, id, "RolledBack");

        Assert.Equal(0, run.GetProperty("percentage").GetInt32());
        Assert.Equal([3, 2, 1], run.Steps().Where(s => s.GetProperty("kind").GetString() == "rollback").OrderBy(s => s.GetProperty("startedAt").GetDateTimeOffset()).Select(s => s.GetProperty("ordinal").GetInt32()));
        await using var target = NpgsqlDataSource.Create(settings.TargetDb);
        await using var left = target.CreateCommand("SELECT count(*) FROM pg_class WHERE relname LIKE 'ix_%'");
        Assert.Equal(0L, await left.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Restore_needs_confirmation_and_brings_back_the_verified_backup()
    {
        var settings = await ControllerSettings.CreateAsync(postgres, "restore");
        await using var host = new ControllerHost(settings);
        using var client = host.Client();
        var id = await RolloutApi.StartAsync(client, "foundation", bake: "5s");
        await RolloutApi.WaitAsync(client, id, r => r.State() == "Ramping");
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/rollouts/{id}/restore", new { confirm = "foundation" })).StatusCode);
        await client.PostAsync($"/api/rollouts/{id}/abort", null);
        await RolloutApi.WaitForStateAsync(client, id, "RolledBack");

        await using var target = NpgsqlDataSource.Create(settings.TargetDb);
        await using (var damage = target.CreateCommand("INSERT INTO users (email, display_name) VALUES ('late@example.com', 'Late')"))
        {
            await damage.ExecuteNonQueryAsync();
        }

        var unconfirmed = await client.PostAsJsonAsync($"/api/rollouts/{id}/restore", new { confirm = "yes" });
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        var restored = await client.PostAsJsonAsync($"/api/rollouts/{id}/restore", new { confirm = "foundation" });
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);

        await using var count = target.CreateCommand("SELECT count(*) FROM users WHERE email = 'late@example.com'");
        Assert.Equal(0L, await count.ExecuteScalarAsync());
        var run = await RolloutApi.GetAsync(client, id);
        Assert.Contains(run.Events(), e => e.GetProperty("kind").GetString() == "restored");
    }
}
