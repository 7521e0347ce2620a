using ReplyX.Rollout.Core.Phases;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Core.Phases;

public sealed class ShippedPhasesTests
{
    [Fact]
    public void Every_shipped_phase_parses_and_validates_clean()
    {
        var set = PhaseLoader.Load([RepositoryPaths.Phases]);

        Assert.Empty(set.Diagnostics);
        Assert.Equal(["foundation", "vector-optimization", "migration-consolidation", "monitoring-scaling"], set.Phases.Select(p => p.Id));
    }

    [Fact]
    public void Phases_name_the_seeds_primary_risks_and_carry_its_success_criteria()
    {
        var set = PhaseLoader.Load([RepositoryPaths.Phases]);

        Assert.Equal(["R001", "R002", "R005"], set.Find("foundation")!.Risks);
        Assert.Equal(["R003", "R006"], set.Find("vector-optimization")!.Risks);
        Assert.Equal(["R004", "R001"], set.Find("migration-consolidation")!.Risks);
        Assert.Equal(["R008", "R007"], set.Find("monitoring-scaling")!.Risks);
        Assert.All(set.Phases, p => Assert.Equal(3, p.SuccessCriteria.Count));
        Assert.Equal(TimeSpan.FromMilliseconds(500), set.Find("monitoring-scaling")!.Guardrails.MaxP95);
        Assert.Equal(0.01, set.Find("monitoring-scaling")!.Guardrails.ErrorRate.Max, 6);
    }

    [Fact]
    public void Foundation_reads_into_the_typed_records()
    {
        var foundation = PhaseLoader.Load([RepositoryPaths.Phases]).Find("foundation")!;

        Assert.Equal("replyx.messages.keyset-pages", foundation.Flag);
        Assert.Equal([5, 25, 100], foundation.Ramp.Stages);
        Assert.Equal(TimeSpan.FromMinutes(2), foundation.Ramp.Bake);
        Assert.Equal(0.20, foundation.Guardrails.LatencyP95.MaxRegression, 6);
        Assert.Equal(200, foundation.Guardrails.LatencyP95.MinSamples);
        Assert.Equal(BackupPolicy.Required, foundation.Preflight.Backup);
        Assert.Equal(TimeSpan.FromMinutes(5), foundation.Preflight.MaxTransactionAge);
        Assert.Equal(3, foundation.Steps.Count);
        Assert.All(foundation.Steps, s => Assert.StartsWith("DROP INDEX CONCURRENTLY", s.Rollback));
    }

    [Fact]
    public void The_risk_register_holds_the_seeds_fifteen_risks_and_escalation_matrix()
    {
        var risks = PhaseLoader.Load([RepositoryPaths.Phases]).Risks!;

        Assert.Equal(15, risks.Risks.Count);
        Assert.Equal(6, risks.Risks.Count(r => r.Level == ReplyX.Rollout.Core.Risks.RiskLevel.High));
        Assert.Equal(5, risks.Risks.Count(r => r.Level == ReplyX.Rollout.Core.Risks.RiskLevel.Medium));
        Assert.Equal(4, risks.Risks.Count(r => r.Level == ReplyX.Rollout.Core.Risks.RiskLevel.Low));
        Assert.Equal(TimeSpan.FromMinutes(15), risks.EscalationFor(ReplyX.Rollout.Core.Risks.RiskLevel.High)!.ResponseTime);
        Assert.Equal("Connection Pool Exhaustion", risks.Find("R007")!.Name);
    }

    [Fact]
    public void The_register_carries_the_seeds_risk_monitor_with_its_thresholds()
    {
        var rules = PhaseLoader.Load([RepositoryPaths.Phases]).Risks!.Monitor.Rules.ToDictionary(r => r.Reading);

        Assert.Equal((0.5, "R003", ReplyX.Rollout.Core.Risks.RiskAction.Rollback), (rules[ReplyX.Rollout.Core.Risks.MonitorReading.P95].Above, rules[ReplyX.Rollout.Core.Risks.MonitorReading.P95].Risk, rules[ReplyX.Rollout.Core.Risks.MonitorReading.P95].Action));
        Assert.Equal((0.8, "R007"), (rules[ReplyX.Rollout.Core.Risks.MonitorReading.DbCpu].Above, rules[ReplyX.Rollout.Core.Risks.MonitorReading.DbCpu].Risk));
        Assert.Equal(0.01, rules[ReplyX.Rollout.Core.Risks.MonitorReading.ErrorRate].Above);
        Assert.Equal(0.85, rules[ReplyX.Rollout.Core.Risks.MonitorReading.Recall].Below);
        Assert.Equal((5.0, 1.5), (rules[ReplyX.Rollout.Core.Risks.MonitorReading.SlowQueries].Above!.Value, rules[ReplyX.Rollout.Core.Risks.MonitorReading.SlowQueries].Factor));
    }

    [Fact]
    public void A_monitor_rule_with_an_unknown_reading_or_two_thresholds_is_reported_at_its_line()
    {
        var register = File.ReadAllText(RepositoryPaths.RiskRegister);
        var text = register[..register.IndexOf("\nmonitor:", StringComparison.Ordinal)] + """

            monitor:
              rules:
                - { id: a, reading: latency, above: 1s, risk: R003 }
                - { id: b, reading: p95, above: 1s, below: 10ms, risk: R003 }
                - { id: c, reading: errorRate, above: 1%, risk: R099, action: panic }
            """;
        var diagnostics = new ReplyX.Rollout.Core.Diagnostics.DiagnosticBag();

        ReplyX.Rollout.Core.Risks.RiskRegisterParser.Parse("risks.yaml", text, diagnostics);
        var messages = diagnostics.Items.Select(d => d.ToString()).ToList();

        Assert.Contains(messages, m => m.Contains("unknown reading 'latency'; expected one of p95, errorRate, dbCpu, slowQueries, connections, recall.", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("monitor rule 'b' needs exactly one threshold", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("names unknown risk 'R099'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("action must be alert, pause or rollback, got 'panic'", StringComparison.Ordinal));
    }

    [Fact]
    public void The_json_schema_knows_every_top_level_key_the_parser_accepts()
    {
        using var schema = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Phases, "phase.schema.json")));
        var properties = schema.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order();

        Assert.Equal(PhaseParser.TopLevelKeys.Order(), properties);
    }
}
