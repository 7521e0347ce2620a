using ReplyX.Rollout.Core.Phases;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Core.Phases;

/// <summary>Every validation code, each with a case that trips it and the valid phase that does not.</summary>
public sealed class PhaseValidationTests : IDisposable
{
    private readonly PhaseWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void A_valid_phase_has_no_diagnostics() => Assert.Empty(_workspace.Codes(PhaseWorkspace.ValidPhase));

    [Fact]
    public void Malformed_yaml_reports_the_parsers_position() =>
        Assert.Equal(["3:1 RX001"], _workspace.Codes("id: x\ntitle: [unclosed\n"));

    [Fact]
    public void Unknown_key_suggests_the_closest_one()
    {
        _workspace.Write("phase.yaml", PhaseWorkspace.ValidPhase + "\ngardrails: {}\n");
        var diagnostic = Assert.Single(_workspace.Load().Diagnostics);

        Assert.Equal("RX002", diagnostic.Code);
        Assert.Contains("did you mean 'guardrails'?", diagnostic.Message);
    }

    [Fact]
    public void Wrong_type_is_reported() =>
        Assert.Contains("RX003", string.Join(" ", _workspace.Codes(PhaseWorkspace.ValidPhase.Replace("risks: [R002]", "risks: R002"))));

    [Fact]
    public void Missing_required_key_is_reported()
    {
        _workspace.Write("phase.yaml", PhaseWorkspace.ValidPhase.Replace("flag: replyx.sample\n", ""));
        var diagnostic = Assert.Single(_workspace.Load().Diagnostics);

        Assert.Equal(("RX004", "the phase is missing required key 'flag'."), (diagnostic.Code, diagnostic.Message));
    }

    [Theory]
    [InlineData("bake: 2m", "bake: 2 minutes", "RX005")]
    [InlineData("bake: 2m", "bake: -3s", "RX005")]
    [InlineData("risks: [R002]", "risks: [R002]\nguardrails: { errorRate: { max: lots } }", "RX006")]
    [InlineData("stages: [5, 25, 100]", "stages: [5, 5, 100]", "RX007")]
    [InlineData("stages: [5, 25, 100]", "stages: [5, 25, 90]", "RX008")]
    [InlineData("risks: [R002]", "risks: [R002, R016]", "RX009")]
    [InlineData("risks: [R002]", "risks: [R002]\ndependsOn: [nowhere]", "RX010")]
    [InlineData("risks: [R002]", "risks: [R002]\ndependsOn: [sample]", "RX011")]
    [InlineData("    rollback: DROP INDEX CONCURRENTLY IF EXISTS ix_sample;\n", "", "RX014")]
    [InlineData("risks: [R002]", "risks: [R002]\nguardrails: { latencyP95: { minSamples: 5 } }", "RX015")]
    [InlineData("risks: [R002]", "risks: [R002]\nguardrails: { errorRate: { max: 75% } }", "RX015")]
    [InlineData("risks: [R002]", "risks: [R002]\nguardrails: { latencyP95: { minDelta: 20s } }", "RX015")]
    [InlineData("risks: [R002]", "risks: [R002]\nguardrails: { latencyP95: { minDelta: a little } }", "RX005")]
    [InlineData("stages: [5, 25, 100]", "stages: [0, 25, 100]", "RX015")]
    [InlineData("bake: 2m", "bake: 2m, maxHold: 1m", "RX015")]
    [InlineData("bake: 2m", "bake: 2m, maxHold: 30s", "RX015")]
    [InlineData("bake: 2m", "bake: 2m, maxHold: forever", "RX005")]
    [InlineData("sql: CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_sample ON dialogs (user_id);", "sql: \"/* nothing */\"", "RX016")]
    [InlineData("id: sample", "id: Sample_Phase", "RX017")]
    [InlineData("flag: replyx.sample", "flag: Replyx Sample", "RX017")]
    [InlineData("risks: [R002]", "risks: [R002]\npreflight: { backup: skip }", "RX018")]
    [InlineData("    rollback: DROP INDEX CONCURRENTLY IF EXISTS ix_sample;\n", "    irreversible: \"\"\n", "RX018")]
    [InlineData("    rollback: DROP INDEX CONCURRENTLY IF EXISTS ix_sample;\n", "    rollback: DROP INDEX CONCURRENTLY IF EXISTS ix_sample;\n    suppress: [{ rule: RXL001 }]\n", "RX018")]
    [InlineData("    rollback: DROP INDEX CONCURRENTLY IF EXISTS ix_sample;\n", "    rollback: DROP INDEX CONCURRENTLY IF EXISTS ix_sample;\n    suppress: [{ rule: RXL999, reason: because }]\n", "RX019")]
    [InlineData("risks: [R002]", "risks: [R002]\npreflight: { backup: maybe }", "RX020")]
    [InlineData("risks: [R002]", "risks: [R002]\ngates: [{ type: vectorRecal }]", "RX020")]
    public void Each_mistake_is_reported_with_its_code(string replace, string with, string code)
    {
        Assert.Contains(replace, PhaseWorkspace.ValidPhase);

        var codes = _workspace.Codes(PhaseWorkspace.ValidPhase.Replace(replace, with));

        Assert.Contains(code, codes.Select(c => c.Split(' ')[1]));
    }

