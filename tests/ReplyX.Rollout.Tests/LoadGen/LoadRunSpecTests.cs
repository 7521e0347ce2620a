using ReplyX.LoadGen;

namespace ReplyX.Rollout.Tests.LoadGen;

public sealed class LoadRunSpecTests
{
    private static LoadRunSpec Spec(double rate, TimeSpan warmup) =>
        new(rate, 100, TimeSpan.FromSeconds(20), EndpointMix.Parse("dialogs=100"), 64, 1, null, warmup);

    [Fact]
    public void Without_a_warm_up_arrivals_are_evenly_spaced_at_the_rate()
    {
        var spec = Spec(50, TimeSpan.Zero);

        Assert.Equal(TimeSpan.Zero, spec.DueAt(0));
        Assert.Equal(TimeSpan.FromSeconds(1), spec.DueAt(50));
        Assert.Equal(TimeSpan.FromSeconds(7), spec.DueAt(350));
    }

    [Fact]
    public void A_warm_up_climbs_linearly_to_the_rate_and_then_holds_it()
    {
        var spec = Spec(100, TimeSpan.FromSeconds(10));

        // Arrivals by time t in the warm-up: 100·t²/20, so 125 by 5 s and 500 by 10 s (half of a full-rate 10 s).
        Assert.Equal(TimeSpan.Zero, spec.DueAt(0));
        Assert.Equal(5.0, spec.DueAt(125).TotalSeconds, 6);
        Assert.Equal(10.0, spec.DueAt(500).TotalSeconds, 6);
        // After it: 100 per second, one every 10 ms.
        Assert.Equal(10.01, spec.DueAt(501).TotalSeconds, 6);
        Assert.Equal(20.0, spec.DueAt(1500).TotalSeconds, 6);
        // The rate is rising during the warm-up: the second 100 arrivals take less time than the first.
        Assert.True(spec.DueAt(200) - spec.DueAt(100) < spec.DueAt(100) - spec.DueAt(0));
    }

    [Fact]
    public void Arrival_times_never_go_backwards_across_the_end_of_the_warm_up()
    {
        var spec = Spec(37, TimeSpan.FromSeconds(3));
        for (var i = 1; i < 400; i++)
        {
            Assert.True(spec.DueAt(i) > spec.DueAt(i - 1), $"arrival {i}");
        }
    }
}
