using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace ReplyX.Rollout.EndToEnd.Tests;

/// <summary>
/// Phase 01 through the whole pipeline with the load generator running: the controller serves the flag, the
/// workload routes users by it and exports variant-tagged latencies, the guardrails decide.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class GuardedRolloutTests(AppHostFixture fixture)
{
    private const string Flag = "replyx.messages.keyset-pages";

    [Fact]
    public async Task Foundation_ramps_5_25_100_under_load_and_completes_with_every_guardrail_passing()
    {
        using var controller = new ControllerApiClient(fixture.App);

        // At demo speed: each stage passes once its samples are in without a failure (the default waits for the latency
        // tests to accept, which at this load takes minutes per stage; the bench measures that rule).
        var id = await controller.StartAsync(new { phase = "foundation", bake = "5s", advanceOn = "samples" });
        var run = await controller.WaitAsync(id, r => IsTerminal(r), TimeSpan.FromMinutes(4));

        Assert.True(run.GetProperty("state").GetString() == "Completed", string.Join("\n", Events(run).Select(e => e.GetProperty("reason").GetString())));
        var moves = Events(run).Where(e => e.GetProperty("kind").GetString() == "transition").Select(e => e.GetProperty("reason").GetString()!).ToList();
        Assert.Contains(moves, m => m.StartsWith("5% baked for 5s with every guardrail passing; moving to 25%", StringComparison.Ordinal));
        Assert.Contains(moves, m => m.StartsWith("25% baked for 5s with every guardrail passing; moving to 100%", StringComparison.Ordinal));
        Assert.Equal(100, await controller.FlagPercentageAsync(Flag));
        Assert.Contains("advance on samples", Events(run).First().GetProperty("reason").GetString());
        var verdicts = run.GetProperty("analysis").EnumerateArray().ToList();
        Assert.Contains(verdicts, v => v.GetProperty("guardrail").GetString() == "p95 vs baseline" && v.GetProperty("outcome").GetString() == "Passed");

        // The seed's Phase 1 criteria, each measured: no data lost, no session kept waiting, the page query faster.
        var criteria = run.GetProperty("successCriteria").EnumerateArray().ToDictionary(c => c.GetProperty("measure").GetString()!);
        Assert.Equal(["lockWaits", "p95", "rowCounts"], criteria.Keys.Order());
        Assert.Equal("Met", criteria["rowCounts"].GetProperty("verdict").GetString());
        Assert.Equal("Met", criteria["lockWaits"].GetProperty("verdict").GetString());
        Assert.Matches(@"^[+-]\d+%$", criteria["p95"].GetProperty("measured").GetString()!);
        Assert.NotEqual("NotMeasured", criteria["p95"].GetProperty("verdict").GetString());
        Assert.Contains(Events(run), e => e.GetProperty("kind").GetString() == "success-criteria" && e.GetProperty("reason").GetString()!.StartsWith("success criteria at completion:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_latency_drill_on_the_treatment_rolls_back_at_5_percent_with_the_flag_at_0_the_index_dropped_and_an_alert()
    {
        using var controller = new ControllerApiClient(fixture.App);
        using var loadgen = fixture.App.CreateHttpClient("loadgen");

        // The subject is a rollback undoing what the phase built: a run of phase 01 that completed earlier in this
        // collection left its indexes, which this run would adopt (and rightly leave on the way back).
        await fixture.ExecuteOnWorkloadAsync(
            "DROP INDEX CONCURRENTLY IF EXISTS ix_dialog_messages_dialog_created",
            "DROP INDEX CONCURRENTLY IF EXISTS ix_dialogs_user_updated",
            "DROP INDEX CONCURRENTLY IF EXISTS ix_knowledge_embeddings_fts");
        // The run's pre-phase baseline is the last minute of all traffic: let it see only the index-less state, as a
        // real first run would. On a slow host that state is above the risk monitor's 500 ms R003 line; the monitor
        // then alerts but withholds its rollback from a run whose own baseline was already past it.
        await Task.Delay(TimeSpan.FromSeconds(65));
        // A fixed slowdown: +50% of the treatment's own time stays under the control's p95 on a host where the keyset
        // page is several times faster than the legacy one (seen in CI: the 5% stage baked clean for 5 minutes).
        await loadgen.PutAsJsonAsync("/drill", new { drill = "latency=300ms" });
        var id = Guid.Empty;
        try
        {
            // A long first stage: at 5% of this load only a handful of users is on the treatment.
            id = await controller.StartAsync(new { phase = "foundation", bake = "5m" });
            var run = await controller.WaitAsync(id, r => IsTerminal(r), TimeSpan.FromMinutes(6));

            Assert.Equal("RolledBack", run.GetProperty("state").GetString());
            var rollback = Events(run).First(e => e.GetProperty("toState").GetString() == "RollingBack");
            Assert.True(rollback.GetProperty("reason").GetString()!.Contains("failed at 5%", StringComparison.Ordinal), rollback.GetProperty("reason").GetString());
            Assert.Contains("p95", rollback.GetProperty("reason").GetString());
            Assert.Equal(0, await controller.FlagPercentageAsync(Flag));
            var undone = run.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("kind").GetString() == "rollback").ToList();
            Assert.Equal(3, undone.Count(s => s.GetProperty("status").GetString() == "succeeded"));
            var alert = Events(run).Single(e => e.GetProperty("kind").GetString() == "alert").GetProperty("reason").GetString()!;
            Assert.StartsWith("🚨 RISK ALERT: R003 - Performance Regression", alert);
            Assert.Contains("Severity: HIGH", alert);
            Assert.Contains("ETA to resolution: 0-15 minutes", alert);
        }
        finally
        {
            await loadgen.PutAsJsonAsync("/drill", new { drill = "" });
            if (id != Guid.Empty && !IsTerminal(await controller.GetAsync(id)))
            {
                await controller.AbortAsync(id);
                await controller.WaitAsync(id, IsTerminal, TimeSpan.FromMinutes(2));
            }
        }
    }

    [Fact]
    public async Task Stopping_the_metrics_export_pauses_the_rollout_instead_of_advancing_it()
    {
        using var controller = new ControllerApiClient(fixture.App);
        var id = await controller.StartAsync(new { phase = "foundation", bake = "2m", metricsSilence = "5s" });
        try
        {
            await controller.WaitAsync(id, r => r.GetProperty("state").GetString() == "Ramping" || IsTerminal(r), TimeSpan.FromMinutes(3));
            await fixture.App.ResourceCommands.ExecuteCommandAsync("workload", KnownResourceCommands.StopCommand);

            var run = await controller.WaitAsync(id, r => r.GetProperty("state").GetString() != "Ramping", TimeSpan.FromMinutes(1));

            Assert.Equal(("Paused", "Ramping"), (run.GetProperty("state").GetString(), run.GetProperty("pausedFrom").GetString()));
            Assert.Contains("no metrics for", run.GetProperty("reason").GetString());
            Assert.Equal(5, run.GetProperty("percentage").GetInt32());
            Assert.Contains(Events(run), e => e.GetProperty("kind").GetString() == "alert" && e.GetProperty("reason").GetString()!.StartsWith("🚨 RISK ALERT: R008", StringComparison.Ordinal));
        }
        finally
        {
            await controller.AbortAsync(id);
            await fixture.App.ResourceCommands.ExecuteCommandAsync("workload", KnownResourceCommands.StartCommand);
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync("workload", timeout.Token);
            await controller.WaitAsync(id, IsTerminal, TimeSpan.FromMinutes(2));
        }
    }

    private static bool IsTerminal(JsonElement run) => run.GetProperty("state").GetString() is "Completed" or "RolledBack" or "Failed";

    private static IEnumerable<JsonElement> Events(JsonElement run) => run.GetProperty("events").EnumerateArray();
}
