using Npgsql;

namespace ReplyX.Rollout.Core.Execution;

/// <summary>
/// Samples a running statement from a second connection: <c>pg_stat_progress_create_index</c> for index builds,
/// <c>pg_blocking_pids</c> for whom the statement waits on, and the other way round, which sessions wait on it and
/// for how long (the seed's "downtime": the longest wait the phase imposed, at the sampling's half-second resolution).
/// </summary>
internal sealed class StatementWatcher(string connectionString, int pid, string statement, IProgress<StepProgress>? progress, TimeProvider time)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private readonly HashSet<int> _blockers = [];

    public IReadOnlyCollection<int> Blockers => _blockers;

    /// <summary>The longest any other session was seen waiting on a lock this statement held, in seconds.</summary>
    public double LongestWaitImposed { get; private set; }

    /// <summary>Sessions seen waiting on this statement's locks.</summary>
    public IReadOnlyCollection<int> Blocked => _blocked;

    private readonly HashSet<int> _blocked = [];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                await using (var command = new NpgsqlCommand(
                    """
                    SELECT p.phase, coalesce(p.blocks_done, 0), coalesce(p.blocks_total, 0), coalesce(p.tuples_done, 0),
                           coalesce(p.tuples_total, 0), pg_blocking_pids($1),
                           (SELECT coalesce(array_agg(a.pid), '{}') FROM pg_stat_activity a WHERE $1 = ANY(pg_blocking_pids(a.pid))),
                           (SELECT coalesce(max(extract(epoch FROM now() - a.query_start)), 0)::float8 FROM pg_stat_activity a WHERE $1 = ANY(pg_blocking_pids(a.pid)))
                    FROM (SELECT 1) one LEFT JOIN pg_stat_progress_create_index p ON p.pid = $1
                    """, connection))
                {
                    command.Parameters.AddWithValue(pid);
                    await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                    if (await reader.ReadAsync(cancellationToken))
                    {
                        var blockers = reader.GetFieldValue<int[]>(5);
                        _blockers.UnionWith(blockers);
                        _blocked.UnionWith(reader.GetFieldValue<int[]>(6));
                        LongestWaitImposed = Math.Max(LongestWaitImposed, reader.GetDouble(7));
                        progress?.Report(new StepProgress(statement, reader.IsDBNull(0) ? null : reader.GetString(0),
                            reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), blockers));
                    }
                }

                await Task.Delay(Interval, time, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The statement finished; the watcher's job is done.
        }
        catch (NpgsqlException)
        {
            // Progress is best effort: a watcher failure must never fail the step it watches.
        }
    }
}
