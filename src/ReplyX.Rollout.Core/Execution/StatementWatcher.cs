using Npgsql;

namespace ReplyX.Rollout.Core.Execution;

/// <summary>
/// Samples a running statement from a second connection: <c>pg_stat_progress_create_index</c> for index builds
/// and <c>pg_blocking_pids</c> for anything waiting on a lock, so a long build shows progress and a stuck one
/// names the session it waits on.
/// </summary>
internal sealed class StatementWatcher(string connectionString, int pid, string statement, IProgress<StepProgress>? progress, TimeProvider time)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private readonly HashSet<int> _blockers = [];

    public IReadOnlyCollection<int> Blockers => _blockers;

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
                           coalesce(p.tuples_total, 0), pg_blocking_pids($1)
                    FROM (SELECT 1) one LEFT JOIN pg_stat_progress_create_index p ON p.pid = $1
                    """, connection))
                {
                    command.Parameters.AddWithValue(pid);
                    await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                    if (await reader.ReadAsync(cancellationToken))
                    {
                        var blockers = reader.GetFieldValue<int[]>(5);
                        _blockers.UnionWith(blockers);
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
