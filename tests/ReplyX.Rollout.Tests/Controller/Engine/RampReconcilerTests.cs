using Microsoft.Extensions.Logging.Abstractions;
using ReplyX.Rollout.Controller.Engine;
using ReplyX.Rollout.Controller.Gates;
using ReplyX.Rollout.Controller.Ramp;
using ReplyX.Rollout.Controller.Rollback;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Controller.Target;
using ReplyX.Rollout.Core.Gates;
using ReplyX.Rollout.Core.Rollouts;
using ReplyX.Rollout.Tests.Core.Analysis;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Controller.Engine;

/// <summary>
/// The ramp part alone, pass by pass on a fake clock: holds with their time to verdict, the hold's one report, the
/// pause of a stage that cannot get its samples within ramp.maxHold, the move to the next stage.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RampReconcilerTests(PostgresServerFixture postgres)
{
    private const string Phase =
        """
        id: ramp
        title: Ramp
        risks: [R003]
        flag: replyx.tests.ramp
        steps:
          - name: index
            sql: CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_ramp ON dialogs (user_id);
            rollback: DROP INDEX CONCURRENTLY IF EXISTS ix_ramp;
        ramp: { stages: [5, 25, 100], bake: 1m }
        guardrails:
          latencyP95: { maxRegression: 20%, minSamples: 200 }
        """;

    [Fact]
    public async Task A_baked_stage_without_a_verdict_holds_and_reports_the_hold_once()
    {
        var metrics = new FakeMetricsSource();
        metrics.Fill(new Random(3), control: 1_000, treatment: 20, slowdown: 0);
        await using var parts = await EngineParts.CreateAsync(postgres, "ramp_hold", metrics);
        var ramp = Ramp(parts, metrics);
        var run = await parts.RunInAsync(Phase, RolloutState.Ramping);

        await PassAsync(parts, ramp, metrics, run.Id);
        parts.Time.Advance(TimeSpan.FromSeconds(61));
        await PassAsync(parts, ramp, metrics, run.Id);
        parts.Time.Advance(TimeSpan.FromSeconds(5));
        await PassAsync(parts, ramp, metrics, run.Id);

        var after = (await parts.Store.GetAsync(run.Id, CancellationToken.None))!;
        Assert.Equal((RolloutState.Ramping, 0, 5), (after.State, after.StageIndex, after.Percentage));
        var hold = Assert.Single(await parts.EventsAsync(run.Id), e => e.Kind == "holding" && e.Reason.StartsWith("5% has baked but the verdict is not in yet", StringComparison.Ordinal));
        // Reported as the bake ended: 20 treatment requests in the 58 s since the stage settled (3 s), 0.34/s; the samples
        // still needed are the 200 minimum or, beyond it, what the latency test needs to accept at its current pace.
        var reported = System.Text.RegularExpressions.Regex.Match(hold.Reason, @"holding 5%: 20/(\d+) treatment samples at 0\.34/s, verdict in ~(\d+) min");
        Assert.True(reported.Success, hold.Reason);
        var needed = int.Parse(reported.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(needed >= 200, hold.Reason);
        Assert.Equal(Math.Ceiling(Math.Ceiling((needed - 20) / (20 / 58.0)) / 60), int.Parse(reported.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));

        // Five seconds later the estimate on the run reads 63 s of the stage: 0.32/s.
        var view = ReplyX.Rollout.Controller.Model.RolloutView.From(after);
        var current = System.Text.RegularExpressions.Regex.Match(view.Holding!, @"^holding 5%: 20/(\d+) treatment samples at 0\.32/s, verdict in ~\d+ min$");
        Assert.True(current.Success, view.Holding);
        var eta = Math.Ceiling((int.Parse(current.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - 20) / (20 / 63.0));
        Assert.InRange((view.VerdictEta!.Value - parts.Time.GetUtcNow()).TotalSeconds, eta - 1, eta + 1);
        Assert.Equal(0, after.Marks.HoldReportedStage);

        // The CLI reads the same fields off the wire and shows them in `status --watch`.
        var dto = System.Text.Json.JsonSerializer.Deserialize<ReplyX.Rollout.Cli.Api.RolloutDto>(
            System.Text.Json.JsonSerializer.Serialize(view, System.Text.Json.JsonSerializerOptions.Web), System.Text.Json.JsonSerializerOptions.Web)!;
        var lines = ReplyX.Rollout.Cli.Commands.RolloutStatusText.Lines(dto, parts.Time.GetUtcNow());
        Assert.Contains(lines, l => l.StartsWith($"Verdict: {view.Holding} (about ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stage_that_cannot_get_its_samples_within_max_hold_pauses_once_and_holds_on_after_a_resume()
    {
        var metrics = new FakeMetricsSource();
        metrics.Fill(new Random(3), control: 1_000, treatment: 20, slowdown: 0);
        await using var parts = await EngineParts.CreateAsync(postgres, "ramp_max_hold", metrics);
        var ramp = Ramp(parts, metrics);
        var run = await parts.RunInAsync(Phase.Replace("bake: 1m }", "bake: 1m, maxHold: 5m }", StringComparison.Ordinal), RolloutState.Ramping);

        await PassAsync(parts, ramp, metrics, run.Id);
        var baking = (await parts.Store.GetAsync(run.Id, CancellationToken.None))!;
        parts.Time.Advance(TimeSpan.FromSeconds(61));
        await PassAsync(parts, ramp, metrics, run.Id);
        var paused = (await parts.Store.GetAsync(run.Id, CancellationToken.None))!;

        // While baking, the projection does not pause: the rate is still being learnt.
        Assert.Equal(RolloutState.Ramping, baking.State);
        Assert.Equal((RolloutState.Paused, RolloutState.Ramping, 5), (paused.State, paused.PausedFrom, paused.Percentage));
        Assert.Contains("at this rate beyond ramp.maxHold 5m", paused.Reason);
        Assert.Contains(await parts.EventsAsync(run.Id), e => e.Kind == "alert" && e.Reason.StartsWith("🚨 RISK ALERT: R008", StringComparison.Ordinal) && e.Reason.Contains("Raise the load", StringComparison.Ordinal));

        await parts.Store.TransitionAsync(run.Id, RolloutState.Paused, RolloutState.Ramping, "resumed by request", null, r => r with { PausedFrom = null }, CancellationToken.None);
        parts.Time.Advance(TimeSpan.FromSeconds(5));
        await PassAsync(parts, ramp, metrics, run.Id);

        var resumed = (await parts.Store.GetAsync(run.Id, CancellationToken.None))!;
        Assert.Equal((RolloutState.Ramping, 0), (resumed.State, resumed.StageIndex));
        Assert.StartsWith("holding 5%: 20/", ReplyX.Rollout.Controller.Model.RolloutView.From(resumed).Holding);
    }

    [Fact]
    public async Task A_stage_whose_guardrails_pass_moves_on_only_after_its_bake_and_starts_the_next_when_its_flag_moves()
    {
        var metrics = new FakeMetricsSource();
        metrics.Fill(new Random(4), control: 4_000, treatment: 4_000, slowdown: 0);
        await using var parts = await EngineParts.CreateAsync(postgres, "ramp_advance", metrics);
        var ramp = Ramp(parts, metrics);
        var run = await parts.RunInAsync(Phase, RolloutState.Ramping);

        await PassAsync(parts, ramp, metrics, run.Id);
        var baking = (await parts.Store.GetAsync(run.Id, CancellationToken.None))!;
        parts.Time.Advance(TimeSpan.FromMinutes(1));
        await PassAsync(parts, ramp, metrics, run.Id);
        var next = (await parts.Store.GetAsync(run.Id, CancellationToken.None))!;

        Assert.Equal(0, baking.StageIndex);
        Assert.Equal((1, 25), (next.StageIndex, next.Percentage));
        Assert.Equal(parts.Time.GetUtcNow(), next.StageStartedAt);
        Assert.Contains(await parts.EventsAsync(run.Id), e => e.Reason.StartsWith("5% baked for 1m with every guardrail passing; moving to 25%", StringComparison.Ordinal));
    }

    private static RampReconciler Ramp(EngineParts parts, FakeMetricsSource metrics)
    {
        var catalog = parts.Catalog(RepositoryPaths.Phases);
        var gates = new GateRunner(new RolloutTarget("Host=unused"), parts.Store, catalog, metrics, new NoLoad(), parts.Time, NullLogger<GateRunner>.Instance);
        return new RampReconciler(parts.Store, parts.Transitions, metrics, gates,
            new AutomaticRollback(parts.Store, parts.Transitions, parts.Alerts, catalog, parts.Time),
            new SilencePause(parts.Transitions, parts.Alerts, catalog, parts.Time),
            new ReplyX.Rollout.Controller.Verdicts.CriteriaVerdicts(new ReplyX.Rollout.Controller.Verdicts.EvidenceCollector(parts.Store, metrics, parts.Time, parts.OptionsWrapper), parts.Alerts, parts.Store),
            new ReplyX.Rollout.Controller.Verdicts.RunLooks(parts.State, metrics, parts.Fence),
            parts.Time, parts.OptionsWrapper);
    }

    private static async Task PassAsync(EngineParts parts, RampReconciler ramp, FakeMetricsSource metrics, Guid id)
    {
        metrics.LastReceivedAt = parts.Time.GetUtcNow();
        var run = (await parts.Store.GetAsync(id, CancellationToken.None))!;
        await ramp.ReconcileAsync(run, new RunPhases().For(run).Phase!, CancellationToken.None);
    }

    private sealed class NoLoad : ICapacityLoad
    {
        public Task<CapacityReadings> RunAsync(CapacityRequest request, CancellationToken cancellationToken) => throw new InvalidOperationException("no capacity gate in this phase");
    }
}
