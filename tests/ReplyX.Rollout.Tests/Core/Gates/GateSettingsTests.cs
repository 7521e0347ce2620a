using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Core.Gates;

public sealed class GateSettingsTests
{
    private const string Phase =
        """
        id: gated
        title: Gated
        risks: [R006]
        flag: replyx.gated
        parameters:
          ivf: { probes: 4 }
        steps:
          - name: nothing
            sql: SELECT ${ivf.probes};
            rollback: SELECT 1;
        ramp: { stages: [100], bake: 1s }
        gates:
        """;

    [Fact]
    public void Parameters_are_substituted_into_steps_and_gate_settings()
    {
        using var workspace = new PhaseWorkspace();
        workspace.Write("gated.yaml", Phase + "\n  - { type: vectorRecall, search: knowledge_ivf_search, probes: \"${ivf.probes}\" }\n");
        var phase = workspace.Load().Phases.Single();

        Assert.Equal("SELECT 4;", phase.Steps[0].Sql.Trim());
        Assert.Equal("4", phase.Gates[0].Settings["probes"]);
    }

    [Theory]
    [InlineData("{ type: vectorRecall, search: knowledge_ivf_search, minRecall: high }", "vectorRecall.minRecall must be a percentage like 85%; got 'high'.")]
    [InlineData("{ type: vectorRecall, k: \"10\" }", "vectorRecall needs 'search'.")]
    [InlineData("{ type: vectorRecall, search: \"f(); DROP TABLE users\" }", "vectorRecall.search must be a SQL name")]
    [InlineData("{ type: capacity, duration: soon }", "capacity.duration must be a positive duration like 100ms, 30s or 2m; got 'soon'.")]
    [InlineData("{ type: capacity, warmup: \"-5s\" }", "capacity.warmup must be a duration like 0s, 15s or 1m; got '-5s'.")]
    [InlineData("{ type: capacity, users: \"-5\" }", "capacity.users must be a whole number from 1 to 10000000; got '-5'.")]
    [InlineData("{ type: migrationsVerify, chain: nowhere, consolidated: nowhere-either }", "migrationsVerify.chain: no directory 'nowhere'")]
    [InlineData("{ type: vectorRecall, search: s, probes: \"${ivf.probs}\" }", "gate 'vectorRecall' uses ${ivf.probs} but the phase has no such parameter; did you mean 'ivf.probes'?")]
    public void Bad_gate_settings_are_reported_at_the_gate(string gate, string message)
    {
        using var workspace = new PhaseWorkspace();
        workspace.Write("gated.yaml", Phase + "\n  - " + gate + "\n");
        var errors = workspace.Load().Diagnostics.Where(d => d.IsError).ToList();

        var error = Assert.Single(errors, e => e.Message.Contains(message, StringComparison.Ordinal));
        Assert.Equal(13, error.Position.Line);
    }

    [Theory]
    [InlineData("", 15)]
    [InlineData(", warmup: 0s", 0)]
    [InlineData(", warmup: 40s", 40)]
    public void The_capacity_warm_up_defaults_to_fifteen_seconds_and_zero_turns_it_off(string setting, int seconds)
    {
        using var workspace = new PhaseWorkspace();
        workspace.Write("gated.yaml", Phase + "\n  - { type: capacity" + setting + " }\n");
        var phase = workspace.Load().Phases.Single();

        var options = ReplyX.Rollout.Core.Gates.CapacityOptions.Read(new ReplyX.Rollout.Core.Gates.GateSettings(phase.Gates[0]));
        Assert.Equal(TimeSpan.FromSeconds(seconds), options.Warmup);
    }
}
