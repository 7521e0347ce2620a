using Npgsql;

namespace ReplyX.Rollout.Controller.Leadership;

/// <summary>
/// One leader among controller replicas: a session-level advisory lock on a dedicated connection, a lease renewed
/// through that same session every heartbeat, and an epoch taken when the lock is won. A leader that dies loses its
/// session and its lock with it; a leader that is frozen (SIGSTOP, a VM pause) keeps its session but stops renewing,
/// so once its lease has run out a follower ends that session and takes the next epoch. The heartbeat is also how a
/// leader learns, within one interval and even mid-pass, that it was deposed: <see cref="Lost"/> is cancelled and
/// every write of the old epoch is refused (<see cref="WriterFence"/>).
/// </summary>
public sealed partial class LeaderElection(string connectionString, LeadershipOptions options, TimeProvider time, ILogger<LeaderElection> logger) : IAsyncDisposable
{
    // hashtext('replyx.rollout.leader') is not stable across PostgreSQL versions; a constant is.
    private const long LockKey = 0x52_58_52_4F_4C_4C_4F_55;

    /// <summary>Who this replica is, as the leadership row and its sessions' application_name say.</summary>
    public static string Holder { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>The application_name of every session of this replica on the controller database (its data source's and its lock's).</summary>
    public static string SessionName { get; } = "replyx-rollout-controller " + Holder;

    private NpgsqlConnection? _connection;
    private CancellationTokenSource? _lost;
    private Task? _heartbeat;

    public bool IsLeader => _connection is not null && _lost is { IsCancellationRequested: false };

    /// <summary>The epoch this replica leads under; null while it does not lead.</summary>
    public long? Epoch { get; private set; }

    /// <summary>Cancelled the moment leadership is lost: the engine's pass runs under it.</summary>
    public CancellationToken Lost => _lost?.Token ?? new CancellationToken(canceled: true);

    /// <summary>Keeps leadership if held, or tries to take it (ending a frozen leader's session once its lease ran out).</summary>
    public async Task<bool> EnsureAsync(CancellationToken cancellationToken)
    {
        if (IsLeader)
        {
            return true;
        }

        await ReleaseAsync();
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            ApplicationName = SessionName,
            KeepAlive = 5,
        }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (!await TryLockAsync(connection, cancellationToken) && !(await EndExpiredLeaseAsync(connection, cancellationToken) && await TryLockAsync(connection, cancellationToken)))
            {
                await connection.DisposeAsync();
                return false;
            }

            Epoch = await TakeEpochAsync(connection, cancellationToken);
            _connection = connection;
            _lost = new CancellationTokenSource();
            _heartbeat = HeartbeatAsync(connection, Epoch.Value, _lost);
            LogElected(logger, Environment.ProcessId, Epoch.Value);
            return true;
        }
        catch (NpgsqlException exception)
        {
            LogUnreachable(logger, exception.Message);
            await connection.DisposeAsync();
            return false;
        }
    }

    /// <summary>The leadership row as stored: the current epoch, who holds it, when it was last renewed.</summary>
    public async Task<(long Epoch, string Holder, DateTimeOffset RenewedAt)?> CurrentAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT epoch, holder, renewed_at FROM rollout.leadership", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)) : null;
    }

    public async ValueTask DisposeAsync() => await ReleaseAsync();

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
        tryLock.Parameters.AddWithValue(LockKey);
        return (bool)(await tryLock.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// The lock is held, but by a leader whose lease ran out (it stopped renewing: frozen, not dead). End every
    /// session of that replica on this database, its lock's and its data source's: the lock goes, and a transaction
    /// it left open (holding the leadership row FOR SHARE) rolls back instead of committing when it wakes up.
    /// </summary>
    private async Task<bool> EndExpiredLeaseAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT l.epoch, l.holder, count(pg_terminate_backend(a.pid))
            FROM rollout.leadership l
            JOIN pg_stat_activity a ON a.application_name = 'replyx-rollout-controller ' || l.holder AND a.pid <> pg_backend_pid()
            WHERE l.renewed_at < now() - $1
              AND EXISTS (SELECT 1 FROM pg_locks k WHERE k.locktype = 'advisory' AND k.pid = l.lock_pid AND k.granted)
            GROUP BY l.epoch, l.holder
            """, connection);
        command.Parameters.AddWithValue(options.Lease);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return false;
        }

        LogEndedExpired(logger, reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), options.Lease.TotalSeconds);
        await reader.DisposeAsync();
        // The ended session releases its lock as it exits; give it a moment.
        await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken);
        return true;
    }

    private static async Task<long> TakeEpochAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO rollout.leadership (id, epoch, holder, lock_pid, acquired_at, renewed_at)
            VALUES (true, 1, $1, pg_backend_pid(), now(), now())
            ON CONFLICT (id) DO UPDATE SET epoch = rollout.leadership.epoch + 1, holder = EXCLUDED.holder,
                lock_pid = EXCLUDED.lock_pid, acquired_at = EXCLUDED.acquired_at, renewed_at = EXCLUDED.renewed_at
            RETURNING epoch
            """, connection);
        command.Parameters.AddWithValue(Holder);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task HeartbeatAsync(NpgsqlConnection connection, long epoch, CancellationTokenSource lost)
    {
        try
        {
            while (!lost.IsCancellationRequested)
            {
                await Task.Delay(options.Heartbeat, time, lost.Token);
                await using var renew = new NpgsqlCommand("UPDATE rollout.leadership SET renewed_at = now() WHERE epoch = $1", connection);
                renew.Parameters.AddWithValue(epoch);
                renew.CommandTimeout = Math.Max(1, (int)options.Heartbeat.TotalSeconds * 2);
                if (await renew.ExecuteNonQueryAsync(lost.Token) == 0)
                {
                    LogLost(logger, epoch, "a newer epoch holds the leadership");
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested)
        {
            return;
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            LogLost(logger, epoch, exception.Message);
        }

        await lost.CancelAsync();
    }

    private async Task ReleaseAsync()
    {
        if (_lost is not null)
        {
            await _lost.CancelAsync();
        }

        if (_heartbeat is not null)
        {
            await _heartbeat;
            _heartbeat = null;
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }

        _lost?.Dispose();
        _lost = null;
        Epoch = null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This controller (pid {Pid}) is the leader, epoch {Epoch}")]
    private static partial void LogElected(ILogger logger, int pid, long epoch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leadership of epoch {Epoch} lost: {Reason}")]
    private static partial void LogLost(ILogger logger, long epoch, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ended {Sessions} session(s) of {Holder}, leader of epoch {Epoch}: its lease of {Seconds} s had run out")]
    private static partial void LogEndedExpired(ILogger logger, long epoch, string holder, long sessions, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leader election could not reach the database: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string reason);
}
