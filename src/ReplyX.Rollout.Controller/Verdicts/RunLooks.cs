using Npgsql;
using NpgsqlTypes;
using ReplyX.Rollout.Controller.Leadership;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Core.Analysis;
using ReplyX.Rollout.Core.Metrics;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Controller.Verdicts;

/// <summary>
/// Keeps a compact summary of every guardrail look with the run (one row per variant: treatment, control, all traffic
/// over the last <see cref="StageAnalyzer.Block"/>), so a run's report can be drawn after the metrics store forgot it.
/// Looks closer than <see cref="Spacing"/> to the previous one are not kept: the chart needs the shape, not every pass.
/// </summary>
public sealed class RunLooks(NpgsqlDataSource dataSource, IMetricsSource metrics, WriterFence fence)
{
    public static readonly TimeSpan Spacing = TimeSpan.FromSeconds(2);

    public async Task RecordAsync(RolloutRun run, PhaseDefinition phase, StageAnalysis analysis, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (run.Marks.LastLookAt is { } last && now - last < Spacing)
        {
            return;
        }

        var from = now - StageAnalyzer.Block;
        var threshold = analysis.Verdicts.FirstOrDefault(v => v.Guardrail == "p95 vs control")?.Readings.GetValueOrDefault("referenceP95Ms") is { } control and > 0
            ? control * 1.1 / 1000 : (double?)null;
        var looks = new List<RunLook>();
        void Add(string variant, LatencyWindow window) =>
            looks.Add(new RunLook(now, run.StageIndex, run.Percentage, variant, window.Count, window.Histogram.Quantile(0.95) * 1000, threshold is { } t ? window.Histogram.CountAbove(t) : 0));
        if (!phase.Guardrails.AllTraffic)
        {
            Add(SeriesKey.Treatment, metrics.Window(phase.Flag, SeriesKey.Treatment, from, now));
            Add(SeriesKey.Control, metrics.Window(phase.Flag, SeriesKey.Control, from, now));
        }

        Add("all", metrics.AllTraffic(from, now));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await fence.CheckAsync(connection, transaction, cancellationToken);
        foreach (var look in looks)
        {
            await using var insert = new NpgsqlCommand(
                "INSERT INTO rollout.run_looks (run_id, at, stage_index, percentage, variant, samples, p95_ms, exceedances) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
                connection, transaction);
            insert.Parameters.AddWithValue(run.Id);
            insert.Parameters.AddWithValue(look.At);
            insert.Parameters.AddWithValue(look.StageIndex);
            insert.Parameters.AddWithValue(look.Percentage);
            insert.Parameters.AddWithValue(look.Variant);
            insert.Parameters.AddWithValue(look.Samples);
            insert.Parameters.Add(new NpgsqlParameter<double?> { TypedValue = look.P95Ms, NpgsqlDbType = NpgsqlDbType.Double });
            insert.Parameters.AddWithValue(look.Exceedances);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var mark = new NpgsqlCommand("UPDATE rollout.runs SET marks = jsonb_set(marks, '{lastLookAt}', to_jsonb($2::timestamptz)) WHERE id = $1", connection, transaction))
        {
            mark.Parameters.AddWithValue(run.Id);
            mark.Parameters.AddWithValue(now);
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<RunLook>> ReadAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT at, stage_index, percentage, variant, samples, p95_ms, exceedances FROM rollout.run_looks WHERE run_id = $1 ORDER BY at, variant");
        command.Parameters.AddWithValue(runId);
        var looks = new List<RunLook>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            looks.Add(new RunLook(reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetString(3), reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetDouble(5), reader.GetDouble(6)));
        }

        return looks;
    }
}
