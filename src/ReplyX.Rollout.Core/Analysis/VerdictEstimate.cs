using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Core.Analysis;

/// <summary>
/// How long until a held stage's verdict can be in: the series furthest from what its tests need (their minimum
/// samples, and for a latency test the samples its ratio needs to accept "within tolerance"), the rate its requests
/// arrive at since the stage settled, and the bake still to go. <see cref="Eta"/> is null when the verdict is not in
/// sight: no request of that series yet, or its evidence not heading toward acceptance (<see cref="Needed"/> &lt; 0).
/// </summary>
public sealed record VerdictEstimate(int Percentage, string Series, long Samples, long Needed, double RatePerSecond, TimeSpan BakeLeft, TimeSpan? Eta)
{
    /// <summary>E.g. <c>holding 5%: 37/200 treatment samples at 0.45/s, verdict in ~6 min</c>.</summary>
    public string Text =>
        Needed < 0 ? $"holding {Percentage}%: {Samples} {Series} samples, the evidence not yet pointing either way; no verdict in sight"
        : Samples >= Needed ? $"holding {Percentage}%: {Samples}/{Needed} {Series} samples, verdict in {Approximately(Eta ?? BakeLeft)}"
        : Eta is { } eta ? $"holding {Percentage}%: {Samples}/{Needed} {Series} samples at {RatePerSecond:0.##}/s, verdict in {Approximately(eta)}"
        : $"holding {Percentage}%: {Samples}/{Needed} {Series} samples and none arriving yet; no verdict in sight";

    /// <summary>
    /// The estimate from each series' samples so far over <paramref name="observed"/> (the stage since it settled) and
    /// what it needs (negative: not in sight); the slowest series decides.
    /// </summary>
    public static VerdictEstimate For(int percentage, IEnumerable<(string Series, long Samples, double Needed)> needs, TimeSpan observed, TimeSpan bakeLeft)
    {
        VerdictEstimate? slowest = null;
        foreach (var (name, samples, needed) in needs)
        {
            var rate = observed > TimeSpan.Zero ? samples / observed.TotalSeconds : 0;
            var whole = needed < 0 ? -1 : (long)Math.Ceiling(needed);
            TimeSpan? eta = whole < 0 ? null
                : samples >= whole ? bakeLeft
                : rate > 0 ? Max(bakeLeft, TimeSpan.FromSeconds(Math.Ceiling((whole - samples) / rate)))
                : null;
            var estimate = new VerdictEstimate(percentage, name, samples, whole, rate, bakeLeft, eta);
            if (slowest is null || (slowest.Eta is { } known && (eta is null || eta > known)))
            {
                slowest = estimate;
            }
        }

        return slowest ?? new VerdictEstimate(percentage, "treatment", 0, 0, 0, bakeLeft, bakeLeft);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string Approximately(TimeSpan eta) =>
        eta < TimeSpan.FromSeconds(1) ? "moments"
        : eta < TimeSpan.FromMinutes(1) ? $"~{Math.Ceiling(eta.TotalSeconds):F0} s"
        : eta < TimeSpan.FromHours(1) ? $"~{Math.Ceiling(eta.TotalMinutes):F0} min"
        : $"~{Durations.Format(TimeSpan.FromMinutes(Math.Ceiling(eta.TotalMinutes)))}";
}
