using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using ReplyX.Rollout.Controller.Gates;
using ReplyX.Rollout.Controller.Phases;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Controller.Target;
using ReplyX.Rollout.Core.Gates;
using ReplyX.Rollout.Tests.Core.Analysis;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Controller;

/// <summary>The gate registry is one table; everything that names gate types must cover exactly it.</summary>
public sealed class GateCatalogTests
{
    [Fact]
    public void The_controller_runs_every_gate_type_of_the_catalog_and_no_other()
    {
        var runner = new GateRunner(new RolloutTarget("Host=unused"), null!, null!, new FakeMetricsSource(), null!, TimeProvider.System, NullLogger<GateRunner>.Instance);

        Assert.Equal(GateCatalog.Kinds.Select(k => k.Type).Order(), runner.Types.Order());
    }

    [Fact]
    public void The_phase_schema_names_the_catalogs_types_and_every_setting()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Phases, "phase.schema.json")));
        var gate = schema.RootElement.GetProperty("properties").GetProperty("gates").GetProperty("items").GetProperty("properties");

        Assert.Equal(GateCatalog.Kinds.Select(k => k.Type).Order(), gate.GetProperty("type").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).Order());
        Assert.Equal(GateCatalog.Kinds.SelectMany(k => k.Keys).Append("type").Append("risk").Distinct().Order(), gate.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public void The_phase_schema_names_every_success_criterion_measure()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Phases, "phase.schema.json")));
        var measure = schema.RootElement.GetProperty("properties").GetProperty("successCriteria").GetProperty("items").GetProperty("properties").GetProperty("measure");

        Assert.Equal(ReplyX.Rollout.Core.Criteria.CriterionMeasures.All.Select(m => m.Name).Order(), measure.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).Order());
    }
}
