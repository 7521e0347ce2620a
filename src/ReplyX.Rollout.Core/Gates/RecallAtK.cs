namespace ReplyX.Rollout.Core.Gates;

/// <summary>The seed's overlap measure: the share of the exact top-k that the approximate search also returned.</summary>
public static class RecallAtK
{
    public static double Overlap(IReadOnlyList<long> expected, IReadOnlyList<long> actual, int k)
    {
        var want = expected.Take(k).ToHashSet();
        if (want.Count == 0)
        {
            return 1;
        }

        return (double)actual.Take(k).Count(want.Contains) / want.Count;
    }
}
