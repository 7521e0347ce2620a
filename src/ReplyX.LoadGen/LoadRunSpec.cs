namespace ReplyX.LoadGen;

/// <summary>One open-loop run: arrival rate, user population, how long (zero = until stopped), endpoint mix, in-flight limit, seed, and the targeting cohort its requests claim.</summary>
public sealed record LoadRunSpec(double Rate, int Users, TimeSpan Duration, EndpointMix Mix, int MaxInFlight, int Seed, string? Cohort);
