using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Xunit.Abstractions;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Controller;

/// <summary>
/// Phase 02 through the real controller on the default seed size (2,500 embeddings): the recall gate measures the
/// IVF index the phase builds, with the probes the phase declares.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class VectorRecallGateTests(PostgresServerFixture postgres, ITestOutputHelper output)
{
    private const int Messages = 200_000;

    private static string Phase02(int probes) =>
        File.ReadAllText(Path.Combine(RepositoryPaths.Phases, "02-vector-optimization.yaml"))
            .Replace("dependsOn: [foundation]\n", "", StringComparison.Ordinal)
            .Replace("    probes: 12\n", $"    probes: {probes}\n", StringComparison.Ordinal);

    [Fact]
    public async Task Too_few_probes_is_stopped_by_the_gate_before_any_user_is_moved()
    {
        using var phases = new PhaseWorkspace();
        phases.Write("02-vector-optimization.yaml", Phase02(probes: 1));
        var settings = await ControllerSettings.CreateAsync(postgres, "recall_bad", phases.Folder, Messages);
        await using var host = new ControllerHost(settings);
        using var client = host.Client();

        var id = await RolloutApi.StartAsync(client, "vector-optimization");
        var run = await RolloutApi.WaitForStateAsync(client, id, "RolledBack", TimeSpan.FromMinutes(3));

        var gate = run.Events().Single(e => e.GetProperty("kind").GetString() == "gate-failed");
        var readings = JsonDocument.Parse(gate.GetProperty("readingsJson").GetString()!).RootElement;
        Assert.True(readings.GetProperty("recall").GetDouble() < 0.85, readings.ToString());
        Assert.Equal(1, readings.GetProperty("probes").GetInt32());
        Assert.Equal(2_500, readings.GetProperty("corpus").GetInt32());
        var rollingBack = run.Events().Single(e => e.GetProperty("toState").ValueKind == JsonValueKind.String && e.GetProperty("toState").GetString() == "RollingBack");
        Assert.StartsWith("gate vectorRecall failed before any user was moved: recall too low: recall@10", rollingBack.GetProperty("reason").GetString());
        // Requests already on the treatment path (here the gate's own queries) finish before the function is dropped.
        var firstUndo = run.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("kind").GetString() == "rollback").Min(s => s.GetProperty("startedAt").GetDateTimeOffset());
        Assert.True(firstUndo - rollingBack.GetProperty("at").GetDateTimeOffset() >= TimeSpan.FromSeconds(3), $"first undo at {firstUndo:O}, flag to 0% at {rollingBack.GetProperty("at")}");
        output.WriteLine(gate.GetProperty("reason").GetString());
        // The flag never left 0%: no transition ever entered Ramping.
        Assert.DoesNotContain(run.Events(), e => e.GetProperty("toState").ValueKind == JsonValueKind.String && e.GetProperty("toState").GetString() == "Ramping");
        Assert.Contains(run.Events(), e => e.GetProperty("kind").GetString() == "alert" && e.GetProperty("reason").GetString()!.Contains("R006", StringComparison.Ordinal));

        await using var target = NpgsqlDataSource.Create(settings.TargetDb);
        await using var leftovers = target.CreateCommand(
            "SELECT to_regproc('knowledge_ivf_search') IS NULL AND to_regclass('knowledge_ivf_centroids') IS NULL AND NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'knowledge_embeddings' AND column_name = 'ivf_list')");
        Assert.True((bool)(await leftovers.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task The_shipped_configuration_passes_before_traffic_and_at_every_stage_and_its_flag_carries_the_probes()
    {
        using var phases = new PhaseWorkspace();
        phases.Write("02-vector-optimization.yaml", File.ReadAllText(Path.Combine(RepositoryPaths.Phases, "02-vector-optimization.yaml")).Replace("dependsOn: [foundation]\n", "", StringComparison.Ordinal));
        var settings = await ControllerSettings.CreateAsync(postgres, "recall_good", phases.Folder, Messages);
        await using var host = new ControllerHost(settings);
        using var client = host.Client();

        var id = await RolloutApi.StartAsync(client, "vector-optimization");
        var run = await RolloutApi.WaitForStateAsync(client, id, "Completed", TimeSpan.FromMinutes(3));

        var gates = run.Events().Where(e => e.GetProperty("kind").GetString() == "gate-passed").ToList();
        Assert.Equal(4, gates.Count);
        gates.ForEach(g => output.WriteLine(g.GetProperty("reason").GetString()));
        Assert.All(gates, g =>
        {
            var readings = JsonDocument.Parse(g.GetProperty("readingsJson").GetString()!).RootElement;
            Assert.True(readings.GetProperty("recall").GetDouble() >= 0.85, readings.ToString());
            Assert.True(readings.GetProperty("p95Ms").GetDouble() <= 100, readings.ToString());
        });
        Assert.Equal(["before traffic", "end of 5%", "end of 25%", "end of 100%"],
            gates.Select(g => JsonDocument.Parse(g.GetProperty("readingsJson").GetString()!).RootElement.GetProperty("moment").GetString()));
        // The 100% stage is judged on traffic after the end-of-25% gate, not on the golden queries' own load.
        Assert.True(run.GetProperty("stageStartedAt").GetDateTimeOffset() >= gates[2].GetProperty("at").GetDateTimeOffset(),
            $"100% started {run.GetProperty("stageStartedAt")}, the end-of-25% gate passed {gates[2].GetProperty("at")}");

        // The flag carries the phase's parameters to the workload.
        var flags = await client.GetFromJsonAsync<JsonElement>("/api/flags");
        var flag = flags.EnumerateArray().Single(f => f.GetProperty("flag").GetString() == "replyx.knowledge.ivf-search");
        Assert.Equal("12", flag.GetProperty("parameters").GetProperty("ivf.probes").GetString());
        Assert.Empty(flag.GetProperty("cohorts").EnumerateArray());
    }
}
