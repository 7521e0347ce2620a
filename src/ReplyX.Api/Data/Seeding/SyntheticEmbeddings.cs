namespace ReplyX.Api.Data.Seeding;

/// <summary>
/// Unit-length embeddings drawn around one centroid per topic, so the data has the cluster structure real
/// text embeddings have (an approximate index's recall depends on it).
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
            _centroids[t] = Normalize(Enumerable.Range(0, dimensions).Select(_ => Gaussian(random)).ToArray());
        }
    }

    public float[] Near(int topic, Random random, double spread = 0.35)
    {
        var centroid = _centroids[topic % _centroids.Length];
        var vector = new float[_dimensions];
        for (var d = 0; d < _dimensions; d++)
        {
            vector[d] = centroid[d] + (float)(spread * Gaussian(random));
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

    private static float Gaussian(Random random)
    {
        // Box-Muller: Random has no normal distribution of its own.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }
}
