using ReplyX.Rollout.Controller.Reports;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Controller.Verdicts;
using ReplyX.Rollout.Core.Criteria;
using ReplyX.Rollout.Core.Rollouts;

namespace ReplyX.Rollout.Tests.Controller.Reports;

/// <summary>A completed three-stage run with known times, looks and verdicts, to check what its report draws.</summary>
internal static class ReportSample
{
    public static readonly DateTimeOffset Created = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The stages began 60, 180 and 300 seconds after the run was created; the ramp (time 0) at 60.</summary>
    public static RunReport Completed()
    {
        var run = new RolloutRun
        {
            Id = Guid.Parse("01a23600-0000-7000-8000-000000000001"),
            PhaseId = "foundation",
            Flag = "replyx.messages.keyset-pages",
            State = RolloutState.Completed,
            PhaseYaml = File.ReadAllText(Path.Combine(Infrastructure.RepositoryPaths.Phases, "01-foundation.yaml")),
            CreatedAt = Created,
            FinishedAt = Created.AddSeconds(420),
            Percentage = 100,
            AnalysisJson = """[{"guardrail":"p95 vs control","outcome":"Passed","risk":"R003","reason":"p95 24.0 ms vs 380.0 ms","readings":{}}]""",
        };
        var events = new List<RunEvent>
        {
            new(1, Created, null, "Pending", "created", "rollout of phase 'foundation' requested", "{}"),
            new(2, Created.AddSeconds(1), "Pending", "Preflight", "transition", "starting preflight checks", "{}"),
            new(3, Created.AddSeconds(30), "Preflight", "Applying", "transition", "preflight passed", "{}"),
            new(4, Created.AddSeconds(60), "Applying", "Ramping", "transition", "steps applied and verified (row counts, foreign keys); ramping to 5%", "{}"),
            new(5, Created.AddSeconds(180), "Ramping", "Ramping", "transition", "5% baked for 2m with every guardrail passing; moving to 25%", "{}"),
            new(6, Created.AddSeconds(300), "Ramping", "Ramping", "transition", "25% baked for 2m with every guardrail passing; moving to 100%", "{}"),
            new(7, Created.AddSeconds(420), "Ramping", "Contracting", "transition", "100% baked for 2m with every guardrail passing; running 0 contract step(s)", "{}"),
            new(8, Created.AddSeconds(420), "Contracting", "Completed", "transition", "phase completed", "{}"),
        };
        var looks = new List<RunLook>();
        for (var second = 64; second < 420; second += 4)
        {
            var (stage, percentage) = second < 180 ? (0, 5) : second < 300 ? (1, 25) : (2, 100);
            looks.Add(new RunLook(Created.AddSeconds(second), stage, percentage, "treatment", 40, 24 + (second % 7), 0));
            looks.Add(new RunLook(Created.AddSeconds(second), stage, percentage, "control", 400, 380 + (second % 11), 0));
            looks.Add(new RunLook(Created.AddSeconds(second), stage, percentage, "all", 440, 300 - second / 3.0, 0));
        }

        CriterionResult[] criteria =
        [
            new("Zero data loss", "rowCounts", "unchanged", "unchanged", CriterionVerdict.Met, "3 table(s) kept every row; backup verified", true),
            new("<5 minutes total downtime", "lockWaits", "< 5m", "0.0 ms", CriterionVerdict.Met, "0 session(s) waited on the phase's locks", false),
            new("40%+ API performance improvement", "p95", "-40%", "-94%", CriterionVerdict.Met, "treatment p95 24.0 ms at 100% vs 390.0 ms before the phase", false),
        ];
        return new RunReport(run, new ReplyX.Rollout.Controller.Engine.RunPhases().For(run).Phase, [], events, looks, criteria, []);
    }
}
