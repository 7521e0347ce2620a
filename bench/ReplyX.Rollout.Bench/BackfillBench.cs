using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ReplyX.Rollout.Core.Backfills;
using ReplyX.Rollout.Core.Execution;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Bench;

/// <summary>
/// A backfill through the product's own path (<see cref="StepExecutor"/> running a <see cref="BackfillSpec"/> with its
/// journal, throttle and check) on a table of <c>rows</c> rows, first alone, then with <c>writers</c> sessions inserting
/// new rows and updating random existing ones as fast as they can; each walk follows the sync step that fills the
/// column for those writers, as in a phase. Prints the walk's throughput, its batches and
/// throttle changes, and the writers' statement latency (p50/p99/max) with no backfill and during each walk.
/// </summary>
internal static class BackfillBench
{
    public static async Task RunAsync(string connectionString, int rows, int writers, TextWriter output)
    {
        var database = $"replyx_backfill_bench_{Environment.ProcessId}";
        await using (var admin = NpgsqlDataSource.Create(connectionString))
        {
            await using var create = admin.CreateCommand($"CREATE DATABASE {database}");
            await create.ExecuteNonQueryAsync();
        }

        try
        {
            var target = new NpgsqlConnectionStringBuilder(connectionString) { Database = database, MaxPoolSize = writers + 10 }.ConnectionString;
            await using var dataSource = NpgsqlDataSource.Create(target);
            await TargetJournal.EnsureAsync(dataSource, NullLogger<ReplyX.Rollout.Primitives.Migrations.SqlMigrator>.Instance, CancellationToken.None);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"backfill bench: {rows:N0} rows, {writers} writer sessions, {Environment.ProcessorCount} cores, {TimeProvider.System.GetUtcNow():yyyy-MM-dd}"));
            output.WriteLine("| walk | load | duration | rows/s | batches | throttle changes | writer p50 | writer p99 | writer max | writes/s |");
            output.WriteLine("|---|---|---|---|---|---|---|---|---|---|");

