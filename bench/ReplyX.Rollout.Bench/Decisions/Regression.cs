namespace ReplyX.Rollout.Bench.Decisions;

/// <summary>
/// What the change does to a treatment request's latency: scale every request, only the slower half (the tail),
/// or only a fraction of requests. <see cref="Severity"/> is the scale the row is named by.
/// </summary>
public sealed record Regression(string Name, double Severity, Func<Random, double, LatencyShape, double> Apply)
{
    public static Regression None { get; } = new("A/A", 0, (_, latency, _) => latency);

    public static Regression Scale(double by) => new($"+{by * 100:F0}%", by, (_, latency, _) => latency * (1 + by));

    public static Regression TailOnly(double by) => new($"tail +{by * 100:F0}%", by, (_, latency, shape) => latency > shape.Median ? latency * (1 + by) : latency);

    public static Regression Fraction(double share, double by) =>
        new($"{share * 100:F0}% x{1 + by:F0}", by, (random, latency, _) => random.NextDouble() < share ? latency * (1 + by) : latency);

    public static IReadOnlyList<Regression> All { get; } = [None, Scale(0.10), Scale(0.25), Scale(1.00), TailOnly(0.25), Fraction(0.10, 2)];
}
