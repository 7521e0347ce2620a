using ReplyX.Rollout.Core.Gates;

namespace ReplyX.Rollout.Tests.Core.Gates;

public sealed class GoldenDatasetTests
{
    private static (List<long> Ids, List<float[]> Vectors) Corpus(int count, int dimensions = 8)
    {
        var random = new Random(3);
        var ids = Enumerable.Range(1, count).Select(i => (long)i * 10).ToList();
        var vectors = ids.Select(_ =>
        {
            var v = Enumerable.Range(0, dimensions).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            var norm = (float)Math.Sqrt(v.Sum(x => x * x));
            return v.Select(x => x / norm).ToArray();
        }).ToList();
        return (ids, vectors);
    }

    [Fact]
    public void Expected_neighbours_are_the_exact_top_k_by_dot_product()
    {
        var (ids, vectors) = Corpus(300);
        var golden = GoldenDataset.Build(ids, vectors, queries: 20, k: 5);

        foreach (var query in golden.Queries)
        {
            var bruteForce = ids.Zip(vectors).OrderByDescending(p => GoldenDataset.Dot(p.Second, query.Embedding)).ThenBy(p => p.First).Take(5).Select(p => p.First);
            Assert.Equal(bruteForce, query.Expected);
        }
    }

    [Fact]
    public void The_same_corpus_gives_the_same_dataset()
    {
        var (ids, vectors) = Corpus(200);
        var first = GoldenDataset.Build(ids, vectors, 30, 10);
        var second = GoldenDataset.Build(ids, vectors, 30, 10);

        Assert.Equal(first.Queries.Select(q => q.Embedding), second.Queries.Select(q => q.Embedding));
        Assert.Equal(first.Queries.SelectMany(q => q.Expected), second.Queries.SelectMany(q => q.Expected));
    }

    [Fact]
    public void Queries_are_drawn_near_evenly_spaced_chunks_and_are_not_the_chunks_themselves()
    {
        var (ids, vectors) = Corpus(100);
        var golden = GoldenDataset.Build(ids, vectors, 4, 3);

        Assert.Equal([10L, 260L, 510L, 760L], golden.Queries.Select(q => q.NearChunk));
        Assert.All(golden.Queries, q => Assert.NotEqual(vectors[ids.IndexOf(q.NearChunk)], q.Embedding));
        Assert.All(golden.Queries, q => Assert.Equal(1.0, Math.Sqrt(q.Embedding.Sum(x => (double)x * x)), 4));
    }

    [Fact]
    public void A_corpus_smaller_than_k_is_refused_in_words()
    {
        var (ids, vectors) = Corpus(3);
        var error = Assert.Throws<InvalidOperationException>(() => GoldenDataset.Build(ids, vectors, 10, 5));
        Assert.Contains("fewer than k = 5", error.Message);
    }
}
