namespace ReplyX.Rollout.Primitives.Statistics;

/// <summary>Standard normal draws (Box-Muller): <see cref="Random"/> has no normal distribution of its own.</summary>
public static class Gaussian
{
    public static double Next(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
