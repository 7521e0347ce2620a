using ReplyX.Rollout.Controller.Reports;
using ReplyX.Rollout.Controller.Reviews;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Controller.Verdicts;
using ReplyX.Rollout.Core.Rollouts;

namespace ReplyX.Rollout.Tests.Controller.Reviews;

/// <summary>The review's rules on hand-made run reports: which look is the worst regression, what caught it, what counts as a data-safety incident.</summary>
public sealed class ReviewBuilderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_worst_regression_is_the_largest_treatment_over_control_look_with_enough_requests_and_names_what_stopped_the_ramp()
    {
        var caught = Report(RolloutState.RolledBack, looks:
        [
            .. Pair(T0.AddSeconds(10), 5, treatment: 12, control: 10, samples: 50),
            // Larger, but on 10 requests a side: not comparable.
            .. Pair(T0.AddSeconds(20), 5, treatment: 30, control: 10, samples: 10),
            .. Pair(T0.AddSeconds(30), 5, treatment: 15, control: 10, samples: 40),
        ], events: [Transition(T0.AddSeconds(31), "Ramping", "RollingBack", "stage 1 (5%) failed at 5%: treatment p95 +50% over control")]);
        var quiet = Report(RolloutState.Completed, looks: [.. Pair(T0.AddSeconds(10), 100, treatment: 11, control: 10, samples: 500)]);

        var review = ReviewBuilder.Build(T0, T0.AddHours(1), [quiet, caught], []);

        Assert.Equal(caught.Run.Id, review.Performance!.Run);
        Assert.Equal(0.5, review.Performance.Change, 6);
        Assert.Equal(T0.AddSeconds(30), review.Performance.At);
        Assert.Equal("rolled back: stage 1 (5%) failed at 5%: treatment p95 +50% over control", review.Performance.CaughtBy);
        Assert.Equal("nothing: the run completed", ReviewBuilder.Build(T0, T0.AddHours(1), [quiet], []).Performance!.CaughtBy);
    }

    [Fact]
    public void A_failed_undo_a_failed_run_and_a_restore_are_data_safety_incidents_and_a_clean_rollback_is_not()
    {
        var failed = Report(RolloutState.Failed, reason: "rollback step 'drop index' failed",
            steps: [new RunStep("rollback", 0, "rollback: drop index", RunStep.Failed, 3, T0, T0, """{"error":"lock timeout"}""")],
            events: [new RunEvent(9, T0.AddMinutes(5), null, null, "restored", "target database restored from /b/x.dump (single transaction)", "{}")]);
        var clean = Report(RolloutState.RolledBack, steps: [new RunStep("rollback", 0, "rollback: drop index", RunStep.Succeeded, 1, T0, T0, "{}")]);

        var review = ReviewBuilder.Build(T0, T0.AddHours(1), [failed, clean], []);

        Assert.Equal(
            ["rollback: drop index failed: lock timeout", "the run failed: rollback step 'drop index' failed", "target database restored from /b/x.dump (single transaction)"],
            review.DataSafety.Select(f => f.What));
        Assert.All(review.DataSafety, f => Assert.Equal(failed.Run.Id, f.Run));
    }

    [Fact]
    public void Risks_fired_count_run_alerts_and_monitor_alerts_apart_and_ignore_resolutions()
    {
        var run = Report(RolloutState.RolledBack, events:
        [
            new RunEvent(1, T0, null, null, "alert", "🚨 RISK ALERT: R003 - Performance Regression\nSeverity: HIGH", "{}"),
            new RunEvent(2, T0, null, null, "alert", "🚨 RISK ALERT: R003 - Performance Regression\nSeverity: HIGH", "{}"),
        ]);

        var review = ReviewBuilder.Build(T0, T0.AddHours(1), [run], [("R003", "alert", T0), ("R003", "resolved", T0), ("R007", "alert", T0)]);

        Assert.Equal([new RiskCount("R003", 2, 1), new RiskCount("R007", 0, 1)], review.Risks);
    }

    private static IEnumerable<RunLook> Pair(DateTimeOffset at, int percentage, double treatment, double control, int samples) =>
    [
        new RunLook(at, 0, percentage, "treatment", samples, treatment, 0),
        new RunLook(at, 0, percentage, "control", samples, control, 0),
    ];

    private static RunEvent Transition(DateTimeOffset at, string from, string to, string reason) => new(1, at, from, to, "transition", reason, "{}");

    private static RunReport Report(RolloutState state, IReadOnlyList<RunLook>? looks = null, IReadOnlyList<RunEvent>? events = null, IReadOnlyList<RunStep>? steps = null, string? reason = null) => new(
        new RolloutRun { Id = Guid.NewGuid(), PhaseId = "sample", Flag = "replyx.sample", State = state, PhaseYaml = "", CreatedAt = T0, Reason = reason },
        null, steps ?? [], events ?? [], looks ?? [], [], []);
}
