namespace ReplyX.Rollout.Core.Gates;

/// <summary>
/// The vector-search accuracy gate (R006): <see cref="Queries"/> golden queries through <see cref="Search"/>
/// (a SQL function <c>(query real[], k integer, probes integer) RETURNS TABLE (id bigint, ...)</c>, the same one
/// the workload's treatment path calls), recall@<see cref="K"/> at least <see cref="MinRecall"/>, p95 under
/// <see cref="MaxP95"/>.
/// </summary>
public sealed record VectorRecallOptions(string Search, string Table, int K, int Probes, int Queries, double MinRecall, TimeSpan MaxP95)
{
    public static VectorRecallOptions Read(GateSettings settings) => new(
        settings.Identifier("search", null),
        settings.Identifier("table", "knowledge_embeddings"),
        settings.Integer("k", 10, 1, 1000),
        settings.Integer("probes", 1, 1, 100_000),
        settings.Integer("queries", 200, 1, 100_000),
        settings.Percentage("minRecall", 0.85),
        settings.Duration("maxP95", TimeSpan.FromMilliseconds(100)));
}
