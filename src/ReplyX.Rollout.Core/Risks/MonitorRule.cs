namespace ReplyX.Rollout.Core.Risks;

/// <summary>
/// One row of the continuous risk monitor (<c>monitor.rules</c> in risks.yaml): the reading, the threshold it must
/// stay under (<see cref="Above"/>) or over (<see cref="Below"/>), the risk it raises and what it does to an active
/// rollout. Slow-query rules also carry the factor over the baseline mean and the calls a statement needs to count.
/// </summary>
public sealed record MonitorRule(string Id, string Risk, MonitorReading Reading, double? Above, double? Below, RiskAction Action)
{
    public double Factor { get; init; } = 1.5;

    public int MinCalls { get; init; } = 20;

    /// <summary>For readings that cost work (recall), the least time between two of them; null reads every tick.</summary>
    public TimeSpan? Every { get; init; }

    /// <summary>Whether <paramref name="value"/> crosses the threshold; null (never false) for an unknown reading.</summary>
    public bool? Crossed(double? value) => value is not { } v ? null : (Above is { } above && v > above) || (Below is { } below && v < below);

    public string Threshold(Func<double, string> format) => Above is { } above ? $"> {format(above)}" : $"< {format(Below!.Value)}";
}
