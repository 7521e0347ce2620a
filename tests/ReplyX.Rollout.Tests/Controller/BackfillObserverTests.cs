using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ReplyX.Rollout.Controller.Metrics;
using ReplyX.Rollout.Controller.Requests;
using ReplyX.Rollout.Controller.Steps;
using ReplyX.Rollout.Core.Execution;
using ReplyX.Rollout.Core.Metrics;
using ReplyX.Rollout.Core.Phases;
using ReplyX.Rollout.Core.Rollouts;
using ReplyX.Rollout.Primitives.Migrations;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Controller;

/// <summary>
/// The run's side of a backfill: the all-traffic p95 it throttles on comes from the controller's own metrics store
/// against the minute before the step, each change of pace is an event on the run, and an abort stops the walk.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class BackfillObserverTests(PostgresServerFixture postgres)
{
    private const string Phase =
        """
        id: backfilled
        title: Backfilled
        risks: [R002]
        flag: replyx.tests.backfilled
        steps:
          - name: fill v
            backfill: { table: items, set: v = id, where: v IS NULL, batchSize: 500, pause: 20ms }
            irreversible: test
        ramp: { stages: [100], bake: 1s }
        """;

    [Fact]
    public async Task An_all_traffic_p95_over_its_pre_step_baseline_slows_the_walk_and_the_run_records_why()
    {
        var metrics = new OtlpMetricsStore(TimeProvider.System);
        Record(metrics, TimeProvider.System.GetUtcNow() - TimeSpan.FromSeconds(30), 10);
        await using var parts = await EngineParts.CreateAsync(postgres, "backfill_observer_p95", metrics);
        var run = await parts.RunInAsync(Phase, RolloutState.Applying);
        await using var target = await TargetAsync(200_000);
        var executor = Executor(parts, run, target, metrics);
        using var done = new CancellationTokenSource();
        // Load from the step's start on is 60% slower than before it; once the run shows the slowdown, the engineer aborts.
        var load = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                Record(metrics, TimeProvider.System.GetUtcNow(), 16);
                if ((await parts.EventsAsync(run.Id)).Any(e => e.Kind == "backfill-throttled"))
                {
                    await parts.Store.UpdateAsync(run.Id, r => r with { RequestedAction = RunRequest.Abort }, "abort-requested", "test", null, CancellationToken.None);
                    return;
                }

                await Task.Delay(100);
            }
        });

        var outcome = await executor.ExecuteAsync(Request(run), null, CancellationToken.None);
        await done.CancelAsync();
        await load;
        var events = await parts.EventsAsync(run.Id);

        Assert.Matches(@"^stopped at a batch boundary after [\d,]+ rows: an abort was requested$", outcome.Error);
        var throttled = events.First(e => e.Kind == "backfill-throttled");
        Assert.Matches(@"^backfill 'fill v' slowed down to batches of 250 every 200 ms: all-traffic p95 \+(5\d|6\d)% over its pre-step baseline \(tolerance 10%\)$", throttled.Reason);
    }

    [Fact]
    public async Task An_abort_waiting_on_the_run_stops_the_walk_before_its_next_batch()
    {
        await using var parts = await EngineParts.CreateAsync(postgres, "backfill_observer_abort", new OtlpMetricsStore(TimeProvider.System));
        var run = await parts.RunInAsync(Phase, RolloutState.Applying, r => r with { RequestedAction = RunRequest.Abort });

        await using var target = await TargetAsync(3_000);
        var outcome = await Executor(parts, run, target, parts.Metrics).ExecuteAsync(Request(run), null, CancellationToken.None);

        Assert.Equal("stopped at a batch boundary after 0 rows: an abort was requested", outcome.Error);
    }

    private static readonly PhaseDefinition Parsed = PhaseParser.Parse("phase.yaml", Phase, new ReplyX.Rollout.Core.Diagnostics.DiagnosticBag())!;

    private static StepRequest Request(ReplyX.Rollout.Controller.Rollouts.RolloutRun run) => StepRequest.Apply(run.Id, Parsed.Steps[0], 1);

    /// <summary>The executor as the step runner builds it; the observer's construction is the step's start.</summary>
    private static StepExecutor Executor(EngineParts parts, ReplyX.Rollout.Controller.Rollouts.RolloutRun run, NpgsqlDataSource target, IMetricsSource metrics) =>
        new(target.ConnectionString, TimeProvider.System, 1)
        {
            BackfillObserver = new RunBackfillObserver(run, Parsed.Steps[0].Name, parts.Store, metrics, TimeProvider.System),
            BackfillP95Limit = Parsed.Guardrails.LatencyP95.MaxRegression,
        };

    private async Task<NpgsqlDataSource> TargetAsync(int rows)
    {
        var target = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("backfill_observer_target"));
        await TargetJournal.EnsureAsync(target, NullLogger<SqlMigrator>.Instance, CancellationToken.None);
        await using var setup = target.CreateCommand($"CREATE TABLE items (id bigint PRIMARY KEY, v bigint); INSERT INTO items (id) SELECT g FROM generate_series(1, {rows}) g; ANALYZE items;");
        await setup.ExecuteNonQueryAsync();
        return target;
    }

    /// <summary>A hundred requests of about <paramref name="milliseconds"/> each, as the workload's exporter would send them.</summary>
    private static void Record(OtlpMetricsStore metrics, DateTimeOffset at, double milliseconds)
    {
        var histogram = new LatencyHistogram(LatencyHistogram.MaxScale);
        for (var i = 0; i < 100; i++)
        {
            histogram.Record(milliseconds * (0.9 + 0.002 * i) / 1000);
        }

        metrics.AddLatency(at, new SeriesKey("replyx.tests.backfilled", SeriesKey.Control, "GET /"), false, histogram);
        metrics.MarkReceived(at);
    }
}
