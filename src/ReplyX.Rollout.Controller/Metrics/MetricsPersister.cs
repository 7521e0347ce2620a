using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using ReplyX.Rollout.Controller.Leadership;

namespace ReplyX.Rollout.Controller.Metrics;

/// <summary>
/// Writes what this replica received to the shared store every <see cref="MetricsOptions.FlushInterval"/> (one
/// binary COPY per flush); a failed write puts the rows back in the outbox for the next flush, and the last flush
/// runs on shutdown. The leader also prunes rows older than <see cref="MetricsOptions.Retention"/>, in batches.
/// </summary>
public sealed partial class MetricsPersister(
    MetricsOutbox outbox, NpgsqlDataSource dataSource, LeaderElection leader, IOptions<MetricsOptions> options, TimeProvider time, ILogger<MetricsPersister> logger) : BackgroundService
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(5);

    private DateTimeOffset _prunedAt = DateTimeOffset.MinValue;

    /// <summary>Rows written by this replica since it started.</summary>
    public long Written { get; private set; }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var rows = outbox.Drain();
        if (rows.Count == 0)
        {
            return;
        }

        try
        {
            await WriteAsync(rows, cancellationToken);
            Written += rows.Count;
        }
        catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            outbox.Return(rows);
            LogFlushFailed(logger, rows.Count, exception.Message);
            if (exception is OperationCanceledException)
            {
                throw;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
                if (leader.IsLeader && time.GetUtcNow() - _prunedAt > PruneEvery)
                {
                    _prunedAt = time.GetUtcNow();
                    await PruneAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the last flush follows.
        }

        using var last = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await FlushAsync(last.Token);
    }

    private async Task WriteAsync(IReadOnlyList<MetricRow> rows, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var import = await connection.BeginBinaryImportAsync(
            "COPY rollout.metric_points (second, kind, flag, variant, route, error, scale, zero_count, sum, bucket_offset, counts, value, replica) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        foreach (var row in rows)
        {
            await import.StartRowAsync(cancellationToken);
            await import.WriteAsync(row.Second, NpgsqlDbType.Bigint, cancellationToken);
            await import.WriteAsync(row.Kind, NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(row.Key.Flag ?? "", NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(row.Key.Variant ?? "", NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(row.Key.Route ?? "", NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(row.Error, NpgsqlDbType.Boolean, cancellationToken);
            await import.WriteAsync(row.Scale, NpgsqlDbType.Integer, cancellationToken);
            await import.WriteAsync(row.ZeroCount, NpgsqlDbType.Bigint, cancellationToken);
            await import.WriteAsync(row.Sum, NpgsqlDbType.Double, cancellationToken);
            await import.WriteAsync(row.Offset, NpgsqlDbType.Integer, cancellationToken);
            await import.WriteAsync(row.Counts, NpgsqlDbType.Array | NpgsqlDbType.Bigint, cancellationToken);
            await import.WriteAsync(row.Value, NpgsqlDbType.Double, cancellationToken);
            await import.WriteAsync(LeaderElection.Holder, NpgsqlDbType.Text, cancellationToken);
        }

        await import.CompleteAsync(cancellationToken);
    }

    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - options.Value.Retention;
        long deleted;
        do
        {
            await using var command = dataSource.CreateCommand(
                "DELETE FROM rollout.metric_points WHERE id IN (SELECT id FROM rollout.metric_points WHERE inserted_at < $1 LIMIT $2)");
            command.Parameters.AddWithValue(before);
            command.Parameters.AddWithValue(options.Value.PruneBatch);
            deleted = await command.ExecuteNonQueryAsync(cancellationToken);
        }
        while (deleted == options.Value.PruneBatch);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write {Rows} metric rows to the shared store ({Reason}); they stay queued for the next flush")]
    private static partial void LogFlushFailed(ILogger logger, int rows, string reason);
}
