using ReplyX.Rollout.Primitives.Statistics;

namespace ReplyX.Api.Data.Seeding;

/// <summary>
/// Unit-length embeddings with the nested cluster structure real text embeddings have (an approximate index's
/// recall depends on it): one centroid per topic, each document's centre near its topic's, each chunk near its
/// document's centre.
/// </summary>
internal sealed class SyntheticEmbeddings
{
    private readonly float[][] _centroids;
    private readonly int _dimensions;

    public SyntheticEmbeddings(int topics, int dimensions, int seed)
    {
        _dimensions = dimensions;
        var random = new Random(seed);
        _centroids = new float[topics][];
        for (var t = 0; t < topics; t++)
        {
            _centroids[t] = Normalize(Enumerable.Range(0, dimensions).Select(_ => (float)Gaussian.Next(random)).ToArray());
        }
    }

    /// <summary>A document's centre: near its topic's centroid.</summary>
    public float[] Near(int topic, Random random, double spread = 0.2) => Around(_centroids[topic % _centroids.Length], random, spread);

    /// <summary>A unit vector near <paramref name="center"/>: Gaussian noise of <paramref name="spread"/> per dimension.</summary>
    public static float[] Around(float[] center, Random random, double spread)
    {
        var vector = new float[center.Length];
        for (var d = 0; d < center.Length; d++)
        {
            vector[d] = center[d] + (float)(spread * (float)Gaussian.Next(random));
        }

        return Normalize(vector);
    }

    public static float[] Normalize(float[] vector)
    {
        double sum = 0;
        foreach (var v in vector)
        {
            sum += v * v;
        }

        var norm = (float)Math.Sqrt(sum);
        if (norm == 0)
        {
            return vector;
        }

        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] /= norm;
        }

        return vector;
    }
}
