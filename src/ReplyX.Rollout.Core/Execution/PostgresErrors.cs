using Npgsql;

namespace ReplyX.Rollout.Core.Execution;

/// <summary>Which failures a DDL step may retry: lock timeouts, serialization failures, deadlocks, dropped connections.</summary>
public static class PostgresErrors
{
    public const string LockNotAvailable = "55P03";
    public const string QueryCanceled = "57014";

    public static bool IsRetryable(Exception exception) => exception switch
    {
        PostgresException pg => pg.SqlState is LockNotAvailable or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected
            or PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CannotConnectNow,
        NpgsqlException npgsql => npgsql.IsTransient,
        InvalidIndexException => true,
        _ => false,
    };

    public static bool IsLockTimeout(Exception exception) => exception is PostgresException { SqlState: LockNotAvailable };

    public static string Describe(Exception exception) => exception switch
    {
        PostgresException pg => $"{pg.SqlState}: {pg.MessageText}",
        _ => exception.Message,
    };
}
