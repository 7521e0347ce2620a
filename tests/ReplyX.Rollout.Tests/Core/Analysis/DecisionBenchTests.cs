using ReplyX.Rollout.Bench.Decisions;
using ReplyX.Rollout.Controller.Configuration;
using ReplyX.Rollout.Core.Analysis;

namespace ReplyX.Rollout.Tests.Core.Analysis;

/// <summary>
/// The decision bench measures the controller's rule, not a copy of it: every look it took during a recorded ramp is
/// what <see cref="StageAnalyzer.Analyze"/> says, called directly on the same metrics at the same moment, and the
/// ramp did what those looks decided.
/// </summary>
public sealed class DecisionBenchTests
{
    [Theory]
    [InlineData("bimodal", 1.00, RampEnd.RolledBack)]
    [InlineData("lognormal", 0.00, RampEnd.Completed)]
    public void Every_look_of_a_recorded_ramp_is_the_analyzers_own_verdict(string shapeName, double slowdown, RampEnd expected)
    {
        var phase = DecisionBench.Foundation();
        var shape = LatencyShape.All.Single(s => s.Name == shapeName);
        var change = slowdown == 0 ? Regression.None : Regression.Scale(slowdown);

        var outcome = new RampSimulation(phase, shape, change, 100, DecisionBench.MaxHold).Run(seed: 11, record: true);

        Assert.Equal(expected, outcome.End);
        Assert.NotNull(outcome.Baseline);
        Assert.True(outcome.Looks.Count > 10);
        foreach (var look in outcome.Looks)
        {
            var direct = StageAnalyzer.Analyze(outcome.Metrics, phase, look.Percentage, outcome.Baseline, look.StageStart, look.At, phase.Ramp.Bake, settle: new ControllerOptions().StageSettle);
            Assert.Equal(direct.Decision, look.Analysis.Decision);
            Assert.Equal(direct.Verdicts.Select(v => (v.Guardrail, v.Outcome)), look.Analysis.Verdicts.Select(v => (v.Guardrail, v.Outcome)));
            // The pool's reason reads when metrics last arrived, which a replay after the ramp sees later than the look did.
            Assert.Equal(direct.Verdicts.Where(v => v.Guardrail != "connection pool").Select(v => v.Reason), look.Analysis.Verdicts.Where(v => v.Guardrail != "connection pool").Select(v => v.Reason));
        }

        // The ramp obeyed: it moved on exactly after each Advance, and ended on the last look's decision.
        var advances = outcome.Looks.Where(l => l.Analysis.Decision == StageDecision.Advance).ToList();
        Assert.Equal(outcome.Looks.Select(l => l.Percentage).Distinct().Count() - (expected == RampEnd.Completed ? 0 : 1), advances.Count);
        Assert.Equal(expected == RampEnd.Completed ? StageDecision.Advance : StageDecision.RollBack, outcome.Looks[^1].Analysis.Decision);
        Assert.All(outcome.Looks.SkipLast(1), l => Assert.NotEqual(StageDecision.RollBack, l.Analysis.Decision));
    }
}
