using Npgsql;
using ReplyX.Rollout.Primitives.Statistics;
using ReplyX.Rollout.Core.Lint;

namespace ReplyX.Rollout.Core.Gates;

/// <summary>
/// Query embeddings with their exact top-k neighbours, built from the workload's own embeddings and nothing else:
/// the i-th query sits near the embedding at an evenly spaced position (ordered by id) with noise from a fixed seed,
/// like a question about that chunk; its expected neighbours come from an exact scan (every embedding scored,
/// ties by id). The same data and settings always give the same dataset.
/// </summary>
public sealed class GoldenDataset
{
    public const int Seed = 20250901;

    /// <summary>Per-dimension noise around the chunk a query is drawn near.</summary>
    public const double QuerySpread = 0.05;

    private GoldenDataset(IReadOnlyList<GoldenQuery> queries, int k, int corpus)
    {
        Queries = queries;
        K = k;
        CorpusSize = corpus;
    }

    public IReadOnlyList<GoldenQuery> Queries { get; }

    public int K { get; }

    public int CorpusSize { get; }

    public static async Task<GoldenDataset> BuildAsync(NpgsqlDataSource dataSource, string table, int queries, int k, CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        var vectors = new List<float[]>();
        await using (var command = dataSource.CreateCommand($"SELECT id, embedding FROM {SqlIdentifier.Quote(table)} ORDER BY id"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetInt64(0));
                vectors.Add(reader.GetFieldValue<float[]>(1));
            }
        }

        return Build(ids, vectors, queries, k);
    }

    public static GoldenDataset Build(IReadOnlyList<long> ids, IReadOnlyList<float[]> vectors, int queries, int k)
    {
        if (ids.Count < k)
        {
            throw new InvalidOperationException($"the corpus has {ids.Count} embedding(s), fewer than k = {k}: no recall@{k} can be measured.");
        }

        var count = Math.Min(queries, ids.Count);
        var random = new Random(Seed);
        var result = new List<GoldenQuery>(count);
        for (var i = 0; i < count; i++)
        {
            var anchor = (int)((long)i * ids.Count / count);
            var query = Perturb(vectors[anchor], random);
            result.Add(new GoldenQuery(ids[anchor], query, ExactTopK(ids, vectors, query, k)));
        }

        return new GoldenDataset(result, k, ids.Count);
    }

    /// <summary>Exact search: every embedding scored by dot product (cosine for unit vectors), nearest first, ties by id.</summary>
    public static IReadOnlyList<long> ExactTopK(IReadOnlyList<long> ids, IReadOnlyList<float[]> vectors, float[] query, int k)
    {
        var best = new PriorityQueue<int, (double Score, long Id)>(Comparer<(double Score, long Id)>.Create((a, b) =>
            a.Score != b.Score ? a.Score.CompareTo(b.Score) : b.Id.CompareTo(a.Id)));
        for (var i = 0; i < vectors.Count; i++)
        {
            var score = Dot(vectors[i], query);
            if (best.Count < k)
            {
                best.Enqueue(i, (score, ids[i]));
            }
            else if (best.TryPeek(out _, out var worst) && (score > worst.Score || (score == worst.Score && ids[i] < worst.Id)))
            {
                best.DequeueEnqueue(i, (score, ids[i]));
            }
        }

        var top = new List<(double Score, long Id)>(k);
        while (best.TryDequeue(out _, out var entry))
        {
            top.Add(entry);
        }

        top.Reverse();
        return top.Select(t => t.Id).ToList();
    }

    /// <summary>The dot product in double precision (cosine similarity for unit vectors).</summary>
    public static double Dot(float[] a, float[] b)
    {
        double sum = 0;
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static float[] Perturb(float[] vector, Random random)
    {
        var result = new float[vector.Length];
        double norm = 0;
        for (var d = 0; d < vector.Length; d++)
        {
            result[d] = vector[d] + (float)(QuerySpread * Gaussian.Next(random));
            norm += result[d] * result[d];
        }

        var length = (float)Math.Sqrt(norm);
        for (var d = 0; d < result.Length; d++)
        {
            result[d] /= length;
        }

        return result;
    }

}
