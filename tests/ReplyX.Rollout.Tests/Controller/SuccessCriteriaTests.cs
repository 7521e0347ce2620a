using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Controller;

/// <summary>Success criteria judged by the real controller on a real server: recorded at completion, and a required one NotMet rolls the phase back before contracting.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SuccessCriteriaTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task A_required_criterion_not_met_rolls_the_phase_back_before_contracting()
    {
        using var phases = new PhaseWorkspace();
        phases.Write("locking.yaml", LockingPhase.Yaml);
        var settings = await ControllerSettings.CreateAsync(postgres, "criteria_lock", phases.Folder);
        await using var host = new ControllerHost(settings);
        using var client = host.Client();
        var id = await RolloutApi.StartAsync(client, LockingPhase.Id, bake: null);
        await LockingPhase.BlockOneReaderAsync(settings.TargetDb);

        var run = await RolloutApi.WaitForStateAsync(client, id, "RolledBack");
        var criteria = run.GetProperty("successCriteria").EnumerateArray().ToDictionary(c => c.GetProperty("measure").GetString()!);
        var rollingBack = run.Events().Single(e => e.GetProperty("toState").GetString() == "RollingBack");

        Assert.StartsWith("required success criteria not met before contracting: 'No downtime' (lockWaits) measured", rollingBack.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("NotMet", criteria["lockWaits"].GetProperty("verdict").GetString());
        Assert.Contains("1 session(s) waited on the phase's locks", criteria["lockWaits"].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("Met", criteria["rowCounts"].GetProperty("verdict").GetString());
        Assert.DoesNotContain(run.Steps(), s => s.GetProperty("kind").GetString() == "contract");
        Assert.Contains(run.Events(), e => e.GetProperty("kind").GetString() == "alert");
    }

    [Fact]
    public async Task Foundation_records_its_criteria_at_completion_and_says_what_it_could_not_measure()
    {
        var settings = await ControllerSettings.CreateAsync(postgres, "criteria_foundation");
        await using var host = new ControllerHost(settings);
        using var client = host.Client();

        var run = await RolloutApi.WaitForStateAsync(client, await RolloutApi.StartAsync(client, "foundation"), "Completed");
        var criteria = run.GetProperty("successCriteria").EnumerateArray().ToDictionary(c => c.GetProperty("measure").GetString()!);

        Assert.Equal("Met", criteria["rowCounts"].GetProperty("verdict").GetString());
        Assert.StartsWith("3 table(s) kept every row", criteria["rowCounts"].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("backup verified", criteria["rowCounts"].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(("Met", "0.0 ms"), (criteria["lockWaits"].GetProperty("verdict").GetString(), criteria["lockWaits"].GetProperty("measured").GetString()));
        // This controller has no workload metrics (guardrails off): p95 is not measured, and says so.
        Assert.Equal(("NotMeasured", "no treatment request was measured at 100%"), (criteria["p95"].GetProperty("verdict").GetString(), criteria["p95"].GetProperty("reason").GetString()));
        Assert.Contains("phase completed; success criteria: Zero data loss (rowCounts): unchanged against unchanged: Met", run.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }
}
