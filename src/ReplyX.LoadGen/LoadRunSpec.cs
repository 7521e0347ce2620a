namespace ReplyX.LoadGen;

/// <summary>
/// One open-loop run: arrival rate, user population, how long (zero = until stopped), endpoint mix, in-flight limit,
/// seed, the targeting cohort its requests claim, and a warm-up before <see cref="Duration"/> during which the rate
/// climbs linearly from zero (its requests are recorded apart, so the run's readings are the full-rate ones).
/// </summary>
public sealed record LoadRunSpec(double Rate, int Users, TimeSpan Duration, EndpointMix Mix, int MaxInFlight, int Seed, string? Cohort, TimeSpan Warmup = default)
{
    /// <summary>
    /// When the request numbered <paramref name="index"/> (from 0) is due: during the warm-up the arrivals so far are
    /// Rate·t²/(2·Warmup), after it Rate·(t − Warmup/2).
    /// </summary>
    public TimeSpan DueAt(long index)
    {
        var warmup = Warmup.TotalSeconds;
        var seconds = index < Rate * warmup / 2
            ? Math.Sqrt(2 * warmup * index / Rate)
            : (index / Rate) + (warmup / 2);
        return TimeSpan.FromSeconds(seconds);
    }
}
