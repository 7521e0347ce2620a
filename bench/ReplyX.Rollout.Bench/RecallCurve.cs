using System.Globalization;
using ReplyX.Rollout.Core.Gates;

namespace ReplyX.Rollout.Bench;

/// <summary>
/// <c>recall &lt;connection&gt; [probes...]</c>: the vector recall gate's measurement for several probe counts on a
/// database where phase 02 has run (the IVF index and <c>knowledge_ivf_search</c> exist). Prints recall@10 and the
/// query latency percentiles of 200 golden queries per setting.
/// </summary>
internal static class RecallCurve
{
    public static async Task RunAsync(string connectionString, IReadOnlyList<int> probes, TextWriter output)
    {
        output.WriteLine("probes  recall@10  worst query  p50 ms  p95 ms  max ms");
        foreach (var p in probes)
        {
            var result = await new VectorRecallGate(connectionString, TimeProvider.System)
                .RunAsync(new VectorRecallOptions("knowledge_ivf_search", "knowledge_embeddings", 10, p, 200, 0.85, TimeSpan.FromMilliseconds(100)), CancellationToken.None);
            string R(string key) => Convert.ToDouble(result.Readings[key], CultureInfo.InvariantCulture).ToString("0.###", CultureInfo.InvariantCulture);
            output.WriteLine($"{p,6}  {R("recall"),9}  {R("worstQueryRecall"),11}  {R("p50Ms"),6}  {R("p95Ms"),6}  {R("maxMs"),6}");
        }
    }
}
