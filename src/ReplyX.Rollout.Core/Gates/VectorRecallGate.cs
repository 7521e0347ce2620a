using System.Diagnostics;
using Npgsql;
using ReplyX.Rollout.Primitives.Statistics;
using ReplyX.Rollout.Core.Lint;

namespace ReplyX.Rollout.Core.Gates;

/// <summary>
/// Runs the golden queries through the phase's approximate search function and compares each answer with the
/// exact top-k. The golden dataset is rebuilt from the target's embeddings at every run (it is deterministic), so
/// it always describes the data the index was trained on.
/// </summary>
public sealed class VectorRecallGate(string connectionString, TimeProvider time)
{
    public const string Name = "vectorRecall";

    /// <summary>Queries run before timing starts: the first call of a SQL function plans it.</summary>
    public const int WarmUpQueries = 3;

    public async Task<GateResult> RunAsync(VectorRecallOptions options, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var building = time.GetTimestamp();
        GoldenDataset golden;
        try
        {
            golden = await GoldenDataset.BuildAsync(dataSource, options.Table, options.Queries, options.K, cancellationToken);
        }
        catch (Exception exception) when (exception is PostgresException or InvalidOperationException)
        {
            return GateResult.Fail(Name, $"no golden dataset from {options.Table}: {exception.Message}");
        }

        var buildMs = time.GetElapsedTime(building).TotalMilliseconds;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT id FROM {SqlIdentifier.Quote(options.Search)}($1::real[], $2, $3)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = Array.Empty<float>() });
        command.Parameters.AddWithValue(options.K);
        command.Parameters.AddWithValue(options.Probes);

        var recalls = new double[golden.Queries.Count];
        var latencies = new double[golden.Queries.Count];
        try
        {
            for (var i = 0; i < Math.Min(WarmUpQueries, golden.Queries.Count); i++)
            {
                await SearchAsync(command, golden.Queries[i].Embedding, cancellationToken);
            }

            for (var i = 0; i < golden.Queries.Count; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var found = await SearchAsync(command, golden.Queries[i].Embedding, cancellationToken);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                recalls[i] = RecallAtK.Overlap(golden.Queries[i].Expected, found, options.K);
            }
        }
        catch (PostgresException exception)
        {
            return GateResult.Fail(Name, $"the search function {options.Search} failed: {exception.MessageText} ({exception.SqlState})");
        }

        var recall = recalls.Average();
        Array.Sort(latencies);
        var p95 = Percentiles.NearestRank(latencies, 0.95);
        var recallOk = recall >= options.MinRecall;
        var latencyOk = p95 <= options.MaxP95.TotalMilliseconds;
        var readings = new Dictionary<string, object?>
        {
            ["recall"] = Math.Round(recall, 4),
            ["minRecall"] = options.MinRecall,
            ["worstQueryRecall"] = recalls.Min(),
            ["queriesBelowMin"] = recalls.Count(r => r < options.MinRecall),
            ["queries"] = golden.Queries.Count,
            ["k"] = options.K,
            ["probes"] = options.Probes,
            ["corpus"] = golden.CorpusSize,
            ["p50Ms"] = Math.Round(Percentiles.NearestRank(latencies, 0.50), 2),
            ["p95Ms"] = Math.Round(p95, 2),
            ["maxMs"] = Math.Round(latencies[^1], 2),
            ["maxP95Ms"] = options.MaxP95.TotalMilliseconds,
            ["goldenBuildMs"] = Math.Round(buildMs, 1),
        };
        var detail = $"recall@{options.K} {recall * 100:F1}% over {golden.Queries.Count} golden queries (minimum {options.MinRecall * 100:F0}%), p95 {p95:F1} ms (limit {options.MaxP95.TotalMilliseconds:F0} ms), {options.Search} with {options.Probes} probe(s) over {golden.CorpusSize} embeddings";
        return new GateResult(Name, recallOk && latencyOk,
            recallOk && latencyOk ? detail : (recallOk ? "too slow: " : "recall too low: ") + detail, readings);
    }

    private static async Task<List<long>> SearchAsync(NpgsqlCommand command, float[] query, CancellationToken cancellationToken)
    {
        command.Parameters[0].Value = query;
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }
}
