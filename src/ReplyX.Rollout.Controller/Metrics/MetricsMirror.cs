using Microsoft.Extensions.Options;
using Npgsql;
using ReplyX.Rollout.Core.Metrics;

namespace ReplyX.Rollout.Controller.Metrics;

/// <summary>
/// Keeps this replica's <see cref="OtlpMetricsStore"/> a cache of the shared store: at start it loads the last
/// <see cref="OtlpMetricsStore.Retention"/> (a restarted controller continues a stage with its evidence), then every
/// <see cref="MetricsOptions.MirrorInterval"/> it applies rows any replica wrote since. Rows are read again for
/// <see cref="Lookback"/> behind the newest one seen and applied once by id, so a write that committed late (ids are
/// taken before commit) is not missed.
/// </summary>
public sealed partial class MetricsMirror(
    OtlpMetricsStore cache, NpgsqlDataSource dataSource, IOptions<MetricsOptions> options, TimeProvider time, ILogger<MetricsMirror> logger) : BackgroundService
{
    public static readonly TimeSpan Lookback = TimeSpan.FromSeconds(10);

    private readonly Dictionary<long, DateTimeOffset> _applied = [];
    private DateTimeOffset? _newest;

    /// <summary>Rows applied to the cache since this replica started.</summary>
    public long Applied { get; private set; }

    public async Task PollAsync(CancellationToken cancellationToken)
    {
        var since = _newest is { } newest ? newest - Lookback : time.GetUtcNow() - OtlpMetricsStore.Retention;
        await using var command = dataSource.CreateCommand(
            """
            SELECT id, inserted_at, second, kind, flag, variant, route, error, scale, zero_count, sum, bucket_offset, counts, value
            FROM rollout.metric_points WHERE inserted_at >= $1 ORDER BY id
            """);
        command.Parameters.AddWithValue(since);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetInt64(0);
            var insertedAt = reader.GetFieldValue<DateTimeOffset>(1);
            if (!_applied.TryAdd(id, insertedAt))
            {
                continue;
            }

            new MetricRow(reader.GetInt64(2), reader.GetString(3), new SeriesKey(reader.GetString(4), reader.GetString(5), reader.GetString(6)), reader.GetBoolean(7),
                reader.GetInt32(8), reader.GetInt64(9), reader.GetDouble(10), reader.GetInt32(11), reader.GetFieldValue<long[]>(12), reader.GetDouble(13)).ApplyTo(cache);
            Applied++;
            _newest = _newest is { } seen && seen > insertedAt ? seen : insertedAt;
        }

        if (_newest is { } latest)
        {
            foreach (var old in _applied.Where(a => a.Value < latest - (2 * Lookback)).Select(a => a.Key).ToList())
            {
                _applied.Remove(old);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.MirrorInterval, time);
        do
        {
            try
            {
                await PollAsync(stoppingToken);
            }
            catch (NpgsqlException exception)
            {
                LogPollFailed(logger, exception.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the shared metrics store ({Reason}); the guardrails see what was read before")]
    private static partial void LogPollFailed(ILogger logger, string reason);
}
