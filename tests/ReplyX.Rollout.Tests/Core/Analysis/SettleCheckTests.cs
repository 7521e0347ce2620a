using ReplyX.Rollout.Core.Analysis;

namespace ReplyX.Rollout.Tests.Core.Analysis;

public sealed class SettleCheckTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 6, 0, 0, TimeSpan.Zero);
    private const double BaselineP95 = 0.05 * 2.28; // the p95 of FakeMetricsSource.Sample without slowdown

    [Fact]
    public void The_last_five_seconds_decide_so_a_burst_that_has_passed_is_settled()
    {
        var metrics = new TimedMetricsSource(Start);
        var random = new Random(21);
        metrics.Fill(random, 0, 10, 100, slowdown: 1.0);
        metrics.Fill(random, 10, 15, 100, slowdown: 0);

        var during = SettleCheck.Look(metrics, BaselineP95, Start.AddSeconds(10));
        var after = SettleCheck.Look(metrics, BaselineP95, Start.AddSeconds(15));

        Assert.False(during.Settled, during.Describe());
        Assert.Equal(500, during.Samples);
        Assert.True(after.Settled, after.Describe());
    }

    [Fact]
    public void Too_little_traffic_to_tell_does_not_hold_a_rollout()
    {
        var metrics = new TimedMetricsSource(Start);
        metrics.Fill(new Random(22), 0, 5, 9, slowdown: 2.0);

        var look = SettleCheck.Look(metrics, BaselineP95, Start.AddSeconds(5));

        Assert.True(look.Settled);
        Assert.Equal(45, look.Samples);
    }
}
