using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using ReplyX.Rollout.Controller.Risks;
using ReplyX.Rollout.Controller.Target;
using ReplyX.Rollout.Core.Metrics;
using ReplyX.Rollout.Core.Rollouts;
using ReplyX.Rollout.Tests.Core.Analysis;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Controller;

/// <summary>
/// The continuous risk monitor, look by look on a fake clock against a real server: each threshold crossing opens one
/// episode (one alert, the rule's action on an active rollout), its end sends one resolved message, and an unknown
/// reading is shown as unknown, never as a number.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RiskMonitorTests(PostgresServerFixture postgres)
{
    private const string Phase =
        """
        id: watched
        title: Watched
        risks: [R003]
        flag: replyx.tests.watched
        steps:
          - name: index
            sql: CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_watched ON dialogs (user_id);
            rollback: DROP INDEX CONCURRENTLY IF EXISTS ix_watched;
        ramp: { stages: [5, 100], bake: 1h }
        gates:
          - { type: vectorRecall, search: monitor_search, k: "10", probes: "1", queries: "40", minRecall: 85% }
        """;

    [Fact]
    public async Task A_p95_over_500ms_alerts_once_rolls_back_the_active_run_and_resolves_once_it_is_back()
    {
        await using var monitor = await MonitorAsync("p95", "{ id: api-p95, reading: p95, above: 500ms, risk: R003, action: rollback }", new TimedMetricsSource(Start));
        var metrics = (TimedMetricsSource)monitor.Metrics;
        var run = await monitor.Parts.RunInAsync(Phase, RolloutState.Ramping);

        metrics.Fill(new Random(1), 0, 60, 20, slowdown: 4);
        monitor.Parts.Time.Advance(TimeSpan.FromSeconds(60));
        await monitor.TickAsync();
        metrics.Fill(new Random(2), 60, 120, 20, slowdown: 4);
        monitor.Parts.Time.Advance(TimeSpan.FromSeconds(60));
        await monitor.TickAsync();
        metrics.Fill(new Random(3), 120, 180, 20, slowdown: 0);
        monitor.Parts.Time.Advance(TimeSpan.FromSeconds(60));
        await monitor.TickAsync();

        var alerts = await monitor.AlertsAsync();
        Assert.Equal(["alert", "resolved"], alerts.Select(a => a.Kind));
        Assert.StartsWith("🚨 RISK ALERT: R003 - Performance Regression", alerts[0].Text, StringComparison.Ordinal);
        Assert.Contains("Rollback requested for run " + run.Id, alerts[0].Text, StringComparison.Ordinal);
        Assert.StartsWith("✅ RISK RESOLVED: R003", alerts[1].Text, StringComparison.Ordinal);
        Assert.Equal(ReplyX.Rollout.Controller.Requests.RunRequest.Abort, (await monitor.Parts.Store.GetAsync(run.Id, CancellationToken.None))!.RequestedAction);
        var events = await monitor.Parts.EventsAsync(run.Id);
        Assert.Single(events, e => e.Kind == "risk-alert");
        Assert.Single(events, e => e.Kind == "requested" && e.Reason.StartsWith("abort requested by the risk monitor: rule api-p95 (R003) fired: p95", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_p95_already_over_500ms_at_the_run_s_baseline_does_not_roll_the_run_back()
    {
        await using var monitor = await MonitorAsync("p95_baseline", "{ id: api-p95, reading: p95, above: 500ms, risk: R003, action: rollback }", new TimedMetricsSource(Start));
        var metrics = (TimedMetricsSource)monitor.Metrics;
        var slowBefore = new ReplyX.Rollout.Core.Metrics.LatencyHistogram(4);
        for (var i = 0; i < 100; i++)
        {
            slowBefore.Record(0.6 + (i * 0.001));
        }

        var run = await monitor.Parts.RunInAsync(Phase, RolloutState.Ramping, r => r with
        {
            BaselineJson = System.Text.Json.JsonSerializer.Serialize(slowBefore.ToSnapshot(), ReplyX.Rollout.Controller.Rollouts.RolloutStore.Json),
        });

        metrics.Fill(new Random(1), 0, 60, 20, slowdown: 4);
        monitor.Parts.Time.Advance(TimeSpan.FromSeconds(60));
        await monitor.TickAsync();

        Assert.Null((await monitor.Parts.Store.GetAsync(run.Id, CancellationToken.None))!.RequestedAction);
        var alert = Assert.Single(await monitor.AlertsAsync());
        Assert.Contains("Rollback withheld for run " + run.Id, alert.Text, StringComparison.Ordinal);
        var events = await monitor.Parts.EventsAsync(run.Id);
        Assert.Single(events, e => e.Kind == "monitor-action-withheld" && e.Reason.Contains("already at p95 6", StringComparison.Ordinal));
        Assert.DoesNotContain(events, e => e.Kind == "requested");
    }

    [Fact]
    public async Task Without_a_baseline_of_its_own_a_run_is_judged_on_the_shared_evidence_of_the_minute_before_it_was_requested()
    {
        await using var monitor = await MonitorAsync("p95_late_evidence", "{ id: api-p95, reading: p95, above: 500ms, risk: R003, action: rollback }", new TimedMetricsSource(Start));
        var metrics = (TimedMetricsSource)monitor.Metrics;
        // The minute before the run: slow already (p95 well over 500 ms), and only read after the run's preflight found
        // too few requests for a baseline.
        monitor.Parts.Time.Advance(TimeSpan.FromSeconds(60));
        var run = await monitor.Parts.RunInAsync(Phase, RolloutState.Ramping, r => r with { BaselineJson = null });
        metrics.Fill(new Random(1), 0, 120, 20, slowdown: 12);
        monitor.Parts.Time.Advance(TimeSpan.FromSeconds(60));
        await monitor.TickAsync();

        Assert.Null((await monitor.Parts.Store.GetAsync(run.Id, CancellationToken.None))!.RequestedAction);
        Assert.Single(await monitor.Parts.EventsAsync(run.Id), e => e.Kind == "monitor-action-withheld" && e.Reason.Contains("before it was requested, as the shared metrics hold it now", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_error_rate_over_1_percent_alerts_and_without_traffic_the_reading_is_unknown_not_zero()
    {
        var metrics = new FakeMetricsSource();
        await using var monitor = await MonitorAsync("errors", "{ id: error-rate, reading: errorRate, above: 1%, risk: R002, action: alert }", metrics);

        await monitor.TickAsync();
        var silent = await monitor.StateAsync("error-rate");
        metrics.Fill(new Random(4), control: 0, treatment: 400, slowdown: 0);
        metrics.TreatmentErrors = 20;
        await monitor.TickAsync();
        var firing = await monitor.StateAsync("error-rate");

        Assert.Equal((RiskStatus.Unknown, null), (silent.Status, silent.LastValue));
        Assert.StartsWith("unknown: no requests in the last", silent.LastDetail, StringComparison.Ordinal);
        Assert.Equal(RiskStatus.Firing, firing.Status);
        Assert.Equal(0.05, firing.LastValue!.Value, 6);
        Assert.Single(await monitor.AlertsAsync(), a => a.Kind == "alert" && a.Text.Contains("20 of 400 requests failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Db_cpu_from_a_host_metrics_gauge_pauses_the_run_an_unknown_look_keeps_the_episode_and_a_calm_one_ends_it()
    {
        var metrics = new FakeMetricsSource { Cpu = 0.93 };
        await using var monitor = await MonitorAsync("cpu", "{ id: db-cpu, reading: dbCpu, above: 80%, risk: R007, action: pause }", metrics, cpuSource: "gauge");
        var run = await monitor.Parts.RunInAsync(Phase, RolloutState.Ramping);

        await monitor.TickAsync();
        metrics.Cpu = null;
        await monitor.TickAsync();
        var blind = await monitor.StateAsync("db-cpu");
        metrics.Cpu = 0.2;
        await monitor.TickAsync();

        Assert.Equal((RiskStatus.Firing, null), (blind.Status, blind.LastValue));
        Assert.StartsWith("unknown: no system.cpu.utilization gauge arrived", blind.LastDetail, StringComparison.Ordinal);
        Assert.Equal(["alert", "resolved"], (await monitor.AlertsAsync()).Select(a => a.Kind));
        Assert.StartsWith("🚨 RISK ALERT: R007 - Connection Pool Exhaustion", (await monitor.AlertsAsync())[0].Text, StringComparison.Ordinal);
        Assert.Equal(ReplyX.Rollout.Controller.Requests.RunRequest.Pause, (await monitor.Parts.Store.GetAsync(run.Id, CancellationToken.None))!.RequestedAction);
    }

    [Fact]
    public async Task A_query_made_slower_than_its_pg_stat_statements_baseline_is_found()
    {
        await using var monitor = await MonitorAsync("slow", "{ id: slow-queries, reading: slowQueries, above: 0, factor: 1.5, minCalls: 10, risk: R003, action: alert }", new FakeMetricsSource());
        await using var target = NpgsqlDataSource.Create(monitor.Target);
        await ExecuteAsync(target, "CREATE FUNCTION monitor_lookup(n int) RETURNS int LANGUAGE sql AS $$ SELECT n $$");

        await monitor.TickAsync();
        await CallAsync(target, 30);
        await monitor.TickAsync();
        await ExecuteAsync(target, "CREATE OR REPLACE FUNCTION monitor_lookup(n int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.01); RETURN n; END $$");
        await CallAsync(target, 30);
        await monitor.TickAsync();

        var state = await monitor.StateAsync("slow-queries");
        Assert.Equal(RiskStatus.Firing, state.Status);
        Assert.True(state.LastValue == 1, state.LastDetail);
        Assert.Contains("SELECT monitor_lookup($1)", state.LastDetail, StringComparison.Ordinal);
        Assert.Single(await monitor.AlertsAsync(), a => a.Kind == "alert");
    }

    [Fact]
    public async Task Recall_of_the_last_completed_vector_phase_falls_below_85_percent_when_its_search_goes_bad()
    {
        await using var monitor = await MonitorAsync("recall", "{ id: vector-accuracy, reading: recall, below: 85%, risk: R006, action: alert }", new FakeMetricsSource());
        await using var target = NpgsqlDataSource.Create(monitor.Target);
        var completed = await monitor.Parts.RunInAsync(Phase, RolloutState.Contracting);
        await monitor.Parts.Store.TransitionAsync(completed.Id, RolloutState.Contracting, RolloutState.Completed, "test", null, null, CancellationToken.None);
        await ExecuteAsync(target,
            """
            CREATE FUNCTION monitor_search(query real[], k integer, probes integer) RETURNS TABLE (id bigint, score real)
            LANGUAGE sql STABLE AS $$
                SELECT e.id, (SELECT sum(a * b) FROM unnest(e.embedding, query) AS v(a, b))::real AS score
                FROM knowledge_embeddings e ORDER BY score DESC, e.id LIMIT k $$
            """);

        await monitor.TickAsync();
        var exact = await monitor.StateAsync("vector-accuracy");
        await ExecuteAsync(target,
            """
            CREATE OR REPLACE FUNCTION monitor_search(query real[], k integer, probes integer) RETURNS TABLE (id bigint, score real)
            LANGUAGE sql STABLE AS $$ SELECT e.id, 0::real FROM knowledge_embeddings e ORDER BY e.id DESC LIMIT k $$
            """);
        await monitor.TickAsync();
        var broken = await monitor.StateAsync("vector-accuracy");

        Assert.Equal((RiskStatus.Clear, 1.0), (exact.Status, exact.LastValue));
        Assert.Equal(RiskStatus.Firing, broken.Status);
        Assert.True(broken.LastValue < 0.85, broken.LastDetail);
        Assert.StartsWith("🚨 RISK ALERT: R006 - Vector Search Accuracy Loss", (await monitor.AlertsAsync()).Single().Text, StringComparison.Ordinal);
    }

    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private async Task<Monitor> MonitorAsync(string owner, string rule, IMetricsSource metrics, string cpuSource = "auto")
    {
        var phases = new PhaseWorkspace();
        var register = File.ReadAllText(RepositoryPaths.RiskRegister);
        File.WriteAllText(Path.Combine(phases.Folder, "risks.yaml"), register[..register.IndexOf("\nmonitor:", StringComparison.Ordinal)] + $"\nmonitor:\n  rules:\n    - {rule}\n");
        var parts = await EngineParts.CreateAsync(postgres, "monitor_" + owner, metrics);
        var target = await SeededWorkload.CreateAsync(postgres, "monitor_" + owner + "_target", 2_000);
        var options = Options.Create(new RiskMonitorOptions { Interval = TimeSpan.FromMinutes(1), CpuSource = cpuSource });
        var rollouts = parts.Store;
        var tick = new RiskMonitorTick(new RiskReader(metrics, new RolloutTarget(target), rollouts, parts.Time, options),
            new RiskStateStore(parts.State, parts.Fence), rollouts, parts.Alerts, parts.Catalog(phases.Folder), metrics, parts.OptionsWrapper, parts.Time);
        return new Monitor(parts, tick, target, metrics, phases);
    }

    private static async Task CallAsync(NpgsqlDataSource target, int times)
    {
        for (var i = 0; i < times; i++)
        {
            await using var call = target.CreateCommand("SELECT monitor_lookup($1)");
            call.Parameters.AddWithValue(i);
            await call.ExecuteScalarAsync();
        }
    }

    private static async Task ExecuteAsync(NpgsqlDataSource target, string sql)
    {
        await using var command = target.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private sealed record Monitor(EngineParts Parts, RiskMonitorTick Tick, string Target, IMetricsSource Metrics, PhaseWorkspace Phases) : IAsyncDisposable
    {
        public Task TickAsync() => Tick.RunAsync(CancellationToken.None);

        public async Task<RiskState> StateAsync(string rule) => (await new RiskStateStore(Parts.State, Parts.Fence).StatesAsync(CancellationToken.None))[rule];

        public async Task<List<(string Kind, string Text)>> AlertsAsync() =>
            [.. (await new RiskStateStore(Parts.State, Parts.Fence).AlertsAsync(DateTimeOffset.MinValue, CancellationToken.None)).Select(a => (a.Kind, a.Text))];

        public async ValueTask DisposeAsync()
        {
            Phases.Dispose();
            await Parts.DisposeAsync();
        }
    }
}