    [Theory]
    [InlineData("bake: 2m", "30m")]
    [InlineData("bake: 2m, maxHold: 45m", "45m")]
    [InlineData("bake: 20m", "40m")]
    public void Max_hold_is_30_minutes_twice_a_longer_bake_or_what_the_phase_says(string ramp, string maxHold)
    {
        var phase = ReplyX.Rollout.Core.Phases.PhaseParser.Parse("sample.yaml", PhaseWorkspace.ValidPhase.Replace("bake: 2m", ramp), new ReplyX.Rollout.Core.Diagnostics.DiagnosticBag());

        Assert.Equal(ReplyX.Rollout.Core.Phases.Durations.Format(phase!.Ramp.MaxHold), maxHold);
    }

    [Fact]
    public void Irreversible_with_a_reason_stands_in_for_rollback() =>
        Assert.Empty(_workspace.Codes(PhaseWorkspace.ValidPhase.Replace(
            "    rollback: DROP INDEX CONCURRENTLY IF EXISTS ix_sample;\n", "    irreversible: the index is harmless to keep\n")));

    [Fact]
    public void Backup_skip_with_a_reason_is_accepted() =>
        Assert.Empty(_workspace.Codes(PhaseWorkspace.ValidPhase + "\npreflight: { backup: skip, skipReason: settings only }\n"));

    [Fact]
    public void Duplicate_step_names_are_reported_at_the_second()
    {
        var yaml = PhaseWorkspace.ValidPhase.Replace("ramp:", "  - name: INDEX\n    sql: SELECT 1;\n    rollback: SELECT 1;\nramp:");
        Assert.Equal(["9:5 RX013"], _workspace.Codes(yaml));
    }

    [Fact]
    public void Duplicate_phase_ids_across_files_are_reported()
    {
        _workspace.Write("a.yaml", PhaseWorkspace.ValidPhase);
        _workspace.Write("b.yaml", PhaseWorkspace.ValidPhase);

        var diagnostic = Assert.Single(_workspace.Load().Diagnostics);
        Assert.Equal("RX012", diagnostic.Code);
        Assert.EndsWith("b.yaml", diagnostic.File);
    }

    [Fact]
    public void A_cycle_across_files_is_reported_once()
    {
        _workspace.Write("a.yaml", PhaseWorkspace.ValidPhase.Replace("id: sample", "id: alpha").Replace("risks: [R002]", "risks: [R002]\ndependsOn: [beta]"));
        _workspace.Write("b.yaml", PhaseWorkspace.ValidPhase.Replace("id: sample", "id: beta").Replace("risks: [R002]", "risks: [R002]\ndependsOn: [alpha]"));

        var diagnostic = Assert.Single(_workspace.Load().Diagnostics);
        Assert.Equal(("RX011", "dependsOn forms a cycle: alpha -> beta -> alpha."), (diagnostic.Code, diagnostic.Message));
    }

    [Fact]
    public void Every_problem_of_a_file_is_reported_at_once()
    {
        var yaml = PhaseWorkspace.ValidPhase.Replace("risks: [R002]", "risks: [R999]").Replace("bake: 2m", "bake: soon").Replace("stages: [5, 25, 100]", "stages: [5, 25]");
        Assert.Equal(["3:9 RX009", "9:21 RX008", "9:32 RX005"], _workspace.Codes(yaml));
    }

    [Fact]
    public void A_risk_register_without_an_escalation_row_is_reported()
    {
        var register = File.ReadAllText(Path.Combine(_workspace.Folder, "risks.yaml"));
        var cut = register.IndexOf("  - level: LOW", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_workspace.Folder, "risks.yaml"), register[..cut]);
        _workspace.Write("phase.yaml", PhaseWorkspace.ValidPhase);

        var diagnostic = Assert.Single(_workspace.Load().Diagnostics);
        Assert.Equal(("RX021", "the escalation matrix has no row for level LOW."), (diagnostic.Code, diagnostic.Message));
    }

    [Fact]
    public void A_criterion_names_a_known_measure_and_a_target_it_can_judge_at_their_lines()
    {
        var yaml = PhaseWorkspace.ValidPhase + """

            successCriteria:
              - { criterion: Fast, measure: p59, target: "-40%" }
              - { criterion: Quick, measure: p95, target: "faster" }
              - { criterion: Whole, measure: rowCounts, target: unchanged, required: true }
            """;
        _workspace.Write("phase.yaml", yaml);
        var diagnostics = _workspace.Load().Diagnostics.Select(d => d.ToString()).ToList();

        Assert.Equal(["11:33 RX023", "12:47 RX023"], _workspace.Codes(yaml));
        Assert.Contains(diagnostics, d => d.EndsWith("error RX023: unknown measure 'p59'; did you mean 'p95'?", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.EndsWith("error RX023: target 'faster' is not one p95 can judge; write e.g. -40% (at least 40% faster than the baseline) or <= 100ms.", StringComparison.Ordinal));
        Assert.True(_workspace.Load().Phases.Single().SuccessCriteria[2].Required);
    }
}
