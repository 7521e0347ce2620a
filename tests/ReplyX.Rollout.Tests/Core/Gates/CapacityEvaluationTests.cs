using ReplyX.Rollout.Core.Analysis;
using ReplyX.Rollout.Core.Gates;

namespace ReplyX.Rollout.Tests.Core.Gates;

public sealed class CapacityEvaluationTests
{
    private static readonly CapacityOptions Limits = new(10_000, 200, TimeSpan.FromMinutes(2), null, TimeSpan.FromMilliseconds(500), 0.01, 0);
    private static readonly CapacityReadings Healthy = new(24_000, 12, 0, 20, 180, 320, 900, 120);
    private static readonly PoolReadings QuietPool = new(0, 0, true);

    [Fact]
    public void Passes_under_every_limit_and_records_the_readings()
    {
        var result = CapacityGate.Evaluate(Limits, Healthy, QuietPool);

        Assert.True(result.Passed, result.Detail);
        Assert.Equal(180.0, result.Readings["p95Ms"]);
        Assert.Equal(0.0005, result.Readings["errorRate"]);
        Assert.Equal(200.0, result.Readings["achievedRate"]);
    }

    [Fact]
    public void Fails_when_p95_is_over_the_limit() =>
        Assert.Contains("p95 501.0 ms is above 500 ms", CapacityGate.Evaluate(Limits, Healthy with { P95Ms = 501 }, QuietPool).Detail);

    [Fact]
    public void Dropped_requests_count_as_errors()
    {
        var result = CapacityGate.Evaluate(Limits, Healthy with { Errors = 100, Dropped = 200 }, QuietPool);
        Assert.False(result.Passed);
        Assert.Contains("error rate 1.24% is above 1.00%", result.Detail);
    }

    [Fact]
    public void A_pool_saturated_for_five_seconds_fails_and_a_short_wait_does_not()
    {
        Assert.Contains("the connection pool saturated", CapacityGate.Evaluate(Limits, Healthy, new PoolReadings(14, 5, true)).Detail);
        Assert.True(CapacityGate.Evaluate(Limits, Healthy, new PoolReadings(3, 2, true)).Passed);
    }

    [Fact]
    public void No_pool_metrics_is_not_a_pass() =>
        Assert.Contains("pool saturation is unknown", CapacityGate.Evaluate(Limits, Healthy, new PoolReadings(null, 0, false)).Detail);
}
