using Npgsql;

namespace ReplyX.Rollout.Core.Postgres;

/// <summary>
/// Which database a connection really reached (R001 "wrong database targeted"): the cluster's system identifier
/// (unique per cluster, kept by restarts, shared by a restored copy or a promoted standby of it), the database's
/// name and OID (a recreated database gets a new OID), the server version, its approximate size and the environment
/// the database declares for itself (<c>ALTER DATABASE ... SET replyx.environment = 'production'</c>), if any.
/// </summary>
public sealed record TargetIdentity(string SystemIdentifier, string Database, long DatabaseOid, string ServerVersion, long SizeBytes, string? Environment)
{
    /// <summary>The database setting a team uses to say which environment a database is.</summary>
    public const string EnvironmentSetting = "replyx.environment";

    public static async Task<TargetIdentity> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            SELECT (SELECT system_identifier FROM pg_control_system())::text, current_database(),
                   (SELECT oid FROM pg_database WHERE datname = current_database())::bigint,
                   current_setting('server_version'), pg_database_size(current_database()),
                   nullif(current_setting('{EnvironmentSetting}', true), '')
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new TargetIdentity(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetString(5));
    }

    public static async Task<TargetIdentity> ReadAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return await ReadAsync(connection, cancellationToken);
    }

    /// <summary>Same cluster, same database, same incarnation of it (size, version and environment may change).</summary>
    public bool SameDatabase(TargetIdentity other) =>
        SystemIdentifier == other.SystemIdentifier && Database == other.Database && DatabaseOid == other.DatabaseOid;

    public override string ToString() =>
        $"database {Database} (oid {DatabaseOid}) on cluster {SystemIdentifier}, PostgreSQL {ServerVersion}, {SizeBytes / (1024.0 * 1024):F0} MiB, environment {Environment ?? "not declared"}";
}