            var idle = await LoadAsync(dataSource, writers, rows, () => Task.Delay(TimeSpan.FromSeconds(10)));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| none | {writers} writers | 10 s | - | - | - | {idle.Row} |"));
            foreach (var loaded in new[] { false, true })
            {
                await PrepareAsync(dataSource, rows);
                var step = Step(Guid.CreateVersion7());
                // As in a phase: the sync trigger first (every write from now on), then the walk over the rows before it.
                var sync = new SyncSpec { Table = "messages", Column = "body_lower", From = ["body"], Up = "lower(body)" };
                var synced = await new StepExecutor(target, TimeProvider.System, 1).ExecuteAsync(
                    new StepRequest(step.RunId, StepRequest.ExpandKind, 0, "sync", SyncSql.Create(sync), SyncSpec.DefaultLockTimeout, null, SyncSpec.DefaultRetries, true), null, CancellationToken.None);
                if (!synced.Succeeded)
                {
                    output.WriteLine($"| sync step failed: {synced.Error} |");
                    continue;
                }

                var observer = new CountingObserver();
                StepOutcome? outcome = null;
                var stopwatch = Stopwatch.StartNew();
                Func<Task> walk = async () => outcome = await new StepExecutor(target, TimeProvider.System, 1) { BackfillObserver = observer }
                    .ExecuteAsync(step, null, CancellationToken.None);
                var writes = loaded ? await LoadAsync(dataSource, writers, rows, walk) : null;
                if (!loaded)
                {
                    await walk();
                }

                var seconds = stopwatch.Elapsed.TotalSeconds;
                var walked = outcome!.Backfill;
                if (!outcome.Succeeded || walked is null)
                {
                    output.WriteLine($"| default | {loaded} | failed: {outcome.Error} |");
                    continue;
                }

                var spec = Step(Guid.Empty).Backfill!;
                var load = loaded ? $"{writers} writers" : "none";
                var writerColumns = writes?.Row ?? "- | - | - | -";
                var reasons = string.Join("; ", observer.Changes.GroupBy(c => string.Join(' ', c.Reason.Split(' ').Take(2))).Select(g => $"{g.Count()}x {g.Key}"));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| batch {spec.BatchSize:N0}, pause {spec.Pause.TotalMilliseconds:N0} ms | {load} | {seconds:N1} s | {walked.RowsScanned / seconds:N0} | {walked.Batches:N0} | {observer.Changes.Count} ({reasons}) | {writerColumns} |"));
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = NpgsqlDataSource.Create(connectionString);
            await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>The step a release engineer would write: the defaults of <see cref="BackfillSpec"/> with its check.</summary>
    private static StepRequest Step(Guid runId)
    {
        var spec = new BackfillSpec { Table = "messages", Set = "body_lower = lower(body)", Columns = ["body_lower"], Where = "body_lower IS NULL" };
        return new StepRequest(runId, StepRequest.ExpandKind, 1, "backfill", spec.Statement, BackfillSpec.DefaultLockTimeout, BackfillSpec.DefaultStatementTimeout, SyncSpec.DefaultRetries, null) { Backfill = spec };
    }

    private static async Task PrepareAsync(NpgsqlDataSource dataSource, int rows)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            DROP TABLE IF EXISTS messages;
            DROP FUNCTION IF EXISTS replyx_sync_messages_body_lower();
            CREATE TABLE messages (id bigserial PRIMARY KEY, body text NOT NULL, body_lower text, touched integer NOT NULL DEFAULT 0);
            INSERT INTO messages (body) SELECT 'Message ' || g || ' About Something' FROM generate_series(1, {rows}) g;
            """);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
        await using var vacuum = dataSource.CreateCommand("VACUUM ANALYZE messages");
        vacuum.CommandTimeout = 0;
        await vacuum.ExecuteNonQueryAsync();
    }

    /// <summary>Writers inserting (half) and updating a random existing row (half) until <paramref name="during"/> ends.</summary>
    private static async Task<WriterLatency> LoadAsync(NpgsqlDataSource dataSource, int writers, int rows, Func<Task> during)
    {
        await PrepareIfMissingAsync(dataSource, rows);
        var latencies = new ConcurrentBag<double>();
        using var stop = new CancellationTokenSource();
        var started = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            await using var connection = await dataSource.OpenConnectionAsync();
            while (!stop.IsCancellationRequested)
            {
                await using var command = random.Next(2) == 0
                    ? new NpgsqlCommand("INSERT INTO messages (body) VALUES ('Written During The Walk')", connection)
                    : new NpgsqlCommand($"UPDATE messages SET touched = touched + 1 WHERE id = {random.Next(1, rows)}", connection);
                var at = Stopwatch.GetTimestamp();
                await command.ExecuteNonQueryAsync();
                latencies.Add(Stopwatch.GetElapsedTime(at).TotalMilliseconds);
            }
        })).ToList();
        await during();
        await stop.CancelAsync();
        await Task.WhenAll(tasks);
        var sorted = latencies.Order().ToArray();
        return new WriterLatency(Percentile(sorted, 0.5), Percentile(sorted, 0.99), sorted.Length == 0 ? 0 : sorted[^1], sorted.Length / started.Elapsed.TotalSeconds);
    }

    private static async Task PrepareIfMissingAsync(NpgsqlDataSource dataSource, int rows)
    {
        await using var exists = dataSource.CreateCommand("SELECT to_regclass('messages') IS NOT NULL");
        if (!(bool)(await exists.ExecuteScalarAsync())!)
        {
            await PrepareAsync(dataSource, rows);
        }
    }

    private static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    private sealed record WriterLatency(double P50, double P99, double Max, double PerSecond)
    {
        public string Row => string.Create(CultureInfo.InvariantCulture, $"{P50:N2} ms | {P99:N2} ms | {Max:N1} ms | {PerSecond:N0}");
    }

    private sealed class CountingObserver : IBackfillObserver
    {
        public ConcurrentQueue<ThrottleChange> Changes { get; } = new();

        public Task<BackfillSignal> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(BackfillSignal.None);

        public Task ThrottledAsync(ThrottleChange change, BackfillProgress progress, CancellationToken cancellationToken)
        {
            Changes.Enqueue(change);
            return Task.CompletedTask;
        }

        public Task BatchesAsync(BackfillProgress progress, DateTimeOffset since, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
