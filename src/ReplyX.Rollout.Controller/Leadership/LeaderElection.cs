using Npgsql;

namespace ReplyX.Rollout.Controller.Leadership;

/// <summary>
/// One leader among controller replicas: a session-level advisory lock held on a dedicated connection. When the
/// leader dies its session ends, PostgreSQL releases the lock, and the next follower to ask becomes leader.
/// </summary>
public sealed partial class LeaderElection(string connectionString, ILogger<LeaderElection> logger) : IAsyncDisposable
{
    // hashtext('replyx.rollout.leader') is not stable across PostgreSQL versions; a constant is.
    private const long LockKey = 0x52_58_52_4F_4C_4C_4F_55;

    private NpgsqlConnection? _connection;

    public bool IsLeader => _connection is not null;

    /// <summary>Keeps leadership if held (checking the session is alive) or tries to take it.</summary>
    public async Task<bool> EnsureAsync(CancellationToken cancellationToken)
    {
        if (_connection is not null)
        {
            try
            {
                await using var ping = new NpgsqlCommand("SELECT 1", _connection);
                await ping.ExecuteScalarAsync(cancellationToken);
                return true;
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
            {
                LogLost(logger, exception.Message);
                await ReleaseAsync();
            }
        }

        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            ApplicationName = "replyx-rollout-leader",
            KeepAlive = 5,
        }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
            tryLock.Parameters.AddWithValue(LockKey);
            if ((bool)(await tryLock.ExecuteScalarAsync(cancellationToken))!)
            {
                _connection = connection;
                LogElected(logger, Environment.ProcessId);
                return true;
            }
        }
        catch (NpgsqlException exception)
        {
            LogUnreachable(logger, exception.Message);
        }

        await connection.DisposeAsync();
        return false;
    }

    public async ValueTask DisposeAsync() => await ReleaseAsync();

    private async Task ReleaseAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This controller (pid {Pid}) is the leader")]
    private static partial void LogElected(ILogger logger, int pid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leadership lost: {Reason}")]
    private static partial void LogLost(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leader election could not reach the database: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string reason);
}
