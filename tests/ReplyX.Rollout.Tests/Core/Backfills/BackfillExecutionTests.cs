using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ReplyX.Rollout.Core.Backfills;
using ReplyX.Rollout.Core.Execution;
using ReplyX.Rollout.Core.Phases;
using ReplyX.Rollout.Primitives.Migrations;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Core.Backfills;

/// <summary>Backfills against a real PostgreSQL: resumed after a kill without redoing or skipping a batch, slowed by lock waits, checked after the walk.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BackfillExecutionTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task A_backfill_killed_mid_way_resumes_at_the_next_batch_and_walks_every_row_exactly_once()
    {
        await using var target = await TargetAsync("backfill_kill",
            "CREATE TABLE items (id bigint PRIMARY KEY, n integer NOT NULL DEFAULT 0); INSERT INTO items (id) SELECT g FROM generate_series(1, 1000000) g; ANALYZE items;");
        // n = n + 1 shows a redone batch as a 2 and a skipped one as a 0: only the journal keeps every row at exactly 1.
        var step = Backfill(new BackfillSpec { Table = "items", Set = "n = n + 1", Columns = ["n"], IdempotentReason = "test", BatchSize = 5_000, Pause = TimeSpan.Zero, CheckSample = 0 });

        var running = new StepExecutor(target.ConnectionString, TimeProvider.System, epoch: 1).ExecuteAsync(step, null, CancellationToken.None);
        await WaitForAsync(target, "SELECT coalesce((SELECT batches FROM replyx_rollout.backfill_progress), 0) >= 40");
        await ScalarAsync<bool>(target, "SELECT bool_or(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'replyx-rollout-ddl e1' AND datname = current_database()");
        var killed = await running;
        var scannedBeforeResume = await ScalarAsync<long>(target, "SELECT rows_scanned FROM replyx_rollout.backfill_progress");

        await using (var connection = await target.OpenConnectionAsync())
        {
            await TargetJournal.RaiseFenceAsync(connection, null, 2, CancellationToken.None);
        }

        var resumed = await new StepExecutor(target.ConnectionString, TimeProvider.System, epoch: 2).ExecuteAsync(step, null, CancellationToken.None);

        Assert.False(killed.Succeeded);
        Assert.InRange(scannedBeforeResume, 200_000, 999_999);
        Assert.True(resumed.Succeeded, resumed.Error);
        Assert.Equal(1_000_000, resumed.Backfill!.RowsScanned);
        Assert.Equal(1_000_000, resumed.Backfill.RowsUpdated);
        Assert.Equal(0L, await ScalarAsync<long>(target, "SELECT count(*) FROM items WHERE n <> 1"));
        Assert.Equal(1L, await ScalarAsync<long>(target, "SELECT count(*) FROM replyx_rollout.applied_steps WHERE status = 'applied' AND epoch = 2"));
    }

    [Fact]
    public async Task A_session_waiting_on_a_batchs_row_locks_slows_the_walk_and_says_why()
    {
        await using var target = await TargetAsync("backfill_locks",
            """
            CREATE TABLE items (id bigint PRIMARY KEY, v bigint, w integer NOT NULL DEFAULT 0);
            INSERT INTO items (id) SELECT g FROM generate_series(1, 3000) g; ANALYZE items;
            CREATE FUNCTION slow_copy(x bigint) RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$ BEGIN PERFORM pg_sleep(0.001); RETURN x; END $$;
            """);
        var step = Backfill(new BackfillSpec { Table = "items", Set = "v = slow_copy(id)", Columns = ["v"], Where = "v IS NULL", BatchSize = 200, Pause = TimeSpan.Zero });
        var observer = new RecordingObserver();
        using var stop = new CancellationTokenSource();
        // A writer that touches a row a few keys past the last batch done (the batch in flight holds it) until the walk slows.
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && !observer.Changes.Any(c => c.SlowedDown))
            {
                await ScalarAsync<long>(target, "WITH u AS (UPDATE items SET w = w + 1 WHERE id = coalesce((SELECT last_key::bigint FROM replyx_rollout.backfill_progress), 0) + 10 RETURNING 1) SELECT count(*) FROM u");
                await Task.Delay(20);
            }
        });

        var outcome = await new StepExecutor(target.ConnectionString, TimeProvider.System, epoch: 1) { BackfillObserver = observer }.ExecuteAsync(step, null, CancellationToken.None);
        await stop.CancelAsync();
        await writer;

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Contains(observer.Changes, c => c.SlowedDown && c.Reason.Contains("waiting on a batch's locks", StringComparison.Ordinal));
        Assert.Equal(0L, await ScalarAsync<long>(target, "SELECT count(*) FROM items WHERE v IS DISTINCT FROM id"));
    }

    [Fact]
    public async Task The_sync_trigger_keeps_the_new_column_in_step_and_the_sampled_check_catches_a_planted_mismatch()
    {
        await using var target = await TargetAsync("backfill_sync",
            "CREATE TABLE notes (id bigint PRIMARY KEY, content text, content_lower text); INSERT INTO notes (id, content) SELECT g, 'Note ' || g FROM generate_series(1, 50000) g; ANALYZE notes;");
        var sync = new SyncSpec { Table = "notes", Column = "content_lower", From = ["content"], Up = "lower(content)" };
        var executor = new StepExecutor(target.ConnectionString, TimeProvider.System, epoch: 1);
        var runId = Guid.CreateVersion7();
        var trigger = await executor.ExecuteAsync(new StepRequest(runId, StepRequest.ExpandKind, 1, "sync", SyncSql.Create(sync), TimeSpan.FromSeconds(2), null, 3, true), null, CancellationToken.None);
        await ScalarAsync<int>(target, "INSERT INTO notes (id, content) VALUES (50001, 'Written DURING the backfill') RETURNING 1");
        await ScalarAsync<int>(target, "UPDATE notes SET content = 'Changed BY a writer' WHERE id = 7 RETURNING 1");

        var spec = new BackfillSpec { Table = "notes", Set = "content_lower = lower(content)", Columns = ["content_lower"], Where = "content_lower IS NULL", BatchSize = 5_000, Pause = TimeSpan.Zero };
        var filled = await executor.ExecuteAsync(Backfill(spec, runId, 2), null, CancellationToken.None);
        var inStep = await ScalarAsync<long>(target, "SELECT count(*) FROM notes WHERE content_lower IS DISTINCT FROM lower(content)");
        var written = await ScalarAsync<string>(target, "SELECT content_lower FROM notes WHERE id = 50001");

        // A writer that bypasses the trigger (replica mode) plants rows out of step; the backfill's where skips them.
        await ScalarAsync<int>(target, "SET session_replication_role = replica; UPDATE notes SET content_lower = 'planted' WHERE id % 10 = 0; SELECT 1");
        var checkedAgain = await executor.ExecuteAsync(Backfill(spec, runId, 3), null, CancellationToken.None);

        Assert.True(trigger.Succeeded, trigger.Error);
        Assert.True(filled.Succeeded, filled.Error);
        Assert.Equal(0L, inStep);
        Assert.Equal("written during the backfill", written);
        Assert.False(checkedAgain.Succeeded);
        Assert.Matches(@"^check failed: [\d,]+ of [\d,]+ sampled rows of notes are out of step with 'content_lower = lower\(content\)' \(id \d+0(, \d+0)*\)$", checkedAgain.Error);
    }

    [Fact]
    public async Task A_sync_with_a_down_expression_fills_the_old_column_for_writers_of_the_new_one()
    {
        await using var target = await TargetAsync("backfill_down", "CREATE TABLE prices (id bigint PRIMARY KEY, cents integer, amount numeric);");
        var sync = new SyncSpec { Table = "prices", Column = "amount", From = ["cents"], Up = "cents / 100.0", Down = "(amount * 100)::integer" };
        var outcome = await new StepExecutor(target.ConnectionString, TimeProvider.System, epoch: 1)
            .ExecuteAsync(new StepRequest(Guid.CreateVersion7(), StepRequest.ExpandKind, 1, "sync", SyncSql.Create(sync), TimeSpan.FromSeconds(2), null, 3, true), null, CancellationToken.None);

        await ScalarAsync<int>(target, "INSERT INTO prices (id, cents) VALUES (1, 250); INSERT INTO prices (id, amount) VALUES (2, 1.75); UPDATE prices SET amount = 9.99 WHERE id = 1; SELECT 1");

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal("1:999:9.99 2:175:1.75", await ScalarAsync<string>(target, "SELECT string_agg(id || ':' || cents || ':' || amount, ' ' ORDER BY id) FROM prices"));
    }

    [Fact]
    public async Task A_stop_signal_ends_the_walk_at_a_batch_boundary_with_the_reason()
    {
        await using var target = await TargetAsync("backfill_stop", "CREATE TABLE items (id bigint PRIMARY KEY, v bigint); INSERT INTO items (id) SELECT g FROM generate_series(1, 1000) g;");
        var step = Backfill(new BackfillSpec { Table = "items", Set = "v = id", Columns = ["v"], Where = "v IS NULL", BatchSize = 100 });

        var outcome = await new StepExecutor(target.ConnectionString, TimeProvider.System, epoch: 1) { BackfillObserver = new RecordingObserver(new BackfillSignal(null, "an abort was requested")) }
            .ExecuteAsync(step, null, CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal("stopped at a batch boundary after 0 rows: an abort was requested", outcome.Error);
        Assert.Equal(0L, await ScalarAsync<long>(target, "SELECT count(*) FROM items WHERE v IS NOT NULL"));
    }

    [Fact]
    public async Task A_table_without_a_single_column_key_is_refused_before_any_batch()
    {
        await using var target = await TargetAsync("backfill_nokey", "CREATE TABLE pairs (a int, b int, v int, PRIMARY KEY (a, b)); INSERT INTO pairs VALUES (1, 1, NULL);");
        var step = Backfill(new BackfillSpec { Table = "pairs", Set = "v = a", Columns = ["v"], Where = "v IS NULL" });

        var outcome = await new StepExecutor(target.ConnectionString, TimeProvider.System, epoch: 1).ExecuteAsync(step, null, CancellationToken.None);

        Assert.Equal("table pairs has no single-column primary key to walk; declare 'key:' (a unique, not-null column with a plain unique index)", outcome.Error);
        Assert.Equal(0L, await ScalarAsync<long>(target, "SELECT count(*) FROM pairs WHERE v IS NOT NULL"));
    }

    [Fact]
    public async Task The_walk_ends_at_the_highest_key_it_started_with_however_fast_rows_arrive_after()
    {
        await using var target = await TargetAsync("backfill_highwater", "CREATE TABLE items (id bigserial PRIMARY KEY, v bigint); INSERT INTO items (v) SELECT NULL FROM generate_series(1, 2000);");
        var step = Backfill(new BackfillSpec { Table = "items", Set = "v = id", Columns = ["v"], Where = "v IS NULL", BatchSize = 100, Pause = TimeSpan.Zero, CheckSample = 0 });
        var writer = new InsertingObserver(target);

        var outcome = await new StepExecutor(target.ConnectionString, TimeProvider.System, epoch: 1) { BackfillObserver = writer }.ExecuteAsync(step, null, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.True(writer.Inserted > 0);
        Assert.Equal(2_000, outcome.Backfill!.RowsScanned);
        Assert.Equal(0L, await ScalarAsync<long>(target, "SELECT count(*) FROM items WHERE id <= 2000 AND v IS NULL"));
        Assert.Equal(writer.Inserted, await ScalarAsync<long>(target, "SELECT count(*) FROM items WHERE id > 2000 AND v IS NULL"));
    }

    [Fact]
    public async Task An_empty_table_is_walked_at_once()
    {
        await using var target = await TargetAsync("backfill_empty", "CREATE TABLE items (id bigint PRIMARY KEY, v bigint);");
        var outcome = await new StepExecutor(target.ConnectionString, TimeProvider.System, epoch: 1)
            .ExecuteAsync(Backfill(new BackfillSpec { Table = "items", Set = "v = id", Columns = ["v"], Where = "v IS NULL" }), null, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal((0L, 0), (outcome.Backfill!.RowsScanned, outcome.Backfill.Batches));
    }

    /// <summary>Inserts a hundred rows each time the walk reads its evidence: writers faster than the walk.</summary>
    private sealed class InsertingObserver(NpgsqlDataSource target) : IBackfillObserver
    {
        public long Inserted { get; private set; }

        public async Task<BackfillSignal> ReadAsync(CancellationToken cancellationToken)
        {
            await using var command = target.CreateCommand("INSERT INTO items (v) SELECT NULL FROM generate_series(1, 100)");
            Inserted += await command.ExecuteNonQueryAsync(cancellationToken);
            return BackfillSignal.None;
        }

        public Task ThrottledAsync(ThrottleChange change, BackfillProgress progress, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task BatchesAsync(BackfillProgress progress, DateTimeOffset since, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static StepRequest Backfill(BackfillSpec spec, Guid? runId = null, int ordinal = 1) =>
        new(runId ?? Guid.CreateVersion7(), StepRequest.ExpandKind, ordinal, "backfill", spec.Statement, BackfillSpec.DefaultLockTimeout, BackfillSpec.DefaultStatementTimeout, 0, null) { Backfill = spec };

    private async Task<NpgsqlDataSource> TargetAsync(string owner, string setup)
    {
        var target = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync(owner));
        await TargetJournal.EnsureAsync(target, NullLogger<SqlMigrator>.Instance, CancellationToken.None);
        await using var command = target.CreateCommand(setup);
        await command.ExecuteNonQueryAsync();
        return target;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource target, string sql)
    {
        await using var command = target.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task WaitForAsync(NpgsqlDataSource target, string condition)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(60);
        while (!await ScalarAsync<bool>(target, condition))
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"waited 60 s for: {condition}");
            await Task.Delay(20);
        }
    }
}
