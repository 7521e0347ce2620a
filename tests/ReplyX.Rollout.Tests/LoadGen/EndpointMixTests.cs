using ReplyX.LoadGen;

namespace ReplyX.Rollout.Tests.LoadGen;

public sealed class EndpointMixTests
{
    [Fact]
    public void Picks_follow_the_weights()
    {
        var mix = EndpointMix.Parse("dialogs=1,messages=3");
        var random = new Random(1);
        var picks = Enumerable.Range(0, 40_000).Select(_ => mix.Pick(random.NextDouble())).ToList();

        var share = picks.Count(p => p == WorkloadAction.PageMessages) / (double)picks.Count;
        Assert.InRange(share, 0.73, 0.77);
        Assert.DoesNotContain(WorkloadAction.SearchText, picks);
    }

    [Theory]
    [InlineData("dialogs")]
    [InlineData("nope=3")]
    [InlineData("dialogs=-1")]
    [InlineData("dialogs=0")]
    public void Rejects_a_bad_mix(string text) => Assert.Throws<FormatException>(() => EndpointMix.Parse(text));

    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        var values = Enumerable.Range(1, 100).Select(v => (double)v).ToList();
        var summary = LatencySummary.From("x", values, errors: 2);

        Assert.Equal((50.0, 95.0, 99.0, 100.0, 2), (summary.P50Ms, summary.P95Ms, summary.P99Ms, summary.MaxMs, summary.Errors));
    }
}
