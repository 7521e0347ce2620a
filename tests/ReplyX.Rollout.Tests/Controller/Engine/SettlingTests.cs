using System.Text.Json;
using ReplyX.Rollout.Controller.Configuration;
using ReplyX.Rollout.Controller.Engine;
using ReplyX.Rollout.Controller.Ramp;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Core.Rollouts;
using ReplyX.Rollout.Tests.Core.Analysis;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Controller.Engine;

/// <summary>The settle wait on a fake clock: where it starts is kept on the run, so another pass (or replica) sees it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SettlingTests(PostgresServerFixture postgres)
{
    private const string Phase =
        """
        id: settle
        title: Settle
        risks: [R002]
        flag: replyx.tests.settle
        steps:
          - name: index
            sql: CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_settle ON dialogs (user_id);
            rollback: DROP INDEX CONCURRENTLY IF EXISTS ix_settle;
        """;

    [Fact]
    public async Task A_disturbed_system_is_waited_for_up_to_the_settle_timeout_then_the_run_proceeds_and_says_so()
    {
        var metrics = new FakeMetricsSource();
        metrics.Fill(new Random(1), control: 0, treatment: 500, slowdown: 1.0);
        await using var parts = await EngineParts.CreateAsync(postgres, "settle_timeout", metrics, new ControllerOptions { SettleTimeout = TimeSpan.FromSeconds(30) });
        var settling = new Settling(parts.Store, metrics, parts.Time, parts.OptionsWrapper);
        var run = await parts.RunInAsync(Phase, RolloutState.Applying, r => r with { BaselineJson = Baseline() });
        var phase = new RunPhases().For(run).Phase!;

        var first = await settling.SettledAsync(run, phase, "before the first step", "applying anyway", CancellationToken.None);
        run = (await parts.Store.GetAsync(run.Id, CancellationToken.None))!;
        parts.Time.Advance(TimeSpan.FromSeconds(29));
        var within = await settling.SettledAsync(run, phase, "before the first step", "applying anyway", CancellationToken.None);
        parts.Time.Advance(TimeSpan.FromSeconds(2));
        var after = await settling.SettledAsync(run, phase, "before the first step", "applying anyway", CancellationToken.None);

        Assert.False(first);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero), run.Marks.SettlingSince);
        Assert.False(within);
        Assert.True(after);
        var events = await parts.EventsAsync(run.Id);
        Assert.Single(events, e => e.Kind == "settling");
        Assert.Single(events, e => e.Kind == "not-settled" && e.Reason.EndsWith("applying anyway, the baseline guardrail judges the stages", StringComparison.Ordinal));
        Assert.Null((await parts.Store.GetAsync(run.Id, CancellationToken.None))!.Marks.SettlingSince);
    }

    [Fact]
    public async Task Traffic_back_on_its_baseline_settles_at_once_and_says_so_only_after_a_wait()
    {
        var metrics = new FakeMetricsSource();
        metrics.Fill(new Random(2), control: 500, treatment: 0, slowdown: 0);
        await using var parts = await EngineParts.CreateAsync(postgres, "settle_calm", metrics);
        var settling = new Settling(parts.Store, metrics, parts.Time, parts.OptionsWrapper);
        var calm = await parts.RunInAsync(Phase, RolloutState.Applying, r => r with { BaselineJson = Baseline() });
        var waited = await parts.RunInAsync(Phase.Replace("replyx.tests.settle", "replyx.tests.settle-two", StringComparison.Ordinal), RolloutState.Applying,
            r => r with { BaselineJson = Baseline(), Marks = r.Marks with { SettlingSince = parts.Time.GetUtcNow() } });
        var phase = new RunPhases().For(calm).Phase!;

        Assert.True(await settling.SettledAsync(calm, phase, "before the first stage", "moving anyway", CancellationToken.None));
        Assert.True(await settling.SettledAsync(waited, phase, "before the first stage", "moving anyway", CancellationToken.None));

        Assert.DoesNotContain(await parts.EventsAsync(calm.Id), e => e.Kind == "settled");
        Assert.Single(await parts.EventsAsync(waited.Id), e => e.Kind == "settled");
    }

    private static string Baseline() => JsonSerializer.Serialize(FakeMetricsSource.Baseline(7).ToSnapshot(), RolloutStore.Json);
}
