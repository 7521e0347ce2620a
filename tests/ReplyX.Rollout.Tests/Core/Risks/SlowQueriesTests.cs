using ReplyX.Rollout.Core.Postgres;
using ReplyX.Rollout.Core.Risks;

namespace ReplyX.Rollout.Tests.Core.Risks;

public sealed class SlowQueriesTests
{
    [Fact]
    public void A_statement_is_slow_only_above_the_factor_the_floor_and_with_enough_calls_in_both_windows()
    {
        var baseline = new Dictionary<long, StatementCounters>
        {
            [1] = new("fast got slow", 100, 200), [2] = new("a bit slower", 100, 200), [3] = new("few calls", 5, 10), [4] = new("discard", 100, 1),
        };
        var window = new Dictionary<long, StatementCounters>
        {
            [1] = new("fast got slow", 50, 500), [2] = new("a bit slower", 50, 140), [3] = new("few calls", 50, 500), [4] = new("discard", 50, 5), [5] = new("new", 50, 5000),
        };

        var slow = SlowQueries.Find(baseline, window, factor: 1.5, minCalls: 20);

        Assert.Equal([1L], slow.Select(s => s.QueryId));
        Assert.Equal((2.0, 10.0), (slow[0].BaselineMean, slow[0].WindowMean));
    }

    [Fact]
    public void Between_two_reads_are_the_deltas_and_a_reset_counter_drops_out()
    {
        var earlier = new Dictionary<long, StatementCounters> { [1] = new("q", 10, 20), [2] = new("r", 50, 50) };
        var later = new Dictionary<long, StatementCounters> { [1] = new("q", 30, 80), [2] = new("r", 3, 3), [3] = new("s", 4, 8) };

        var between = SlowQueries.Between(earlier, later);

        Assert.Equal((20L, 60.0), (between[1].Calls, between[1].TotalMilliseconds));
        Assert.False(between.ContainsKey(2));
        Assert.Equal(4, between[3].Calls);
    }
}
