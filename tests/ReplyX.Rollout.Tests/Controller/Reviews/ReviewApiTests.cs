using System.Net;
using System.Text.Json;
using ReplyX.Rollout.Cli.Commands;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Controller.Reviews;

/// <summary>The post-phase review over real runs: one rolled back on its lock-wait budget, one completed.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ReviewApiTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task A_period_with_a_rolled_back_and_a_completed_run_reads_as_the_registers_indicators()
    {
        using var phases = new PhaseWorkspace();
        phases.Write("locking.yaml", LockingPhase.Yaml);
        phases.Write("01-foundation.yaml", File.ReadAllText(Path.Combine(RepositoryPaths.Phases, "01-foundation.yaml")));
        var settings = await ControllerSettings.CreateAsync(postgres, "review", phases.Folder);
        await using var host = new ControllerHost(settings);
        using var client = host.Client();
        var locking = await RolloutApi.StartAsync(client, LockingPhase.Id, bake: null);
        await LockingPhase.BlockOneReaderAsync(settings.TargetDb);
        await RolloutApi.WaitForStateAsync(client, locking, "RolledBack");
        var foundation = await RolloutApi.StartAsync(client, "foundation");
        await RolloutApi.WaitForStateAsync(client, foundation, "Completed");

        var document = JsonDocument.Parse(await client.GetStringAsync("/api/review?since=1h")).RootElement;
        var review = document.GetProperty("review");

        Assert.Equal(2, review.GetProperty("runs").GetInt32());
        Assert.Equal("""{"Completed":1,"RolledBack":1}""", review.GetProperty("outcomes").GetRawText());
        Assert.Empty(review.GetProperty("dataSafety").EnumerateArray());
        var waits = review.GetProperty("availability").EnumerateArray().ToList();
        Assert.Equal(locking.ToString(), waits[0].GetProperty("run").GetString());
        Assert.Equal(1.0, waits[0].GetProperty("budgetSeconds").GetDouble());
        Assert.True(waits[0].GetProperty("budgetUsed").GetDouble() > 1, waits[0].GetRawText());
        Assert.Equal(1, waits[0].GetProperty("sessionsBlocked").GetInt32());
        // Guardrails are off in this host: no look to compare, and the review says so rather than inventing one.
        Assert.Equal(JsonValueKind.Null, review.GetProperty("performance").ValueKind);
        var process = review.GetProperty("process").EnumerateArray().ToDictionary(r => r.GetProperty("phase").GetString()!);
        Assert.Equal(0.5, process[LockingPhase.Id].GetProperty("plannedRampSeconds").GetDouble());
        Assert.Equal(0.9, process["foundation"].GetProperty("plannedRampSeconds").GetDouble(), 3);
        Assert.True(process["foundation"].GetProperty("actualRampSeconds").GetDouble() >= 0.9, process["foundation"].GetRawText());
        Assert.Contains(review.GetProperty("risks").EnumerateArray(), r => r.GetProperty("risk").GetString() == "R002" && r.GetProperty("duringRuns").GetInt32() >= 1);

        var text = ReviewCommand.Render(document);
        Assert.Contains("2 run(s) (1 Completed, 1 RolledBack)", text, StringComparison.Ordinal);
        Assert.Contains("Data safety: no incident", text, StringComparison.Ordinal);
        Assert.Contains($"{locking.ToString()[..8]} locking", text, StringComparison.Ordinal);
        Assert.Contains("Performance: no look had both variants", text, StringComparison.Ordinal);

        var empty = JsonDocument.Parse(await client.GetStringAsync($"/api/review?since=2000-01-01&until=2000-01-02")).RootElement.GetProperty("review");
        Assert.Equal(0, empty.GetProperty("runs").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/review?since=yesterday")).StatusCode);
    }
}
